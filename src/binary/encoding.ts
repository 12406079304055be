import { errors } from "../model/errors.js";

/**
 * Text encodings of bytes, written here so that the core needs neither Buffer nor atob/btoa
 * (which mangle binary strings): UTF-8, ISO-8859-1 and UTF-16BE text, lowercase hex, base64, PEM armour.
 */

/** One decoder for all UTF-8 text (making a TextDecoder per call costs more than the decoding). */
const UTF8 = new TextDecoder();

/** UTF-8 text of `bytes` (malformed sequences become U+FFFD, as TextDecoder does). */
export function utf8Text(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/** Code units per String.fromCharCode call: apply takes a bounded number of arguments. */
const CHUNK = 8192;

/** ISO-8859-1 text of `bytes` (one code unit per byte), built as one flat string. */
export function latin1Text(bytes: Uint8Array): string {
  let text = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(start, start + CHUNK) as unknown as number[]);
  }
  return text;
}

/** UTF-16BE text of `bytes`, as a BMPString holds it (an odd last byte is ignored). */
export function utf16beText(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < units.length; i++) units[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  let text = "";
  for (let start = 0; start < units.length; start += CHUNK) {
    text += String.fromCharCode.apply(null, units.subarray(start, start + CHUNK) as unknown as number[]);
  }
  return text;
}

const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_DIGITS[bytes[i]!];
  return out;
}

/** Bytes of a hex string (either case, no separators). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw errors.invalidArgument(`not a hex string: ${hex.slice(0, 40)}`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + "=";
  }
  return out;
}

/** Decodes base64, ignoring whitespace; anything else that is not base64 is MALFORMED. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s]/g, "").replace(/=+$/, "");
  if (clean.length % 4 === 1) throw errors.malformed("base64 text has an impossible length");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? B64_VALUE[code]! : -1;
    if (v < 0) throw errors.malformed(`invalid base64 character '${clean[i]}'`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** PEM armour: base64 in 64-character lines between BEGIN/END lines, ending with a newline. */
export function toPem(label: string, der: Uint8Array): string {
  const body = toBase64(der).replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** One PEM block found in a text. */
export interface PemBlock {
  /** The label after BEGIN ("CERTIFICATE", "PRIVATE KEY", …). */
  label: string;
  /** The base64 body, decoded. */
  der: Uint8Array;
}

/** Every PEM block in `text`, in order (text outside the blocks is ignored, as OpenSSL does). */
export function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const pattern = /-----BEGIN ([A-Z0-9 #-]+)-----([\s\S]*?)-----END \1-----/g;
  for (const match of text.matchAll(pattern)) {
    const body = match[2]!
      .split(/\r?\n/)
      .filter((line) => !line.includes(":")) // RFC 1421 headers such as Proc-Type
      .join("");
    blocks.push({ label: match[1]!, der: fromBase64(body) });
  }
  return blocks;
}
