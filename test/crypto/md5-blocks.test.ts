import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { md5 } from "@noble/hashes/legacy.js";
import { iterateMd5WithSuffix, md5Compress } from "../../src/crypto/md5-blocks.js";
import { ascii, toHex } from "./hex.js";

/** x ← MD5(x ‖ suffix), one concatenation and hash per iteration. */
function naiveIterate(digest: Uint8Array, suffix: Uint8Array, times: number): Uint8Array {
  let current = digest;
  for (let i = 0; i < times; i++) current = new Uint8Array(createHash("md5").update(current).update(suffix).digest());
  return current;
}

describe("md5Compress", () => {
  it("gives the RFC 1321 digest of \"abc\"", () => {
    // "abc", 0x80, zeros, bit length 24: little-endian words.
    const block = Int32Array.of(0x80636261, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 0);
    const state = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);
    md5Compress(state, block, 0);
    const digest = Uint8Array.from({ length: 16 }, (_, i) => state[i >> 2]! >>> (8 * (i & 3)));
    expect(toHex(digest)).toBe("900150983cd24fb0d6963f7d28e17f72");
  });
});

describe("iterateMd5WithSuffix", () => {
  it("computes MD5(x ‖ P) and iterates it", () => {
    const start = new Uint8Array(createHash("md5").update("start").digest());
    const once = start.slice();
    iterateMd5WithSuffix(once, ascii("keypass"), 1);
    expect(toHex(once)).toBe(createHash("md5").update(start).update("keypass").digest("hex"));

    const many = start.slice();
    iterateMd5WithSuffix(many, ascii("keypass"), 1000);
    expect(toHex(many)).toBe(toHex(naiveIterate(start, ascii("keypass"), 1000)));
  });

  it("leaves the digest alone for zero iterations and rejects other digest sizes", () => {
    const digest = new Uint8Array(16).fill(7);
    iterateMd5WithSuffix(digest, ascii("pw"), 0);
    expect(digest).toEqual(new Uint8Array(16).fill(7));
    expect(() => iterateMd5WithSuffix(new Uint8Array(20), ascii("pw"), 1)).toThrow(RangeError);
  });

  // 39 and 40 bytes are the edge between one and two blocks; 103/104 between two and three.
  it("equals the naive loop at block-boundary suffix lengths", () => {
    for (const length of [0, 1, 38, 39, 40, 41, 47, 48, 49, 63, 64, 102, 103, 104, 200]) {
      const suffix = Uint8Array.from({ length }, (_, i) => (i * 29 + 3) & 0xff);
      const start = new Uint8Array(16).map((_, i) => i * 11);
      const digest = start.slice();
      iterateMd5WithSuffix(digest, suffix, 5);
      expect(toHex(digest), `suffix ${length}`).toBe(toHex(naiveIterate(start, suffix, 5)));
    }
  });

  it("equals the naive loop for random digests, suffixes and counts (node:crypto and noble)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (start, suffix, times) => {
          const digest = start.slice();
          iterateMd5WithSuffix(digest, suffix, times);
          expect(toHex(digest)).toBe(toHex(naiveIterate(start, suffix, times)));
          let noble = start.slice();
          for (let i = 0; i < times; i++) noble = md5.create().update(noble).update(suffix).digest();
          expect(toHex(digest)).toBe(toHex(noble));
        },
      ),
    );
  });
});
