import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  desCbcDecrypt,
  desCbcEncrypt,
  desDecryptBlock,
  desEncryptBlock,
  tripleDesCbcDecrypt,
  tripleDesCbcEncrypt,
  tripleDesDecryptBlock,
  tripleDesEncryptBlock,
} from "../../src/crypto/des.js";
import { PaddingError } from "../../src/crypto/padding.js";
import { KeystoreError } from "../../src/model/errors.js";
import { ascii, hex, toHex } from "./hex.js";

// [key, plaintext, ciphertext]
const DES_VECTORS: ReadonlyArray<readonly [string, string, string]> = [
  // NIST SP 800-20 (TMOVS) Table A.1, variable plaintext known-answer test (also SP 800-17 B.1).
  ["0101010101010101", "8000000000000000", "95f8a5e5dd31d900"],
  ["0101010101010101", "4000000000000000", "dd7f121ca5015619"],
  ["0101010101010101", "2000000000000000", "2e8653104f3834ea"],
  ["0101010101010101", "0000000000000001", "166b40b44aba4bd6"],
  // NIST SP 800-20 Table A.2, variable key known-answer test.
  ["8001010101010101", "0000000000000000", "95a8d72813daa94d"],
  ["4001010101010101", "0000000000000000", "0eec1487dd8c26d5"],
  // NIST SP 800-20 Table A.3, permutation operation known-answer test.
  ["1046913489980131", "0000000000000000", "88d55e54f54c97b4"],
  ["1007103489988020", "0000000000000000", "0c0cc00c83ea48fd"],
  // NIST SP 800-20 Table A.4, substitution table known-answer test.
  ["7ca110454a1a6e57", "01a1d6d039776742", "690f5b0d9a26939b"],
  ["0131d9619dc1376e", "5cd54ca83def57da", "7a389d10354bd271"],
  ["07a1133e4a0b2686", "0248d43806f67172", "868ebb51cab4599a"],
  // FIPS 81 Appendix B, ECB example ("Now is t").
  ["0123456789abcdef", "4e6f772069732074", "3fa40e8a984d4815"],
  // The worked example in J. O. Grabbe, "The DES Algorithm Illustrated".
  ["133457799bbcdff1", "0123456789abcdef", "85e813540f0ab405"],
];

describe("DES block (FIPS 46-3)", () => {
  it.each(DES_VECTORS)("key %s, P %s", (key, plain, cipher) => {
    expect(toHex(desEncryptBlock(hex(key), hex(plain)))).toBe(cipher);
    expect(toHex(desDecryptBlock(hex(key), hex(cipher)))).toBe(plain);
  });

  it("rejects wrong key and block sizes as INVALID_ARGUMENT", () => {
    expect(() => desEncryptBlock(new Uint8Array(7), new Uint8Array(8))).toThrow(KeystoreError);
    expect(() => desEncryptBlock(new Uint8Array(8), new Uint8Array(9))).toThrow(KeystoreError);
    expect(() => tripleDesEncryptBlock(new Uint8Array(8), new Uint8Array(8))).toThrow(KeystoreError);
  });
});

describe("Triple DES (NIST SP 800-67)", () => {
  // NIST SP 800-67 Rev. 1, Appendix B.1: three keys, ECB, "The qufck brown fox jump".
  const key = hex("0123456789abcdef 23456789abcdef01 456789abcdef0123");
  const plain = ascii("The qufck brown fox jump");
  const cipher = ["a826fd8ce53b855f", "cce21c8112256fe6", "68d5c05dd9b6b900"];

  it("matches the SP 800-67 B.1 example block by block", () => {
    for (let i = 0; i < 3; i++) {
      const block = plain.subarray(8 * i, 8 * i + 8);
      expect(toHex(tripleDesEncryptBlock(key, block))).toBe(cipher[i]);
      expect(tripleDesDecryptBlock(key, hex(cipher[i]!))).toEqual(block);
    }
  });

  it("reduces to single DES when K1 = K2 = K3 (and K1 = K2 for 2-key)", () => {
    for (const [k, p, c] of DES_VECTORS) {
      expect(toHex(tripleDesEncryptBlock(hex(k + k + k), hex(p)))).toBe(c);
      expect(toHex(tripleDesEncryptBlock(hex(k + k), hex(p)))).toBe(c);
    }
  });

  it("2-key Triple DES equals 3-key with K3 = K1", () => {
    const k16 = key.subarray(0, 16);
    const k24 = hex(toHex(k16) + toHex(key.subarray(0, 8)));
    expect(tripleDesEncryptBlock(k16, plain.subarray(0, 8))).toEqual(tripleDesEncryptBlock(k24, plain.subarray(0, 8)));
  });
});

