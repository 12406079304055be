import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader } from "../../src/binary/reader.js";
import { ByteWriter } from "../../src/binary/writer.js";
import { KeystoreError } from "../../src/model/errors.js";

/** What Java's DataOutput.writeLong writes, computed with BigInt as the reference. */
function javaLong(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(value));
  return out;
}

describe("ByteWriter / ByteReader", () => {
  it("writes and reads 64-bit integers as Java does, over the whole safe range", () => {
    const edges = [0, -1, 1, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, -1700000000000];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...edges), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })), (value) => {
        const bytes = new ByteWriter(4).i64(value).finish();
        expect(bytes).toEqual(javaLong(value));
        expect(new ByteReader(bytes).i64()).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses to write what is not a safe integer (an invalid Date's NaN, for one)", () => {
    for (const value of [Number.NaN, 2 ** 53, -(2 ** 53), 1.5, Infinity]) {
      expect(() => new ByteWriter().i64(value)).toThrow(KeystoreError);
    }
  });

  it("round-trips writeUTF strings, ASCII fast path and general path alike", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constant("\u0000"))), (texts) => {
        const writer = new ByteWriter(1);
        for (const text of texts) writer.utf(text);
        const reader = new ByteReader(writer.finish());
        for (const text of texts) expect(reader.utf("a string")).toBe(text);
        expect(reader.remaining).toBe(0);
      }),
    );
  });

  it("reports a truncated string with what was being read", () => {
    const bytes = new ByteWriter().utf("alias").finish().subarray(0, 4);
    expect(() => new ByteReader(bytes).utf("an alias")).toThrow(expect.objectContaining({ code: "TRUNCATED", message: expect.stringContaining("an alias") }));
  });
});
