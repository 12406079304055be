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

  i64(value: number): this {
    this.reserve(8);
    this.view.setBigInt64(this.length, BigInt(value));
    this.length += 8;
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
