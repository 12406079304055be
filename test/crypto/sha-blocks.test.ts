import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { iterateSha1, iterateSha256, xorSha1Keystream } from "../../src/crypto/sha-blocks.js";
import { sha1Compress, sha256Compress } from "../../src/crypto/sha-compress.js";
import { compileSha256Iterator, sha256Iterator, useSha256Wasm } from "../../src/crypto/sha256-wasm.js";
import { utf16be } from "../../src/crypto/password.js";
import { ascii, hex, toHex } from "./hex.js";

/** Two independent references, so a bug shared with one library cannot hide. */
const nodeHash = (algorithm: "sha1" | "sha256", ...parts: Uint8Array[]): Uint8Array => {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

function naiveIterate(algorithm: "sha1" | "sha256", digest: Uint8Array, times: number): Uint8Array {
  let current = digest;
  for (let i = 0; i < times; i++) current = nodeHash(algorithm, current);
  return current;
}

/** The JKS keystream as the format describes it, one concatenation and hash per 20 bytes. */
function naiveKeystreamXor(prefix: Uint8Array, seed: Uint8Array, data: Uint8Array): Uint8Array {
  const out = data.slice();
  let digest = seed;
  for (let offset = 0; offset < out.length; offset += 20) {
    digest = sha1.create().update(prefix).update(digest).digest();
    for (let i = 0; i < 20 && offset + i < out.length; i++) out[offset + i]! ^= digest[i]!;
  }
  return out;
}

/** "abc" padded to one block as words (FIPS 180-2, Appendix A.1 / B.1). */
const ABC_BLOCK = Int32Array.of(0x61626380, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24);
const wordsToHex = (words: Int32Array) => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, "0")).join("");

describe("compression functions", () => {
  it("give the FIPS 180-2 digests of \"abc\"", () => {
    const sha1State = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);
    sha1Compress(sha1State, ABC_BLOCK, 0);
    expect(wordsToHex(sha1State)).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");

    const sha256State = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
    sha256Compress(sha256State, ABC_BLOCK, 0);
    expect(wordsToHex(sha256State)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("read the block at the given word offset", () => {
    const padded = new Int32Array(21);
    padded.set(ABC_BLOCK, 5);
    const state = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);
    sha1Compress(state, padded, 5);
    expect(wordsToHex(state)).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });
});

describe("iterateSha1 / iterateSha256", () => {
  it("hash a digest once (openssl dgst of 20 and 32 zero bytes)", () => {
    const d1 = new Uint8Array(20);
    iterateSha1(d1, 1);
    expect(toHex(d1)).toBe("6768033e216468247bd031a0a2d9876d79818f8f");
    const d256 = new Uint8Array(32);
    iterateSha256(d256, 1);
    expect(toHex(d256)).toBe("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
  });

  it("match the naive loop for a typical PKCS#12 count", () => {
    const start1 = nodeHash("sha1", ascii("start"));
    const d1 = start1.slice();
    iterateSha1(d1, 2047);
    expect(toHex(d1)).toBe(toHex(naiveIterate("sha1", start1, 2047)));

    const start256 = nodeHash("sha256", ascii("start"));
    const d256 = start256.slice();
    iterateSha256(d256, 9999);
    expect(toHex(d256)).toBe(toHex(naiveIterate("sha256", start256, 9999)));
  });

  it("leave the digest alone for zero iterations and reject wrong digest sizes", () => {
    const digest = hex("000102030405060708090a0b0c0d0e0f10111213");
    iterateSha1(digest, 0);
    expect(toHex(digest)).toBe("000102030405060708090a0b0c0d0e0f10111213");
    expect(() => iterateSha1(new Uint8Array(32), 1)).toThrow(RangeError);
    expect(() => iterateSha256(new Uint8Array(20), 1)).toThrow(RangeError);
  });

  it("equal the naive loop for random digests and counts (node:crypto and noble)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 50 }), (bytes, times) => {
        const d1 = bytes.slice(0, 20);
        iterateSha1(d1, times);
        expect(toHex(d1)).toBe(toHex(naiveIterate("sha1", bytes.slice(0, 20), times)));
        let noble1 = bytes.slice(0, 20);
        for (let i = 0; i < times; i++) noble1 = sha1(noble1);
        expect(toHex(d1)).toBe(toHex(noble1));

        const d256 = bytes.slice();
        iterateSha256(d256, times);
        expect(toHex(d256)).toBe(toHex(naiveIterate("sha256", bytes, times)));
        let noble256 = bytes.slice();
        for (let i = 0; i < times; i++) noble256 = sha256(noble256);
        expect(toHex(d256)).toBe(toHex(noble256));
      }),
    );
  });
});

