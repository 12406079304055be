import { errors } from "../model/errors.js";
import { plainView } from "./bytes.js";
import { decodeModifiedUtf8Range } from "./modified-utf8.js";

/**
 * A bounded big-endian reader over a byte array. Every read checks the bytes that remain first, so
 * a length claimed by a hostile file can never cause an allocation or a read past the end: it
 * raises a TRUNCATED error instead. Reads of byte ranges return subarray views (no copies).
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** Offset of the next byte to read. */
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = plainView(bytes);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Throws TRUNCATED unless `n` more bytes are available; `what` names the field for the message. */
  need(n: number, what: string): void {
    if (n > this.remaining) throw errors.truncated(what);
  }

  u8(what = "a byte"): number {
    this.need(1, what);
    return this.bytes[this.offset++]!;
  }

  u16(what = "a 16-bit field"): number {
    this.need(2, what);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  u32(what = "a 32-bit field"): number {
    this.need(4, what);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  i32(what = "a 32-bit field"): number {
    this.need(4, what);
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }

  /** A signed 64-bit integer as a JS number; values outside ±2^53 raise MALFORMED. */
  i64(what = "a 64-bit field"): number {
    this.need(8, what);
    // Two 32-bit halves instead of getBigInt64: BigInt costs more than the rest of an entry.
    const high = this.view.getInt32(this.offset);
    const low = this.view.getUint32(this.offset + 4);
    this.offset += 8;
    if (high > 0x1fffff || high < -0x200000) throw errors.malformed(`${what} is out of the safe integer range`);
    return high * 0x100000000 + low;
  }

  /** The next `n` bytes as a view into the input. */
  take(n: number, what = "a byte string"): Uint8Array {
    if (n < 0) throw errors.malformed(`negative length ${n} for ${what}`);
    this.need(n, what);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** A `DataInput.readUTF` string: a u16 byte count, then modified UTF-8 (`what` names it for errors). */
  utf(what: string): string {
    const length = this.u16(`${what} length`);
    this.need(length, what);
    const text = decodeModifiedUtf8Range(this.bytes, this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  /** An i32 length followed by that many bytes (Java `writeInt(len); write(bytes)`). */
  lengthPrefixed(what: string): Uint8Array {
    const length = this.i32(`the length of ${what}`);
    return this.take(length, what);
  }
}
