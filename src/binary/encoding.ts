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
  const decoder = new Base64Decoder(text.length);
  decoder.feed(text, 0, text.length);
  return decoder.finish();
}

/**
 * Whether `code` is whitespace as JavaScript's `\s` defines it (what base64 decoding skips). A
 * table rather than a regular expression, so that the PEM scanner can visit each character once.
 */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

const PAD = 0x3d; // "="

/**
 * Base64 decoding fed in pieces (the PEM scanner feeds a block's body line by line, skipping
 * header lines), in one pass over each character. Whitespace is skipped and trailing "=" dropped,
 * whatever their number; a wrong length is reported before an invalid character, as
 * `fromBase64` always did.
 */
class Base64Decoder {
  private readonly out: Uint8Array;
  private written = 0;
  private bits = 0;
  private value = 0;
  /** Characters that count towards the length: everything but whitespace and trailing "=". */
  private symbols = 0;
  /** "=" seen since the last other character: trailing unless something follows. */
  private pads = 0;
  private invalid: string | undefined;

  /** `maxChars`: at least the number of characters that will be fed. */
  constructor(maxChars: number) {
    this.out = new Uint8Array(Math.floor((maxChars * 3) / 4) + 1);
  }

  /** Decodes `text[start, end)`; returns the number of characters visited. */
  feed(text: string, start: number, end: number): number {
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === PAD) {
        this.pads++;
        continue;
      }
      if (isSpace(code)) continue;
      if (this.pads > 0) {
        // "=" inside the text is not padding: an invalid character, counted in the length.
        this.symbols += this.pads;
        this.pads = 0;
        this.invalid ??= "=";
      }
      this.symbols++;
      const v = code < 128 ? B64_VALUE[code]! : -1;
      if (v < 0) this.invalid ??= text[i]!;
      if (this.invalid !== undefined) continue;
      this.value = ((this.value << 6) | v) & 0xffff;
      this.bits += 6;
      if (this.bits >= 8) {
        this.bits -= 8;
        this.out[this.written++] = (this.value >> this.bits) & 0xff;
      }
    }
    return end - start;
  }

  /** The bytes decoded; MALFORMED when the text was not base64 (`where` says which text). */
  finish(where = ""): Uint8Array {
    if (this.symbols % 4 === 1) throw errors.malformed(`${where}base64 text has an impossible length`);
    if (this.invalid !== undefined) throw errors.malformed(`${where}invalid base64 character '${this.invalid}'`);
    return this.written === this.out.length ? this.out : this.out.slice(0, this.written);
  }
}