describe("CBC + PKCS#5", () => {
  const message = ascii("Hello keystorekit!");
  const iv = hex("1122334455667788");

  // Cross-checked with OpenSSL 3.0.19:
  //   printf 'Hello keystorekit!' | openssl enc -des-ede3-cbc -K 0123456789abcdef23456789abcdef01456789abcdef0123 -iv 1122334455667788 | xxd -p
  //   printf 'Hello keystorekit!' | openssl enc -des-ede-cbc -K 0123456789abcdef23456789abcdef01 -iv 1122334455667788 | xxd -p
  //   printf 'Hello keystorekit!' | openssl enc -provider legacy -provider default -des-cbc -K 0123456789abcdef -iv 1122334455667788 | xxd -p
  it("matches OpenSSL for des-ede3-cbc, des-ede-cbc and des-cbc", () => {
    const k3 = hex("0123456789abcdef23456789abcdef01456789abcdef0123");
    const c3 = tripleDesCbcEncrypt(k3, iv, message);
    expect(toHex(c3)).toBe("94ae48c1411bb96039c0114450d8c847c2ba53dc4e5fcbc1");
    expect(tripleDesCbcDecrypt(k3, iv, c3)).toEqual(message);

    const k2 = hex("0123456789abcdef23456789abcdef01");
    expect(toHex(tripleDesCbcEncrypt(k2, iv, message))).toBe("ee6fc43672e285f000912d73fa4fd4ffa42ca869396512c6");

    const k1 = hex("0123456789abcdef");
    const c1 = desCbcEncrypt(k1, iv, message);
    expect(toHex(c1)).toBe("e3a20b10df9c17238f2dc8e6df2d7816a0163c43db9fd23f");
    expect(desCbcDecrypt(k1, iv, c1)).toEqual(message);
  });

  it("rejects bad lengths and bad pads with PaddingError", () => {
    const key = new Uint8Array(24).fill(7);
    expect(() => tripleDesCbcDecrypt(key, iv, new Uint8Array(0))).toThrow(PaddingError);
    expect(() => tripleDesCbcDecrypt(key, iv, new Uint8Array(12))).toThrow(PaddingError);
    const good = tripleDesCbcEncrypt(key, iv, message);
    const otherKey = new Uint8Array(24).fill(8);
    // A different key almost always gives a bad pad; this one is checked to do so.
    expect(() => tripleDesCbcDecrypt(otherKey, iv, good)).toThrow(PaddingError);
  });

  it("rejects a wrong IV length as INVALID_ARGUMENT", () => {
    expect(() => desCbcEncrypt(new Uint8Array(8), new Uint8Array(16), message)).toThrow(KeystoreError);
  });

  it("round-trips random keys, IVs and plaintexts", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.boolean(),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ maxLength: 100 }),
        (key, twoKey, ivBytes, plaintext) => {
          const k = twoKey ? key.subarray(0, 16) : key;
          const ct = tripleDesCbcEncrypt(k, ivBytes, plaintext);
          expect(ct.length).toBe((Math.floor(plaintext.length / 8) + 1) * 8);
          expect(tripleDesCbcDecrypt(k, ivBytes, ct)).toEqual(plaintext);
          const k1 = key.subarray(0, 8);
          expect(desCbcDecrypt(k1, ivBytes, desCbcEncrypt(k1, ivBytes, plaintext))).toEqual(plaintext);
        },
      ),
    );
  });

  it("decrypting random bytes either returns bytes or throws PaddingError", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ maxLength: 64 }),
        (key, ivBytes, data) => {
          for (const decrypt of [() => tripleDesCbcDecrypt(key, ivBytes, data), () => desCbcDecrypt(key.subarray(0, 8), ivBytes, data)]) {
            try {
              expect(decrypt()).toBeInstanceOf(Uint8Array);
            } catch (error) {
              expect(error).toBeInstanceOf(PaddingError);
            }
          }
        },
      ),
    );
  });
});
