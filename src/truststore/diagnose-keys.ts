import { namesIssuer } from "../keys/chain.js";
import { readPrivateKeyInfo } from "../keys/private-key-info.js";
import { publicKeyOfPrivateKey, publicKeyOfSpki, samePublicKey } from "../keys/public-key.js";
import type { Certificate } from "../model/certificate.js";
import type { KeystoreFormat, PrivateKeyEntry } from "../model/entry.js";
import { KeystoreError } from "../model/errors.js";
import { isSelfIssued } from "./x509-extensions.js";

/**
 * The key-entry checks of `diagnose --role keystore`: what Java's key manager (the one the
 * javax.net.ssl.keyStore properties configure) does with each key entry, and the error it leads
 * to. The Java messages below were seen in real runs of Java 17 and Temurin 25 clients against
 * Node (OpenSSL) and Java servers that require a client certificate (test/e2e/mutual-tls.test.ts).
 */

/** The codes these checks give (a part of FindingCode). */
export type KeyFindingCode =
  | "KEY_NO_CHAIN"
  | "KEY_UNREADABLE"
  | "KEY_PASSWORD_DIFFERS"
  | "KEY_NOT_CHECKED"
  | "KEY_CERTIFICATE_MISMATCH"
  | "KEY_SELF_SIGNED"
  | "KEY_CHAIN_OUT_OF_ORDER"
  | "KEY_CHAIN_GAP";

export interface KeyFinding {
  code: KeyFindingCode;
  severity: "error" | "warning" | "info";
  message: string;
  /** The text Java prints for it (a substring of the client's exception message), to search logs for. */
  javaMessage?: string;
  aliases: string[];
}

/** What a TLS 1.3 client whose key manager has no certificate for the server's CAs gets from OpenSSL and Node servers. */
export const CERTIFICATE_REQUIRED = "Received fatal alert: certificate_required";
/** The default SSLContext fails to start when the key manager cannot read a key: every connection fails. */
export const DEFAULT_CONTEXT_FAILED = "Error constructing implementation (algorithm: Default, provider: SunJSSE, class: sun.security.ssl.SSLContextImpl$DefaultSSLContext)";
/** An OpenSSL or Node server that cannot verify the client's CertificateVerify signature. */
export const DECRYPT_ERROR = "Received fatal alert: decrypt_error";
const NO_PATH = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";
/** What a client that sends no certificate gets, by server. */
export const NO_CERTIFICATE_SENT = `TLS 1.3 servers that require a client certificate end the handshake: Java fails with "${CERTIFICATE_REQUIRED}" against OpenSSL, Node and nginx servers, with "Received fatal alert: bad_certificate" against a Java 17 server (whose log says "Empty client certificate chain") and "${CERTIFICATE_REQUIRED}" against a Java 25 one, and TLS 1.2 servers send handshake_failure`;

export interface KeyCheckOptions {
  /** The store's password: Java's key manager opens every key with javax.net.ssl.keyStorePassword. */
  storePassword?: string;
  /** A key password given for the check (an application with its own, such as Spring's server.ssl.key-password). */
  keyPassword?: string;
  /** The store's format: what Java says of a key the store password does not open depends on it. */
  format?: KeystoreFormat;
}

/**
 * The KeyManagementException's message when javax.net.ssl.keyStorePassword does not open a key,
 * as Java 17 and Temurin 25 print it (test/e2e/key-password-java.test.ts): JKS's key protector
 * says so, JCEKS's triple-DES decryption almost always fails on its padding first (1 in 256 wrong
 * keys pad correctly and fail later), BouncyCastle's BKS says "no match".
 */
export function wrongKeyPasswordCause(format: KeystoreFormat | undefined): string {
  if (format === "JCEKS") return "Given final block not properly padded. Such issues can arise if a bad key is used during decryption.";
  if (format === "BKS") return "no match";
  return "Cannot recover key";
}

/**
 * Checks each key entry. What is checked when:
 * - always (no password needed): the chain is there, in order, without gaps, and not a lone
 *   self-signed certificate (by issuer and subject names and key identifiers, not signatures);
 * - when the key can be read (plain, or opened with `keyPassword`, else with `storePassword` as
 *   Java does): that its bytes are a private key, and that the chain's leaf holds its public key.
 */
