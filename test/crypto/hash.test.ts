import { describe, expect, it } from "vitest";
import { hmac } from "@noble/hashes/hmac.js";
import { HASHES, hashByHmacOid, hashByName, hashByOid } from "../../src/crypto/hash.js";
import { ascii, toHex } from "./hex.js";

describe("hash registry", () => {
  // FIPS 180-4 / RFC 1321 "abc" digests (first 8 bytes shown for brevity where long).
  it("digests 'abc' as the standards say", () => {
    expect(toHex(HASHES.MD5.digest(ascii("abc")))).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(toHex(HASHES["SHA-1"].digest(ascii("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(toHex(HASHES["SHA-256"].digest(ascii("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(HASHES["SHA-512/256"].digest(ascii("abc")))).toBe("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
  });

  it("knows output and block lengths", () => {
    const sizes = Object.values(HASHES).map((h) => [h.name, h.outputLength, h.blockLength]);
    expect(sizes).toEqual([
      ["MD5", 16, 64],
      ["SHA-1", 20, 64],
      ["SHA-224", 28, 64],
      ["SHA-256", 32, 64],
      ["SHA-384", 48, 128],
      ["SHA-512", 64, 128],
      ["SHA-512/224", 28, 128],
      ["SHA-512/256", 32, 128],
    ]);
  });

  it("looks up by name, alias and OID", () => {
    expect(hashByName("SHA256")?.name).toBe("SHA-256");
    expect(hashByName("sha-1")?.name).toBe("SHA-1");
    expect(hashByName("SHA512/224")?.name).toBe("SHA-512/224");
    expect(hashByName("SHA3-256")).toBeUndefined();
    expect(hashByOid("1.3.14.3.2.26")?.name).toBe("SHA-1");
    expect(hashByOid("2.16.840.1.101.3.4.2.1")?.name).toBe("SHA-256");
    expect(hashByOid("2.16.840.1.101.3.4.2.6")?.name).toBe("SHA-512/256");
    expect(hashByOid("1.2.840.113549.2.5")?.name).toBe("MD5");
    expect(hashByHmacOid("1.2.840.113549.2.9")?.name).toBe("SHA-256");
    expect(hashByOid("1.2.3")).toBeUndefined();
  });

  it("reusable states clone from a pristine instance", () => {
    const sha = HASHES["SHA-256"];
    const pristine = sha.create();
    const work = sha.create();
    const out = new Uint8Array(32);
    for (let i = 0; i < 3; i++) {
      pristine._cloneInto(work).update(ascii("abc")).digestInto(out);
      expect(out).toEqual(sha.digest(ascii("abc")));
    }
  });

  // RFC 2202 test case 2 (HMAC-SHA-1) and RFC 4231 test case 2 (HMAC-SHA-256): the `noble` hasher plugs into hmac().
  it("works with noble's hmac", () => {
    const key = ascii("Jefe");
    const data = ascii("what do ya want for nothing?");
    expect(toHex(hmac(HASHES["SHA-1"].noble, key, data))).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    expect(toHex(hmac(HASHES["SHA-256"].noble, key, data))).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});
