import type { Certificate } from "../model/certificate.js";
import type { Entry } from "../model/entry.js";
import type { IntegrityStatus, Keystore } from "../model/keystore.js";
import type { CliWarning } from "./io.js";
import { privateKeyAlgorithm } from "../model/pkcs8.js";

/** The JSON shape of `list --json` (fields may be added; none renamed). */
export interface ListJson {
  format: string;
  integrity: IntegrityStatus;
  file?: string;
  entries: EntryJson[];
  /** Every warning `list` prints on stderr, with a stable code (NOT_A_JAVA_KEYSTORE, INTEGRITY_UNCHECKED, …). */
  warnings: CliWarning[];
}

export interface EntryJson {
  alias: string;
  type: Entry["type"];
  created: string | null;
  certificates: CertificateJson[];
  algorithm: string | null;
  /** Present when Java's loader skips this entry of the file: the reason ("unencrypted keyBag"). */
  javaIgnores?: string;
}

export interface CertificateJson {
  sha256: string;
  subject: string;
  issuer: string;
  notAfter: string;
  notBefore: string;
  serialNumber: string;
}

export function certificateJson(certificate: Certificate): CertificateJson {
  return {
    sha256: certificate.sha256,
    subject: certificate.subject,
    issuer: certificate.issuer,
    notAfter: certificate.notAfter.toISOString(),
    notBefore: certificate.notBefore.toISOString(),
    serialNumber: certificate.serialNumber,
  };
}

/**
 * The key algorithm without decrypting: a private key's from its leaf certificate (or from the
 * key itself when it is held in the clear), a secret key's as the store records it.
 */
export function entryAlgorithm(entry: Entry): string | null {
  if (entry.type === "privateKey") {
    const leaf = entry.chain[0];
    if (leaf) return leaf.publicKeyAlgorithm;
    return entry.key.plain ? privateKeyAlgorithm(entry.key.plain) : null;
  }
  if (entry.type === "secretKey") return entry.algorithm;
  return null;
}

export function entryJson(store: Keystore, entry: Entry): EntryJson {
  return {
    alias: entry.alias,
    type: entry.type,
    created: entry.created ? entry.created.toISOString() : null,
    certificates: store.certificates(entry.alias).map(certificateJson),
    algorithm: entryAlgorithm(entry),
    ...(entry.javaIgnores !== undefined ? { javaIgnores: entry.javaIgnores } : {}),
  };
}

export function listJson(store: Keystore, file?: string, warnings: readonly CliWarning[] = []): ListJson {
  return {
    format: store.format,
    integrity: store.integrity,
    ...(file !== undefined ? { file } : {}),
    entries: store.entries().map((entry) => entryJson(store, entry)),
    warnings: warnings.map(({ code, message }) => ({ code, message })),
  };
}

const INTEGRITY_TEXT: Record<IntegrityStatus, string> = {
  verified: "verified with the store password",
  unchecked: "NOT checked (no store password given)",
  none: "none (this file has no integrity check: no digest or MAC)",
};

/** keytool's names for entry types. */
const KEYTOOL_TYPE: Record<Entry["type"], string> = {
  privateKey: "PrivateKeyEntry",
  trustedCert: "trustedCertEntry",
  secretKey: "SecretKeyEntry",
};

/** "AB:CD:…" as keytool prints fingerprints. */
export function colonHex(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?!$)/g, "$1:");
}

