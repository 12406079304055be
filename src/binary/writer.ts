import { errors } from "../model/errors.js";
import { MAX_MODIFIED_UTF8_BYTES, encodeModifiedUtf8, modifiedUtf8Length } from "./modified-utf8.js";

/**
 * A growable big-endian byte writer. The buffer doubles as it fills, so writing a store of n bytes
 * costs O(n) copies in total; `finish()` returns a view of exactly the bytes written.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 4096) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buffer.buffer);
  }

  private reserve(n: number): void {
    const needed = this.length + n;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  u16(value: number): this {
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
    return this;
  }

  u32(value: number): this {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0);
    this.length += 4;
    return this;
  }

  i32(value: number): this {
    this.reserve(4);
    this.view.setInt32(this.length, value);
    this.length += 4;
    return this;
  }

  /** A signed 64-bit integer from a safe-integer JS number (as two 32-bit halves: no BigInt). */
  i64(value: number): this {
    if (!Number.isSafeInteger(value)) throw errors.invalidArgument(`${value} is not a safe integer`);
    this.reserve(8);
    const high = Math.floor(value / 0x100000000);
    this.view.setInt32(this.length, high);
    this.view.setUint32(this.length + 4, value - high * 0x100000000);
    this.length += 8;
    return this;
  }

  /** A `DataOutput.writeUTF` string: u16 byte count, then modified UTF-8 (over 65,535 bytes is an error). */
  utf(text: string): this {
    const length = modifiedUtf8Length(text);
    if (length > MAX_MODIFIED_UTF8_BYTES) {
      throw errors.invalidArgument(`encoded string too long: ${length} bytes (Java's limit is 65535 bytes of modified UTF-8)`);
    }
    this.u16(length);
    this.reserve(length);
    if (length === text.length) {
      // Plain ASCII, the usual alias: one byte per code unit, written in place.
      for (let i = 0; i < length; i++) this.buffer[this.length + i] = text.charCodeAt(i);
    } else {
      this.buffer.set(encodeModifiedUtf8(text), this.length);
    }
    this.length += length;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** An i32 length followed by the bytes. */
  lengthPrefixed(data: Uint8Array): this {
    return this.i32(data.length).bytes(data);
  }

  /** A view of the bytes written so far (shares memory with the writer until it grows again). */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