describe("xorSha1Keystream", () => {
  const SEED = hex("0102030405060708090a0b0c0d0e0f1011121314");

  it("gives d_1 = SHA-1(P ‖ seed), d_2 = SHA-1(P ‖ d_1) for the UTF-16BE password", () => {
    const password = utf16be("changeit");
    const d1 = nodeHash("sha1", password, SEED);
    const d2 = nodeHash("sha1", password, d1);
    const data = new Uint8Array(40);
    xorSha1Keystream(password, SEED, data);
    expect(toHex(data)).toBe(toHex(d1) + toHex(d2));
  });

  // Prefix tails of 35 and 36 bytes are the edge between one and two tail blocks; 64 and more
  // bytes exercise the midstate; odd lengths put the digest at every byte alignment.
  const PREFIX_LENGTHS = [0, 1, 2, 3, 16, 33, 34, 35, 36, 37, 55, 56, 63, 64, 65, 99, 100, 128, 129, 163, 164, 200];
  const DATA_LENGTHS = [0, 1, 19, 20, 21, 39, 40, 41, 1219];

  it("equals the naive loop at block-boundary prefix lengths and partial last blocks", () => {
    for (const prefixLength of PREFIX_LENGTHS) {
      const prefix = Uint8Array.from({ length: prefixLength }, (_, i) => (i * 37 + 11) & 0xff);
      for (const dataLength of DATA_LENGTHS) {
        const data = Uint8Array.from({ length: dataLength }, (_, i) => (i * 13) & 0xff);
        const expected = naiveKeystreamXor(prefix, SEED, data);
        xorSha1Keystream(prefix, SEED, data);
        expect(toHex(data), `prefix ${prefixLength}, data ${dataLength}`).toBe(toHex(expected));
      }
    }
  });

  it("equals the naive loop for random passwords, salts and key lengths", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.uint8Array({ maxLength: 3000 }),
        (prefix, seed, data) => {
          const expected = naiveKeystreamXor(prefix, seed, data);
          const seedBefore = toHex(seed);
          xorSha1Keystream(prefix, seed, data);
          expect(toHex(data)).toBe(toHex(expected));
          expect(toHex(seed)).toBe(seedBefore);
        },
      ),
    );
  });

  it("is its own inverse and rejects a seed that is not 20 bytes", () => {
    const data = ascii("a PKCS#8 key that is not a multiple of twenty bytes long");
    const original = toHex(data);
    xorSha1Keystream(utf16be("pw"), SEED, data);
    expect(toHex(data)).not.toBe(original);
    xorSha1Keystream(utf16be("pw"), SEED, data);
    expect(toHex(data)).toBe(original);
    expect(() => xorSha1Keystream(new Uint8Array(4), new Uint8Array(19), new Uint8Array(1))).toThrow(RangeError);
  });
});

describe("iterateSha256 in WebAssembly and in JavaScript (issue 16)", () => {
  it("runs in WebAssembly where the runtime has it (Node does), so the tests above cover that path", () => {
    expect(sha256Iterator()).not.toBeNull();
  });

  it("gives the same digests on both paths, and node:crypto's", () => {
    const cases: [Uint8Array, number][] = [[new Uint8Array(32), 1], [nodeHash("sha256", ascii("start")), 9999], [new Uint8Array(32).fill(0xff), 2]];
    for (const [start, times] of cases) {
      const expected = toHex(naiveIterate("sha256", start, times));
      const wasm = start.slice();
      iterateSha256(wasm, times);
      useSha256Wasm(false);
      try {
        expect(sha256Iterator()).toBeNull();
        const js = start.slice();
        iterateSha256(js, times);
        expect(toHex(js)).toBe(expected);
      } finally {
        useSha256Wasm(true);
      }
      expect(toHex(wasm)).toBe(expected);
    }
  });

  it("compiles to nothing (so the JavaScript loop runs) when WebAssembly is missing or refuses the module", () => {
    const saved = globalThis.WebAssembly;
    try {
      Reflect.deleteProperty(globalThis, "WebAssembly");
      expect(compileSha256Iterator()).toBeNull();
      const refusing = { Module: class { constructor() { throw new RangeError("WebAssembly.Module(): buffer size is larger than 4KB"); } }, Instance: class {} };
      Object.assign(globalThis, { WebAssembly: refusing });
      expect(compileSha256Iterator()).toBeNull();
    } finally {
      globalThis.WebAssembly = saved;
    }
    expect(compileSha256Iterator()).not.toBeNull();
  });
});