export function checkKeyEntries(keys: readonly PrivateKeyEntry[], options: KeyCheckOptions): KeyFinding[] {
  // One finding per code, naming every entry it concerns (in store order).
  const found = new Map<KeyFindingCode, { aliases: string[]; details: string[] }>();
  const note = (code: KeyFindingCode, alias: string, detail = alias) => {
    const slot = found.get(code) ?? { aliases: [], details: [] };
    slot.aliases.push(alias);
    slot.details.push(detail);
    found.set(code, slot);
  };

  for (const entry of keys) {
    const read = readKey(entry, options);
    if (read.problem) note(read.problem.code, entry.alias, read.problem.detail);
    const chain = entry.chain;
    if (chain.length === 0) {
      note("KEY_NO_CHAIN", entry.alias);
      continue;
    }
    let leafIndex = presumedLeaf(chain);
    if (read.pkcs8) {
      const match = matchingCertificate(read.pkcs8, chain);
      if (match === -1) note("KEY_CERTIFICATE_MISMATCH", entry.alias, `${entry.alias} (certificate ${chain[0]!.subject})`);
      else if (match !== undefined) leafIndex = match;
    }
    if (chain.length === 1 && isSelfIssued(chain[0]!)) {
      note("KEY_SELF_SIGNED", entry.alias, `${entry.alias} (${chain[0]!.subject})`);
      continue;
    }
    const shape = chainShape(chain, leafIndex);
    if (shape !== "ordered") note(shape === "reorderable" ? "KEY_CHAIN_OUT_OF_ORDER" : "KEY_CHAIN_GAP", entry.alias);
  }

  const out: KeyFinding[] = [];
  for (const [code, { aliases, details }] of found) out.push({ code, severity: SEVERITY[code], aliases, ...describe(code, details, options.format) });
  return out;
}

const SEVERITY: Record<KeyFindingCode, KeyFinding["severity"]> = {
  KEY_NO_CHAIN: "error",
  KEY_UNREADABLE: "error",
  KEY_CERTIFICATE_MISMATCH: "error",
  // Java's own key manager fails, but applications with their own key password do not.
  KEY_PASSWORD_DIFFERS: "warning",
  // A server may trust that very certificate (pinning).
  KEY_SELF_SIGNED: "warning",
  KEY_CHAIN_OUT_OF_ORDER: "warning",
  KEY_CHAIN_GAP: "warning",
  KEY_NOT_CHECKED: "info",
};

type ReadKey = { pkcs8?: Uint8Array; problem?: { code: "KEY_UNREADABLE" | "KEY_PASSWORD_DIFFERS" | "KEY_NOT_CHECKED"; detail: string } };

/** The key's PKCS#8 where it can be read, or why not. */
function readKey(entry: PrivateKeyEntry, options: KeyCheckOptions): ReadKey {
  let pkcs8 = entry.key.plain;
  if (!pkcs8) {
    const password = options.keyPassword ?? options.storePassword;
    if (!entry.key.protected) return { problem: { code: "KEY_UNREADABLE", detail: `${entry.alias}: no key material` } };
    if (password === undefined) return { problem: { code: "KEY_NOT_CHECKED", detail: entry.alias } };
    try {
      pkcs8 = entry.key.protected.decrypt(password);
    } catch (error) {
      if (!(error instanceof KeystoreError)) throw error;
      if (error.code === "WRONG_KEY_PASSWORD" && options.keyPassword === undefined) return { problem: { code: "KEY_PASSWORD_DIFFERS", detail: entry.alias } };
      const why = error.code === "WRONG_KEY_PASSWORD" ? "the key password given does not open it" : error.message;
      return { problem: { code: "KEY_UNREADABLE", detail: `${entry.alias}: ${why}` } };
    }
  }
  try {
    readPrivateKeyInfo(pkcs8);
  } catch (error) {
    if (!(error instanceof KeystoreError) || error.code === "UNSUPPORTED") return {};
    return { problem: { code: "KEY_UNREADABLE", detail: `${entry.alias}: the key bytes are not a PKCS#8 private key (${error.message})` } };
  }
  return { pkcs8 };
}

/**
 * The index of the chain certificate that holds the key's public key, -1 for none, undefined
 * when it cannot be told here (a key type whose public key is not computed).
 */