/** PEM armour: base64 in 64-character lines between BEGIN/END lines, ending with a newline. */
export function toPem(label: string, der: Uint8Array): string {
  const body = toBase64(der).replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** An RFC 1421 header line of a PEM block, such as `Proc-Type: 4,ENCRYPTED` or `DEK-Info: AES-128-CBC,…`. */
export interface PemHeader {
  /** The text before the first ":", trimmed ("Proc-Type"). */
  name: string;
  /** The text after it, trimmed ("4,ENCRYPTED"). */
  value: string;
}

/** One PEM block found in a text. */
export interface PemBlock {
  /** The label after BEGIN ("CERTIFICATE", "PRIVATE KEY", …). */
  label: string;
  /** The base64 body, decoded. */
  der: Uint8Array;
  /**
   * The body's lines that hold a ":" (legacy encrypted keys' `Proc-Type` and `DEK-Info`), in
   * order; they are not part of `der`. Empty for almost every block.
   */
  headers: PemHeader[];
}

/** Every PEM block in `text`, in order (text outside the blocks is ignored, as OpenSSL does). */
export function parsePem(text: string): PemBlock[] {
  return scanPem(text, { steps: 0 });
}

/** Steps taken by {@link scanPem}: each is O(1) work, so tests can hold the scan linear. */
export interface ScanWork {
  steps: number;
}

/** A `-----BEGIN label-----` or `-----END label-----` line found in the text. */
interface Marker {
  begin: boolean;
  start: number;
  label: string;
  /** Just after the closing dashes. */
  after: number;
}

const DASH = 0x2d;
const DASHES = "-----";

/**
 * {@link parsePem}, counting its steps. It finds what the regular expression
 * `-----BEGIN ([A-Z0-9 #-]+)-----([\s\S]*?)-----END \1-----` found (each BEGIN closed by the next
 * END with the same label, a BEGIN that is never closed ignored, blocks taken left to right), in
 * linear time where that expression backtracked in cubic time: one pass finds every marker, one
 * pass pairs them, and each block's body is read once.
 */
export function scanPem(text: string, work: ScanWork): PemBlock[] {
  const markers = scanMarkers(text, work);
  // END markers by label, in text order, each with a cursor that only moves forward: the BEGINs
  // of one label come in text order too, so together they visit each END once.
  const ends = new Map<string, { markers: Marker[]; next: number }>();
  for (const marker of markers) {
    work.steps++;
    if (marker.begin) continue;
    const list = ends.get(marker.label);
    if (list) list.markers.push(marker);
    else ends.set(marker.label, { markers: [marker], next: 0 });
  }
  const blocks: PemBlock[] = [];
  let resume = 0;
  for (const begin of markers) {
    work.steps++;
    if (!begin.begin || begin.start < resume) continue;
    const list = ends.get(begin.label);
    if (!list) continue;
    while (list.next < list.markers.length && list.markers[list.next]!.start < begin.after) {
      list.next++;
      work.steps++;
    }
    const end = list.markers[list.next];
    if (!end) continue; // never closed: ignored, and the BEGINs after it are tried
    blocks.push(readBlock(text, begin, end.start, work));
    resume = end.after;
  }
  return blocks;
}

/** Whether `code` may appear in a label: [A-Z0-9 #-]. */
function isLabelChar(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x20 || code === 0x23 || code === DASH;
}

/**
 * Every `-----BEGIN label-----` and `-----END label-----` in `text`, in one forward pass. A label
 * runs up to the first "-----" after BEGIN/END, so it never holds "-----" and no marker can start
 * inside it: the scan resumes where the label stopped, and visits each character a bounded
 * number of times.
 */
function scanMarkers(text: string, work: ScanWork): Marker[] {
  const markers: Marker[] = [];
  let i = 0;
  while (i + DASHES.length <= text.length) {
    work.steps++;
    if (text.charCodeAt(i) !== DASH || !text.startsWith(DASHES, i)) {
      i++;
      continue;
    }
    const begin = text.startsWith("BEGIN ", i + 5);
    if (!begin && !text.startsWith("END ", i + 5)) {
      i++;
      continue;
    }
    const labelStart = i + (begin ? 11 : 9);
    let j = labelStart;
    while (j < text.length && isLabelChar(text.charCodeAt(j)) && !text.startsWith(DASHES, j)) {
      j++;
      work.steps++;
    }
    if (j > labelStart && text.startsWith(DASHES, j)) {
      markers.push({ begin, start: i, label: text.slice(labelStart, j), after: j + DASHES.length });
    }
    i = j; // at the closing dashes (which may open the next marker), or past what stopped the label
  }
  return markers;
}

/**
 * The block whose body is `text[begin.after, bodyEnd)`: lines holding a ":" are headers, the
 * rest is base64 (CRLF or LF line ends, any whitespace).
 */
function readBlock(text: string, begin: Marker, bodyEnd: number, work: ScanWork): PemBlock {
  const headers: PemHeader[] = [];
  const decoder = new Base64Decoder(bodyEnd - begin.after);
  let lineStart = begin.after;
  while (lineStart <= bodyEnd) {
    let lineEnd = lineStart;
    let colon = -1;
    for (; lineEnd < bodyEnd; lineEnd++) {
      const code = text.charCodeAt(lineEnd);
      if (code === 0x0a) break;
      if (code === 0x3a && colon < 0) colon = lineEnd;
    }
    work.steps += lineEnd - lineStart + 1;
    if (colon >= 0) {
      headers.push({ name: text.slice(lineStart, colon).trim(), value: text.slice(colon + 1, lineEnd).trim() });
      work.steps += lineEnd - lineStart;
    } else {
      work.steps += decoder.feed(text, lineStart, lineEnd);
    }
    lineStart = lineEnd + 1;
  }
  return { label: begin.label, der: decoder.finish(`PEM "${begin.label}" block: `), headers };
}
