import type { MacSpec } from "./mac.js";
import type { PbeSpec } from "./pbe.js";

/**
 * Named ways of writing PKCS#12, after what the tools people use write by default
 * (keystore-formats.md §4.3, §4.7). Every profile marks trusted certificates with Java's trusted
 * attribute, so that Java sees them as trust anchors.
 *
 * Passwords outside ASCII: JDK 17–24 refuse them for PBES2 (`java`, `openssl`, and the keys of
 * `passwordless`), which JDK 25 and OpenSSL read as UTF-8; `java-legacy`/`openssl-legacy` use the
 * PKCS#12 KDF's BMPString, which JDK 17 and OpenSSL read, but Temurin 25 then fails to decrypt
 * the safes (it reads and writes such files differently; keystore-formats §1.2). Pick ASCII
 * passwords for stores that several JDKs must open.
 */
export interface Pkcs12Profile {
  /** The profile's name. */
  name: Pkcs12ProfileName;
  /** What the profile writes, in one line. */
  description: string;
  /** Encryption of private and secret keys (always encrypted). */
  keys: PbeSpec;
  /** Encryption of the certificate safe; null: certificates in the clear. */
  certificates: PbeSpec | null;
  /** The integrity MAC; null: none (a password-less store). */
  mac: MacSpec | null;
}

/** The names of the built-in {@link PKCS12_PROFILES}. */
export type Pkcs12ProfileName = "java" | "java-legacy" | "openssl" | "openssl-legacy" | "passwordless";

const JAVA_PBES2: PbeSpec = { scheme: "pbes2", prf: "SHA-256", cipher: "aes-256-cbc", iterations: 10_000, saltLength: 20, writeKeyLength: true };
const OPENSSL_PBES2: PbeSpec = { scheme: "pbes2", prf: "SHA-256", cipher: "aes-256-cbc", iterations: 2048, saltLength: 8, writeKeyLength: false };

/** The built-in PKCS#12 write profiles, by name. */
export const PKCS12_PROFILES: Readonly<Record<Pkcs12ProfileName, Pkcs12Profile>> = {
  java: {
    name: "java",
    description: "JDK 17+ keytool: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for keys and certificates, HMAC-SHA256 MAC, 10,000 iterations",
    keys: JAVA_PBES2,
    certificates: JAVA_PBES2,
    mac: { hash: "SHA-256", iterations: 10_000, saltLength: 20 },
  },
  "java-legacy": {
    name: "java-legacy",
    description: "JDK 8 and -Dkeystore.pkcs12.legacy: 3DES keys, RC2-40 certificates, HMAC-SHA1 MAC (readable by every Java and old OpenSSL)",
    keys: { scheme: "pkcs12", cipher: "3des", iterations: 50_000, saltLength: 20 },
    certificates: { scheme: "pkcs12", cipher: "rc2-40", iterations: 50_000, saltLength: 20 },
    mac: { hash: "SHA-1", iterations: 100_000, saltLength: 20 },
  },
  openssl: {
    name: "openssl",
    description: "OpenSSL 3 `pkcs12 -export` defaults: PBES2 AES-256-CBC with HMAC-SHA256, SHA-256 MAC, 2048 iterations, 8-byte salts",
    keys: OPENSSL_PBES2,
    certificates: OPENSSL_PBES2,
    mac: { hash: "SHA-256", iterations: 2048, saltLength: 8 },
  },
  "openssl-legacy": {
    name: "openssl-legacy",
    description: "OpenSSL `-legacy`: 3DES keys, RC2-40 certificates, SHA-1 MAC, 2048 iterations",
    keys: { scheme: "pkcs12", cipher: "3des", iterations: 2048, saltLength: 8 },
    certificates: { scheme: "pkcs12", cipher: "rc2-40", iterations: 2048, saltLength: 8 },
    mac: { hash: "SHA-1", iterations: 2048, saltLength: 8 },
  },
  passwordless: {
    name: "passwordless",
    description: "as JDK 18+ cacerts: certificates in the clear and no MAC, so any password (or none) opens it; keys stay encrypted as in `java`",
    keys: JAVA_PBES2,
    certificates: null,
    mac: null,
  },
};

/** A profile with every iteration count replaced (tests and tuned deployments). */
export function withIterations(profile: Pkcs12Profile, iterations: number): Pkcs12Profile {
  return {
    ...profile,
    keys: { ...profile.keys, iterations },
    certificates: profile.certificates && { ...profile.certificates, iterations },
    mac: profile.mac && { ...profile.mac, iterations },
  };
}
