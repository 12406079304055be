import { createHash } from "node:crypto";
import { build } from "esbuild";
import { shake256 as nobleShake256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shake256 } from "../../src/crypto/shake256.js";

describe("tables built on first use, not at import (issue 16)", () => {
  it("DES and Twofish build their fixed tables on the first key setup, once", async () => {
    await import("../../src/index.js");
    const { desTableBuilds, tripleDesCbcEncrypt } = await import("../../src/crypto/des.js");
    const { twofishTableBuilds, twofishCipher } = await import("../../src/crypto/twofish.js");
    expect(desTableBuilds()).toBe(0);
    expect(twofishTableBuilds()).toBe(0);
    tripleDesCbcEncrypt(new Uint8Array(24).fill(1), new Uint8Array(8), new Uint8Array(5));
    tripleDesCbcEncrypt(new Uint8Array(24).fill(2), new Uint8Array(8), new Uint8Array(5));
    twofishCipher(new Uint8Array(32));
    twofishCipher(new Uint8Array(16));
    expect(desTableBuilds()).toBe(1);
    expect(twofishTableBuilds()).toBe(1);
  });

  it("the root entry does not load @noble/hashes/sha3.js (its Keccak constants are computed at import)", async () => {
    const result = await build({ entryPoints: ["src/index.ts"], bundle: true, write: false, metafile: true, format: "esm", platform: "neutral", logLevel: "silent" });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("@noble/hashes/sha2"))).toBe(true); // the check sees noble at all
    expect(inputs.filter((path) => path.includes("@noble/hashes/sha3"))).toEqual([]);
  });
});

describe("shake256 (FIPS 202)", () => {
  it("matches node:crypto on the empty message and across the rate boundary", () => {
    for (const length of [0, 1, 57, 135, 136, 137, 272, 300]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      for (const outputLength of [32, 114, 136, 137, 300]) {
        const expected = new Uint8Array(createHash("shake256", { outputLength }).update(data).digest());
        expect(shake256(data, outputLength)).toEqual(expected);
      }
    }
  });

  it("matches @noble/hashes on any input and output length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.integer({ min: 0, max: 400 }), (data, length) => {
        expect(shake256(data, length)).toEqual(nobleShake256(data, { dkLen: length }));
      }),
      { numRuns: 200 },
    );
  });
});