function matchingCertificate(pkcs8: Uint8Array, chain: readonly Certificate[]): number | undefined {
  try {
    const publicKey = publicKeyOfPrivateKey(pkcs8);
    return chain.findIndex((certificate) => {
      try {
        return samePublicKey(publicKey, publicKeyOfSpki(certificate.subjectPublicKeyInfo));
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
}

/**
 * Without the key to tell: the one certificate that issued none of the others (the first, when
 * that is not a single one).
 */
function presumedLeaf(chain: readonly Certificate[]): number {
  const issuesNone = chain.flatMap((candidate, i) => (chain.some((other, j) => j !== i && namesIssuer(other, candidate)) ? [] : [i]));
  return issuesNone.length === 1 ? issuesNone[0]! : 0;
}

/**
 * "ordered" when each certificate names the next as its issuer (leaf first); "reorderable" when
 * another order of the same certificates would be, from the leaf; "gap" when no order is.
 */
function chainShape(chain: readonly Certificate[], leafIndex: number): "ordered" | "reorderable" | "gap" {
  const linked = (i: number) => namesIssuer(chain[i]!, chain[i + 1]!);
  if (leafIndex === 0 && chain.slice(1).every((_, i) => linked(i))) return "ordered";
  const pool = chain.filter((_, i) => i !== leafIndex);
  let current = chain[leafIndex]!;
  while (pool.length > 0 && !isSelfIssued(current)) {
    const next = pool.findIndex((candidate) => namesIssuer(current, candidate));
    if (next === -1) break;
    current = pool.splice(next, 1)[0]!;
  }
  return pool.length === 0 ? "reorderable" : "gap";
}

function describe(code: KeyFindingCode, details: string[], format: KeystoreFormat | undefined): { message: string; javaMessage?: string } {
  const list = details.join("; ");
  const n = details.length;
  const entries = n === 1 ? "key entry" : `${n} key entries`;
  switch (code) {
    case "KEY_NO_CHAIN":
      return { javaMessage: CERTIFICATE_REQUIRED, message: `The ${entries} ${list} ${n === 1 ? "has" : "have"} no certificate chain: Java's key manager skips ${n === 1 ? "it" : "them"} (keytool lists such a JKS entry as a SecretKeyEntry), so no certificate is sent. ${NO_CERTIFICATE_SENT}. Import the key with its certificates ("keystorekit import-key").` };
    case "KEY_UNREADABLE":
      return { javaMessage: DEFAULT_CONTEXT_FAILED, message: `The key of ${list} cannot be read. Java's key manager reads every key when the SSLContext starts, so every TLS connection fails, client or server, with "java.security.NoSuchAlgorithmException: ${DEFAULT_CONTEXT_FAILED}", caused by a KeyManagementException ("Cannot recover key" for a wrong password, "corrupt private key" for bad JKS key bytes). Import the key again from its PEM or PKCS#12 ("keystorekit import-key"), or delete the entry.` };
    case "KEY_PASSWORD_DIFFERS":
      return { javaMessage: DEFAULT_CONTEXT_FAILED, message: `The store password does not open the key of ${list}. Java's default key manager opens keys with javax.net.ssl.keyStorePassword, so with these properties the SSLContext fails to start: "java.security.NoSuchAlgorithmException: ${DEFAULT_CONTEXT_FAILED}", caused by "java.security.KeyManagementException: ${wrongKeyPasswordCause(format)}". Give the key the store password ("keystorekit keypasswd", "keytool -keypasswd"), or, for an application that takes its own key password (Spring's server.ssl.key-password), give that key password to check the key.` };
    case "KEY_NOT_CHECKED":
      return { message: `The key of ${list} is protected and no password was given, so only its chain was checked, not whether the key can be read and matches its certificate. Give the store password (or the key's own password) to check it.` };
    case "KEY_CERTIFICATE_MISMATCH":
      return { javaMessage: DECRYPT_ERROR, message: `The private key of ${list} does not match the certificate it is stored with: that certificate holds another public key. Java sends the certificate and signs with the key, so the server cannot verify the signature: Java fails with "${DECRYPT_ERROR}" against OpenSSL and Node servers and with "Received fatal alert: handshake_failure" against a Java server (whose log says "Cannot verify CertificateVerify signature"). Import the key with the certificate issued for it ("keystorekit import-key").` };
    case "KEY_SELF_SIGNED":
      return { javaMessage: CERTIFICATE_REQUIRED, message: `The ${entries} ${list} still ${n === 1 ? "has" : "have"} ${n === 1 ? "its" : "their"} self-signed certificate: no CA reply was installed. A server that checks client certificates names the CAs it accepts, and Java's key manager sends no certificate that they did not issue. ${NO_CERTIFICATE_SENT}; a Java server sent the certificate anyway logs "${NO_PATH}". Get the certificate signed ("keytool -certreq"), then install the reply ("keystorekit import-cert -alias ALIAS -file reply.pem"), unless the server trusts this very certificate.` };
    case "KEY_CHAIN_OUT_OF_ORDER":
      return { message: `The certificate chain of ${list} is not in order (leaf first, each certificate followed by its issuer). Java sends the chain as stored; Java and OpenSSL peers put it in order and accept it, but TLS 1.2 requires the order and strict peers refuse it with "${NO_PATH}" or "unable to get local issuer certificate". Store the chain in order ("keystorekit import-key" orders it).` };
    case "KEY_CHAIN_GAP":
      return { javaMessage: NO_PATH, message: `The certificate chain of ${list} has a gap: a certificate's issuer is not the next certificate, nor any other one in the chain (a missing intermediate). Java sends the chain as stored, and a Java server that lacks the missing certificate fails with "${NO_PATH}" (the client sees the connection end). Store the full chain with the key ("keystorekit import-key --cert inter.pem --cert root.pem").` };
  }
}
