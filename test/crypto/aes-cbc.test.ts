import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { aesCbcDecrypt, aesCbcEncrypt } from "../../src/crypto/aes-cbc.js";
import { PaddingError } from "../../src/crypto/padding.js";
import { KeystoreError } from "../../src/model/errors.js";
import { ascii, hex, toHex } from "./hex.js";

describe("AES-CBC + PKCS#7", () => {
  const iv = hex("000102030405060708090a0b0c0d0e0f");

  // NIST SP 800-38A, F.2.1 (CBC-AES128) and F.2.5 (CBC-AES256), first block. With PKCS#7 a full
  // pad block follows, so the first 16 bytes must equal the published C1.
  it("matches NIST SP 800-38A F.2.1 and F.2.5", () => {
    const p1 = hex("6bc1bee22e409f96e93d7e117393172a");
    const k128 = hex("2b7e151628aed2a6abf7158809cf4f3c");
    const k256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    const c128 = aesCbcEncrypt(k128, iv, p1);
    expect(c128.length).toBe(32);
    expect(toHex(c128.subarray(0, 16))).toBe("7649abac8119b246cee98e9b12e9197d");
    expect(toHex(aesCbcEncrypt(k256, iv, p1).subarray(0, 16))).toBe("f58c4c04d6e5f1ba779eabfb5f7bfbd6");
    expect(aesCbcDecrypt(k128, iv, c128)).toEqual(p1);
  });

  // printf 'Hello keystorekit!' | openssl enc -aes-256-cbc -K 603deb…dff4 -iv 000102…0e0f | xxd -p
  it("matches OpenSSL aes-256-cbc and aes-128-cbc with padding", () => {
    const message = ascii("Hello keystorekit!");
    const k256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    const c = aesCbcEncrypt(k256, iv, message);
    expect(toHex(c)).toBe("9a735f6940667bb3da4a368f6a7db7f2c38f22bd8394357f1bff84a75ab3702b");
    expect(aesCbcDecrypt(k256, iv, c)).toEqual(message);
    expect(toHex(aesCbcEncrypt(hex("2b7e151628aed2a6abf7158809cf4f3c"), iv, message))).toBe(
      "fe57de04d48d7548c8ba64a39d0ca2ac2b3dd321790aa9e43a8592ba31ecf91f",
    );
  });

  it("reports bad lengths and pads as PaddingError and bad keys as INVALID_ARGUMENT", () => {
    const key = new Uint8Array(16);
    expect(() => aesCbcDecrypt(key, iv, new Uint8Array(0))).toThrow(PaddingError);
    expect(() => aesCbcDecrypt(key, iv, new Uint8Array(20))).toThrow(PaddingError);
    const ct = aesCbcEncrypt(key, iv, ascii("x"));
    expect(() => aesCbcDecrypt(new Uint8Array(16).fill(1), iv, ct)).toThrow(PaddingError);
    expect(() => aesCbcEncrypt(new Uint8Array(15), iv, ct)).toThrow(KeystoreError);
    expect(() => aesCbcEncrypt(key, new Uint8Array(8), ct)).toThrow(KeystoreError);
  });

  it("round-trips random keys, IVs and plaintexts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 100 }),
        (key, ivBytes, plaintext) => {
          expect(aesCbcDecrypt(key, ivBytes, aesCbcEncrypt(key, ivBytes, plaintext))).toEqual(plaintext);
        },
      ),
    );
  });

  it("decrypting random bytes either returns bytes or throws PaddingError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 80 }), (key, ivBytes, data) => {
        try {
          expect(aesCbcDecrypt(key, ivBytes, data)).toBeInstanceOf(Uint8Array);
        } catch (error) {
          expect(error).toBeInstanceOf(PaddingError);
        }
      }),
    );
  });
});

describe("AES-CBC without a native AES (src/crypto/aes.ts)", () => {
  it("agrees with node:crypto on random keys (128/192/256), IVs and multi-block plaintexts", async () => {
    const { createCipheriv } = await import("node:crypto");
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 200 }),
        (key, ivBytes, plaintext) => {
          const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, ivBytes);
          const expected = new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
          expect(aesCbcEncrypt(key, ivBytes, plaintext)).toEqual(expected);
          expect(aesCbcDecrypt(key, ivBytes, expected)).toEqual(plaintext);
        },
      ),
      { numRuns: 200 },
    );
  });
});
