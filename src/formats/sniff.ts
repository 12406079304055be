import type { KeystoreFormat } from "../model/entry.js";

/**
 * Recognises a keystore's real format from its first bytes (keystore-formats.md §1.3), whatever
 * the file is called: a ".jks" is often PKCS#12 (keytool's default since Java 9) or JCEKS.
 * Returns null when nothing matches.
 */
export function sniffFormat(bytes: Uint8Array): KeystoreFormat | null {
  const u32 = (offset: number): number =>
    bytes.length >= offset + 4
      ? ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0
      : -1;
  const magic = u32(0);
  if (magic === 0xfeedfeed) return "JKS";
  if (magic === 0xcececece) return "JCEKS";
  if (looksLikePkcs12(bytes)) return "PKCS12";
  const saltLength = u32(4);
  if ((magic === 0 || magic === 1 || magic === 2) && saltLength >= 1 && saltLength <= 4096) {
    // BKS v1 and UBER share this header; the BKS decoder tells them apart (§1.3). BouncyCastle
    // writes 20-byte salts but reads any positive length, so any plausible length is accepted.
    return "BKS";
  }
  if (looksLikePem(bytes)) return "PEM";
  return null;
}

/** `30 <len>` then `02 01 03` then the data OID, with a definite or indefinite outer length. */
function looksLikePkcs12(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false;
  let offset = 1;
  const first = bytes[1];
  if (first === undefined) return false;
  if (first === 0x80) offset = 2; // indefinite (BER)
  else if (first < 0x80) offset = 2;
  else offset = 2 + (first & 0x7f);
  const version = [0x02, 0x01, 0x03];
  for (let i = 0; i < version.length; i++) if (bytes[offset + i] !== version[i]) return false;
  offset += 3;
  // ContentInfo SEQUENCE header, then OID 1.2.840.113549.1.7.1
  if (bytes[offset] !== 0x30) return false;
  const len = bytes[offset + 1];
  if (len === undefined) return false;
  offset += len === 0x80 || len < 0x80 ? 2 : 2 + (len & 0x7f);
  const dataOid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  return dataOid.every((b, i) => bytes[offset + i] === b);
}

function looksLikePem(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096));
  return head.includes("-----BEGIN ");
}
