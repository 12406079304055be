import { errors } from "../model/errors.js";
import { latin1Text } from "./encoding.js";

/**
 * A minimal, bounded DER reader and writer: enough for X.509 field extraction and the small ASN.1
 * containers of JKS/JCEKS. Every length is checked against its parent before use. Heavier ASN.1 work
 * (PKCS#12) goes through asn1js, which this module deliberately does not load.
 */

/** One tag-length-value element, as offsets into `bytes`. */
export interface Tlv {
  readonly bytes: Uint8Array;
  /** The identifier byte (single-byte tags only; high-tag-number form is MALFORMED here). */
  readonly tag: number;
  /** Offset of the identifier byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Reads the element at `offset`, which must end at or before `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  if (offset + 2 > limit) throw errors.truncated("an ASN.1 element");
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw errors.malformed("high-tag-number ASN.1 form is not expected here");
  if (bytes[offset + 1] === 0x80) throw errors.malformed("indefinite ASN.1 length where DER is required");
  const { contentStart, end } = readDefiniteLength(bytes, offset + 1, limit);
  return { bytes, tag, start: offset, contentStart, end };
}

/**
 * The definite length that starts at `lengthOffset` (short or long form, at most 4 length bytes):
 * where the content starts and ends, both checked against `limit`. Shared by the DER and BER readers.
 */
export function readDefiniteLength(bytes: Uint8Array, lengthOffset: number, limit: number): { contentStart: number; end: number } {
  let length = bytes[lengthOffset]!;
  let contentStart = lengthOffset + 1;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count > 4) throw errors.malformed("ASN.1 length field too long");
    if (contentStart + count > limit) throw errors.truncated("an ASN.1 length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw errors.truncated("an ASN.1 element");
  return { contentStart, end };
}

/** Reads the element at `offset` and checks its tag. */
export function expectTlv(bytes: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(bytes, offset, limit);
  if (tlv.tag !== tag) {
    throw errors.malformed(`${what}: expected ASN.1 tag 0x${tag.toString(16)}, found 0x${tlv.tag.toString(16)}`);
  }
  return tlv;
}

/** The children of a constructed element, in order. */
export function children(parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readTlv(parent.bytes, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** The content bytes of an element (a view). */
export function content(tlv: Tlv): Uint8Array {
  return tlv.bytes.subarray(tlv.contentStart, tlv.end);
}

/** The whole encoding of an element, header included (a view). */
export function encoding(tlv: Tlv): Uint8Array {
  return tlv.bytes.subarray(tlv.start, tlv.end);
}

/** Dotted-decimal text of an OBJECT IDENTIFIER's content. */
export function decodeOid(body: Uint8Array): string {
  // Keystores repeat a few dozen OIDs thousands of times (bag types, attributes, algorithms):
  // short ones are remembered by their bytes, up to a fixed number so hostile input cannot grow it.
  if (body.length > MAX_CACHED_OID_BYTES) return decodeOidArcs(body);
  const key = latin1Text(body);
  let text = oidCache.get(key);
  if (text === undefined) {
    text = decodeOidArcs(body);
    if (oidCache.size < MAX_CACHED_OIDS) oidCache.set(key, text);
  }
  return text;
}

const MAX_CACHED_OID_BYTES = 24;
const MAX_CACHED_OIDS = 512;
const oidCache = new Map<string, string>();

function decodeOidArcs(body: Uint8Array): string {
  if (body.length === 0) throw errors.malformed("empty OBJECT IDENTIFIER");
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw errors.malformed("OBJECT IDENTIFIER arc too large");
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        arcs.push(first, value - first * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  if (body[body.length - 1]! & 0x80) throw errors.malformed("OBJECT IDENTIFIER ends inside an arc");
  return arcs.join(".");
}

/** DER content bytes of a dotted-decimal OID. */
export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split(".").map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) {
    throw errors.invalidArgument(`not an OID: ${oid}`);
  }
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const value of values) {
    const chunk: number[] = [value & 0x7f];
    let rest = Math.floor(value / 128);
    while (rest > 0) {
      chunk.unshift((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    out.push(...chunk);
  }
  return Uint8Array.from(out);
}

/** DER encoding of one element from its tag and content. */
export function encodeTlv(tag: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(headerLength(body.length) + body.length);
  out.set(body, writeHeader(out, 0, tag, body.length));
  return out;
}

/** Bytes a DER header takes for a content of `n` bytes (short form below 128, else 0x8k + k bytes). */
export function headerLength(n: number): number {
  return n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : n < 0x1000000 ? 5 : 6;
}

/** Writes tag and length at `offset`; returns where the content starts. */
export function writeHeader(out: Uint8Array, offset: number, tag: number, n: number): number {
  out[offset++] = tag;
  if (n < 0x80) {
    out[offset++] = n;
    return offset;
  }
  const lengthBytes = headerLength(n) - 2;
  out[offset++] = 0x80 | lengthBytes;
  for (let shift = 8 * (lengthBytes - 1); shift >= 0; shift -= 8) out[offset++] = (n / 2 ** shift) & 0xff;
  return offset;
}

/** Concatenation of byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** DER SEQUENCE of already-encoded elements. */
export function derSequence(...items: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.SEQUENCE, concatBytes(...items));
}

/** Parses UTCTime / GeneralizedTime content as a Date (UTC; "Z" or no zone). */
export function decodeTime(tlv: Tlv): Date {
  // Read digit by digit: a certificate listing reads two times per certificate, and building the
  // text for a regular expression cost more than the rest of the field parsing.
  const body = content(tlv);
  const utc = tlv.tag === TAG.UTC_TIME;
  const unreadable = () => errors.malformed(`unreadable ASN.1 time "${latin1Text(body)}"`);
  if (!utc && tlv.tag !== TAG.GENERALIZED_TIME) throw unreadable();
  let i = 0;
  const isDigit = (at: number) => at < body.length && body[at]! >= 0x30 && body[at]! <= 0x39;
  const digits = (count: number): number => {
    let value = 0;
    for (let k = 0; k < count; k++, i++) {
      if (!isDigit(i)) throw unreadable();
      value = value * 10 + body[i]! - 0x30;
    }
    return value;
  };
  let year = digits(utc ? 2 : 4);
  if (utc) year += year < 50 ? 2000 : 1900; // RFC 5280 4.1.2.5.1
  const month = digits(2);
  const day = digits(2);
  const hour = digits(2);
  const minute = digits(2);
  const second = isDigit(i) ? digits(2) : 0;
  let millis = 0;
  if (!utc && (body[i] === 0x2e || body[i] === 0x2c)) {
    const start = ++i;
    while (isDigit(i)) i++;
    if (i === start) throw unreadable();
    millis = Math.round(Number(`0.${latin1Text(body.subarray(start, i))}`) * 1000);
  }
  if (body[i] !== 0x5a || i + 1 !== body.length) throw unreadable(); // "Z", and nothing after it
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
}

/** DER INTEGER of a non-negative safe integer. */
export function derInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return encodeTlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/**
 * DER OBJECT IDENTIFIER element. Encoders ask for the same few OIDs once per bag, so encodings are
 * remembered (up to a fixed number); callers must not modify the returned bytes.
 */
export function derOid(oid: string): Uint8Array {
  let encoded = derOidCache.get(oid);
  if (encoded === undefined) {
    encoded = encodeTlv(TAG.OID, encodeOid(oid));
    if (derOidCache.size < MAX_CACHED_OIDS) derOidCache.set(oid, encoded);
  }
  return encoded;
}

const derOidCache = new Map<string, Uint8Array>();

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return encodeTlv(TAG.OCTET_STRING, bytes);
}

export const DER_NULL = Uint8Array.from([0x05, 0x00]);

/** DER SET of already-encoded elements, sorted as DER requires. */
export function derSet(...items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort(compareBytes);
  return encodeTlv(TAG.SET, concatBytes(...sorted));
}

/** [n] EXPLICIT wrapper. */
export function derExplicit(n: number, inner: Uint8Array): Uint8Array {
  return encodeTlv(0xa0 | n, inner);
}

/** BMPString of a JS string (UTF-16 code units, big-endian). */
export function derBmpString(text: string): Uint8Array {
  const body = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    body[2 * i] = text.charCodeAt(i) >> 8;
    body[2 * i + 1] = text.charCodeAt(i) & 0xff;
  }
  return encodeTlv(TAG.BMP_STRING, body);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
