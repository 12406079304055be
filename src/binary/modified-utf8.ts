import { errors } from "../model/errors.js";

/**
 * Java's "modified UTF-8" (DataOutput.writeUTF): each UTF-16 code unit is encoded on its own, so
 * U+0000 is `C0 80` and a supplementary character is two 3-byte surrogates. The u16 length prefix
 * counts encoded bytes, so the limit is 65,535 bytes.
 */

export const MAX_MODIFIED_UTF8_BYTES = 0xffff;

/** Number of bytes `text` takes in modified UTF-8 (without the length prefix). */
export function modifiedUtf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    length += unit >= 0x0001 && unit <= 0x007f ? 1 : unit <= 0x07ff ? 2 : 3;
  }
  return length;
}

/** Encodes `text` as modified UTF-8 (no length prefix). */
export function encodeModifiedUtf8(text: string): Uint8Array {
  const out = new Uint8Array(modifiedUtf8Length(text));
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x0001 && unit <= 0x007f) {
      out[o++] = unit;
    } else if (unit <= 0x07ff) {
      out[o++] = 0xc0 | (unit >> 6);
      out[o++] = 0x80 | (unit & 0x3f);
    } else {
      out[o++] = 0xe0 | (unit >> 12);
      out[o++] = 0x80 | ((unit >> 6) & 0x3f);
      out[o++] = 0x80 | (unit & 0x3f);
    }
  }
  return out;
}

/**
 * Decodes modified UTF-8 exactly as `DataInput.readUTF` does: 4-byte sequences and bad
 * continuation bytes are malformed; like Java, overlong forms and a raw 0x00 are accepted.
 */
export function decodeModifiedUtf8(bytes: Uint8Array): string {
  return decodeModifiedUtf8Range(bytes, 0, bytes.length);
}

/**
 * Scratch code-unit arrays for the ASCII fast path, one per length (setting an array's length is a
 * slow runtime call; a JKS load decodes one alias per entry and these are reused across loads).
 */
const asciiUnitsByLength: number[][] = [];
const MAX_FAST_PATH_LENGTH = 256;

/** {@link decodeModifiedUtf8} of `bytes[start, end)`, without making a view for plain ASCII. */
export function decodeModifiedUtf8Range(bytes: Uint8Array, start: number, end: number): string {
  // Fast path: aliases and certificate types are nearly always short ASCII. fromCharCode over
  // the code units gives a flat string (a `+=` loop builds a rope that every Map lookup must
  // flatten), and a reused array costs less than a subarray per string.
  const length = end - start;
  if (length <= MAX_FAST_PATH_LENGTH) {
    const units = (asciiUnitsByLength[length] ??= new Array<number>(length).fill(0));
    let i = 0;
    for (; i < length; i++) {
      const unit = bytes[start + i]!;
      if (unit > 0x7f) break;
      units[i] = unit;
    }
    if (i === length) return String.fromCharCode.apply(null, units);
  }
  return decodeGeneral(bytes.subarray(start, end));
}

function decodeGeneral(bytes: Uint8Array): string {
  const units: number[] = [];
  let i = 0;
  const malformed = () => errors.malformed(`malformed modified UTF-8 around byte ${i}`);
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b <= 0x7f) {
      // readUTF also takes a raw 0x00 byte as U+0000 (only C0 80 is ever written).
      units.push(b);
      i += 1;
    } else if ((b & 0xe0) === 0xc0) {
      const b2 = bytes[i + 1];
      if (b2 === undefined || (b2 & 0xc0) !== 0x80) throw malformed();
      units.push(((b & 0x1f) << 6) | (b2 & 0x3f));
      i += 2;
    } else if ((b & 0xf0) === 0xe0) {
      const b2 = bytes[i + 1];
      const b3 = bytes[i + 2];
      if (b2 === undefined || b3 === undefined || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) {
        throw malformed();
      }
      units.push(((b & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f));
      i += 3;
    } else {
      throw malformed();
    }
  }
  let text = "";
  for (let start = 0; start < units.length; start += 8192) {
    text += String.fromCharCode.apply(null, units.slice(start, start + 8192));
  }
  return text;
}
