import type { Certificate } from "./certificate.js";

/** The store formats keystorekit knows. */
export type KeystoreFormat = "JKS" | "JCEKS" | "PKCS12" | "BKS" | "UBER" | "PEM";

/**
 * A key as a store protects it. The protected bytes are kept exactly as read so that a store can
 * be edited and saved without the key's password (as `keytool -importcert` does), and are only
 * decrypted when asked.
 */
export interface ProtectedKey {
  /** The protection algorithm, as an OID (e.g. 1.3.6.1.4.1.42.2.17.1.1 for the JKS key protector). */
  readonly algorithm: string;
  /** The protected form exactly as stored (for JKS, JCEKS and PKCS#12: EncryptedPrivateKeyInfo DER). */
  readonly encoded: Uint8Array;
  /**
   * Decrypts with `password`: PKCS#8 `PrivateKeyInfo` DER for private keys, the raw key bytes for
   * secret keys. A wrong password raises WRONG_KEY_PASSWORD.
   */
  decrypt(password: string): Uint8Array;
  /**
   * {@link decrypt} through the platform's asynchronous crypto (WebCrypto), where the protection
   * has a step it can take over (PKCS#12's PBKDF2). Optional: callers fall back to `decrypt`.
   */
  decryptAsync?(password: string): Promise<Uint8Array>;
  /**
   * The key's own algorithm ("AES", "RSA", …) where the protection reveals it, possibly only after
   * {@link decrypt} (JCEKS seals a secret key's algorithm name with the key).
   */
  readonly keyAlgorithm?: string | null;
}

/**
 * Key material of a key entry: the decrypted bytes (`plain`), the stored protected form
 * (`protected`), or both once a protected key has been decrypted. Encoders reuse `protected`
 * when the target format can hold it unchanged, and otherwise encrypt `plain`.
 */
export interface KeyMaterial {
  /** The decrypted key bytes: PKCS#8 `PrivateKeyInfo` DER for private keys, raw bytes for secret keys. */
  readonly plain?: Uint8Array;
  /** The key's protected form exactly as stored. */
  readonly protected?: ProtectedKey;
}

interface EntryBase {
  /** The alias as the store holds it (case kept as loaded; lower-cased on add, as Java does). */
  readonly alias: string;
  /** Creation date recorded in the store, or null where the format has none (PKCS#12 certificates). */
  readonly created: Date | null;
  /**
   * Set by a decoder when Java's own loader skips this entry of the file, with the reason (for
   * example "unencrypted keyBag"): keystorekit still reads it, so that the file can be converted,
   * but Java loading this file will not see it (keytool lists one entry fewer). Absent for every
   * entry Java lists. It describes the file read, not the entry: a store written again, in any
   * format, holds the entry in a form Java reads.
   */
  readonly javaIgnores?: string;
}

/** A certificate the store trusts (keytool: "trustedCertEntry"). */
export interface TrustedCertEntry extends EntryBase {
  /** Entry kind discriminator. */
  readonly type: "trustedCert";
  /** The trusted certificate. */
  readonly certificate: Certificate;
}

/** A private key with its certificate chain, leaf first (keytool: "PrivateKeyEntry"). */
export interface PrivateKeyEntry extends EntryBase {
  /** Entry kind discriminator. */
  readonly type: "privateKey";
  /** The certificate chain, leaf first. */
  readonly chain: readonly Certificate[];
  /** The private key (PKCS#8 `PrivateKeyInfo` once decrypted). */
  readonly key: KeyMaterial;
}

/** A symmetric key (JCEKS, PKCS#12, BKS; keytool: "SecretKeyEntry"). */
export interface SecretKeyEntry extends EntryBase {
  /** Entry kind discriminator. */
  readonly type: "secretKey";
  /** Java's algorithm name ("AES", "HmacSHA256", …) where the store records it without decryption. */
  readonly algorithm: string | null;
  /** The secret key (raw key bytes once decrypted). */
  readonly key: KeyMaterial;
}

/** Any entry of a keystore. */
export type Entry = TrustedCertEntry | PrivateKeyEntry | SecretKeyEntry;

/** The entry kinds, as `list --json` names them. */
export type EntryType = Entry["type"];
