// What the list shows of an entry, computed on first display and cached per entry object (an
// edit that keeps an entry keeps its cache; a replaced entry gets a new one).
import type { Certificate, Entry } from "keystorekit";
import { loaded } from "./library.js";

export interface RowFields {
  subject: string;
  issuer: string;
  notAfter: Date | null;
  sha256: string;
  key: string;
}

const cache = new WeakMap<Entry, RowFields>();
let parsed = 0;

/** How many entries have had their certificate fields parsed (a work counter for the tests). */
export function parsedCount(): number {
  return parsed;
}

export const ENTRY_TYPE_NAMES: Record<Entry["type"], string> = { trustedCert: "certificate", privateKey: "key pair", secretKey: "secret key" };

/** "RSA 2048", "EC P-256", "Ed25519", or the algorithm name where the key is of a kind we do not size (DSA). */
export function keyDescription(certificate: Certificate): string {
  try {
    const info = loaded().publicKeyInfo(certificate.subjectPublicKeyInfo);
    if (info.family === "EC") return `EC ${info.curve ?? info.size}`;
    if (info.family === "RSA") return `RSA ${info.size}`;
    return info.family;
  } catch {
    return certificate.publicKeyAlgorithm;
  }
}

export function rowFields(entry: Entry): RowFields {
  let fields = cache.get(entry);
  if (fields) return fields;
  parsed++;
  const leaf = entry.type === "trustedCert" ? entry.certificate : entry.type === "privateKey" ? entry.chain[0] : undefined;
  if (!leaf) {
    const algorithm = entry.type === "secretKey" ? (entry.algorithm ?? entry.key.protected?.keyAlgorithm ?? null) : null;
    fields = { subject: "", issuer: "", notAfter: null, sha256: "", key: algorithm ?? "" };
  } else {
    try {
      fields = { subject: leaf.subject, issuer: leaf.issuer, notAfter: leaf.notAfter, sha256: leaf.sha256, key: keyDescription(leaf) };
    } catch (error) {
      fields = { subject: `unreadable certificate: ${error instanceof Error ? error.message : String(error)}`, issuer: "", notAfter: null, sha256: "", key: "" };
    }
  }
  cache.set(entry, fields);
  return fields;
}

export const SOON_DAYS = 30;

/** "expired", "soon" (within 30 days) or undefined. */
export function expiryState(notAfter: Date | null, now = Date.now()): "expired" | "soon" | undefined {
  if (!notAfter) return undefined;
  const left = notAfter.getTime() - now;
  if (left < 0) return "expired";
  if (left < SOON_DAYS * 86_400_000) return "soon";
  return undefined;
}

/** Lowercase hex as "AB:CD:…" (keytool's fingerprint form). */
export function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(":");
}