/** Human listing in keytool's spirit: one paragraph per entry. */
export function listText(store: Keystore, file?: string, only?: readonly Entry[]): string {
  const lines: string[] = [];
  if (file) lines.push(`Keystore: ${file}`);
  lines.push(`Keystore type: ${store.format}`);
  lines.push(`Integrity: ${INTEGRITY_TEXT[store.integrity]}`);
  const ignored = store.entries().filter((entry) => entry.javaIgnores !== undefined).length;
  const javaCount = ignored > 0 ? ` (Java lists ${store.size - ignored} of them)` : "";
  lines.push("", `Your keystore contains ${store.size} ${store.size === 1 ? "entry" : "entries"}${javaCount}`, "");
  for (const entry of only ?? store) {
    const date = entry.created ? entry.created.toISOString().slice(0, 10) : "-";
    const mark = entry.javaIgnores !== undefined ? ` (Java ignores this entry: ${entry.javaIgnores})` : "";
    lines.push(`${entry.alias}, ${date}, ${KEYTOOL_TYPE[entry.type]},${mark}`);
    const certificates = store.certificates(entry.alias);
    const first = certificates[0];
    if (first) {
      lines.push(`Certificate fingerprint (SHA-256): ${colonHex(first.sha256)}`);
      lines.push(`  Subject: ${first.subject}`);
      lines.push(`  Valid until: ${first.notAfter.toISOString()}${certificates.length > 1 ? `  (chain of ${certificates.length})` : ""}`);
    } else if (entry.type === "secretKey") {
      lines.push(`Algorithm: ${entry.algorithm ?? "(recorded inside the protected key)"}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** keytool's names for entry types in the listings that follow it (-v, -rfc). */
function keytoolType(entry: Entry): string {
  return KEYTOOL_TYPE[entry.type];
}

/**
 * One entry in full, as `keytool -list -v` and `show` print it: type, date, chain length, and each
 * certificate's owner, issuer, serial, validity, key and fingerprints; with `rfc` each certificate
 * as PEM instead (keytool -rfc).
 */
export function entryDetailText(store: Keystore, entry: Entry, options: { rfc?: boolean; keytoolTypes?: boolean } = {}): string {
  const certificates = store.certificates(entry.alias);
  const lines = [`Alias name: ${entry.alias}`, `Creation date: ${entry.created?.toISOString() ?? "-"}`, `Entry type: ${options.keytoolTypes ? keytoolType(entry) : entry.type}`];
  if (options.keytoolTypes && entry.javaIgnores !== undefined) lines.push(`(Java ignores this entry: ${entry.javaIgnores})`);
  if (entry.type === "secretKey") lines.push(`Algorithm: ${entry.algorithm ?? "(inside the protected key)"}`);
  if (entry.type === "privateKey") lines.push(`Certificate chain length: ${certificates.length}`);
  certificates.forEach((c, i) => {
    // keytool numbers a key entry's certificates even when there is one; show numbers chains only.
    const numbered = options.keytoolTypes ? entry.type === "privateKey" : certificates.length > 1;
    const heading = numbered ? [`Certificate[${i + 1}]:`] : [];
    if (options.rfc) {
      lines.push(...heading, c.toPem().trimEnd());
      return;
    }
    lines.push(
      ...heading,
      `Owner: ${c.subject}`,
      `Issuer: ${c.issuer}`,
      `Serial number: ${c.serialNumber}`,
      `Valid from: ${c.notBefore.toISOString()} until: ${c.notAfter.toISOString()}`,
      `Public key: ${c.publicKeyAlgorithm}`,
      `Certificate fingerprints:`,
      `\t SHA1: ${colonHex(c.sha1)}`,
      `\t SHA256: ${colonHex(c.sha256)}`,
    );
  });
  return `${lines.join("\n")}\n`;
}

/** `list -v` / `list -rfc`: the header, then every entry in full between keytool's star lines. */
export function listDetailText(store: Keystore, entries: readonly Entry[], file: string | undefined, rfc: boolean): string {
  const head: string[] = [];
  if (file) head.push(`Keystore: ${file}`);
  head.push(`Keystore type: ${store.format}`, `Integrity: ${INTEGRITY_TEXT[store.integrity]}`, "", `Your keystore contains ${store.size} ${store.size === 1 ? "entry" : "entries"}`, "", "");
  const stars = "*******************************************\n*******************************************\n\n\n";
  return head.join("\n") + entries.map((entry) => `${entryDetailText(store, entry, { rfc, keytoolTypes: true })}\n\n${stars}`).join("");
}
