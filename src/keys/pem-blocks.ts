import { fromBase64 } from "../binary/encoding.js";
import { KeystoreError } from "../model/errors.js";

/**
 * PEM blocks with their RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`), which legacy
 * OpenSSL key files need and the shared `parsePem` drops. A single pass over the lines, so the
 * cost is linear in the text. When binary/encoding.ts exposes block headers itself, this file
 * can become a thin adapter over it.
 */
export interface PemBlockWithHeaders {
  /** The label after BEGIN ("PRIVATE KEY", "RSA PRIVATE KEY", "CERTIFICATE", …). */
  readonly label: string;
  /** Header fields before the base64 body, by name as written ("Proc-Type", "DEK-Info"). */
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded body. */
  readonly der: Uint8Array;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 #-]+)-----\s*$/;
const END = /^-----END ([A-Z0-9 #-]+)-----\s*$/;

/**
 * Every PEM block of `text`, in order; text between blocks is ignored, as OpenSSL does. A block
 * whose END line is missing is TRUNCATED; one whose END label differs, or whose body is not
 * base64, is MALFORMED.
 */
export function readPemBlocks(text: string): PemBlockWithHeaders[] {
  const blocks: PemBlockWithHeaders[] = [];
  const lines = text.split(/\r?\n|\r/);
  let label: string | null = null;
  let headers = new Map<string, string>();
  let body: string[] = [];
  let inHeaders = false;
  let lastHeader: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (label === null) {
      const begin = BEGIN.exec(line);
      if (begin) {
        label = begin[1]!;
        headers = new Map();
        body = [];
        inHeaders = true;
        lastHeader = null;
      }
      continue;
    }
    const end = END.exec(line);
    if (end) {
      if (end[1] !== label) throw pemError("MALFORMED", `the PEM block "BEGIN ${label}" ends with "END ${end[1]}"`);
      blocks.push({ label, headers, der: decodeBody(label, body) });
      label = null;
      continue;
    }
    if (inHeaders) {
      const colon = line.indexOf(":");
      if (colon > 0) {
        lastHeader = line.slice(0, colon).trim();
        headers.set(lastHeader, line.slice(colon + 1).trim());
        continue;
      }
      // RFC 1421 continuation lines start with white space.
      if (lastHeader !== null && /^[ \t]/.test(raw) && line.length > 0) {
        headers.set(lastHeader, `${headers.get(lastHeader)}${line}`);
        continue;
      }
      inHeaders = false;
      if (line.length === 0) continue; // the blank line after the headers
    }
    body.push(line);
  }
  if (label !== null) throw pemError("TRUNCATED", `the PEM block "BEGIN ${label}" has no END line: the file is cut short`);
  return blocks;
}

function decodeBody(label: string, lines: string[]): Uint8Array {
  try {
    return fromBase64(lines.join(""));
  } catch {
    throw pemError("MALFORMED", `the body of the PEM block "${label}" is not base64`);
  }
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
