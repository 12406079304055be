import { parsePem } from "../binary/encoding.js";
import { KeystoreError } from "../model/errors.js";

/**
 * PEM blocks with their RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`), as key files
 * need them: the shared linear scanner (`parsePem`, binary/encoding.ts), plus what a key reader
 * must say where that scanner stays silent. `parsePem` skips a BEGIN that is never closed (right
 * for a certificate bundle with junk around it); a key file cut short is TRUNCATED here instead,
 * and a BEGIN closed by an END of another label MALFORMED.
 */
export interface PemBlockWithHeaders {
  /** The label after BEGIN ("PRIVATE KEY", "RSA PRIVATE KEY", "CERTIFICATE", …). */
  readonly label: string;
  /** Header fields before the base64 body, by name as written ("Proc-Type", "DEK-Info"). */
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded body. */
  readonly der: Uint8Array;
}

/**
 * Every PEM block of `text`, in order; text between blocks is ignored, as OpenSSL does. A block
 * whose END line is missing is TRUNCATED; one whose END label differs, or whose body is not
 * base64, is MALFORMED.
 */
export function readPemBlocks(text: string): PemBlockWithHeaders[] {
  let blocks;
  try {
    blocks = parsePem(text);
  } catch (error) {
    if (error instanceof KeystoreError && error.code === "MALFORMED") throw pemError("MALFORMED", error.message.replace(/^Malformed[^:]*: /, ""));
    throw error;
  }
  // Every BEGIN the scanner did not pair is unclosed: cut short, or closed by another label.
  const begins = occurrences(text, "-----BEGIN ");
  if (begins.length > blocks.length) {
    const at = begins[blocks.length]!;
    const label = text.slice(at + 11, Math.max(at + 11, text.indexOf("-----", at + 11)));
    const ends = occurrences(text, "-----END ").length;
    if (ends >= begins.length) throw pemError("MALFORMED", `the PEM block "BEGIN ${label}" ends with an END line of another label`);
    throw pemError("TRUNCATED", `the PEM block "BEGIN ${label}" has no END line: the file is cut short`);
  }
  return blocks.map((block) => ({ label: block.label, headers: new Map(block.headers.map((h) => [h.name, h.value])), der: block.der }));
}

/** Where `marker` starts in `text`, each time (indexOf from the last one: linear). */
function occurrences(text: string, marker: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) found.push(at);
  return found;
}

function pemError(code: "MALFORMED" | "TRUNCATED", what: string): KeystoreError {
  return new KeystoreError(code, `${code === "TRUNCATED" ? "Truncated" : "Malformed"} PEM: ${what}`);
}

/**
 * True when `bytes` should be read as PEM text: every DER structure here (keys, certificates,
 * PKCS#7) starts with a SEQUENCE tag, and PEM text never does.
 */
export function looksLikePem(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] !== 0x30;
}
