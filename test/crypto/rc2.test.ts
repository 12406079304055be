import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PaddingError } from "../../src/crypto/padding.js";
import { rc2CbcDecrypt, rc2CbcEncrypt, rc2DecryptBlock, rc2EncryptBlock } from "../../src/crypto/rc2.js";
import { KeystoreError } from "../../src/model/errors.js";
import { ascii, hex, toHex } from "./hex.js";

// RFC 2268 section 5 test vectors: [key, effective key bits, plaintext, ciphertext].
const RFC2268: ReadonlyArray<readonly [string, number, string, string]> = [
  ["0000000000000000", 63, "0000000000000000", "ebb773f993278eff"],
  ["ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"],
  ["3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"],
  ["88", 64, "0000000000000000", "61a8a244adacccf0"],
  ["88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"],
  ["88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"],
  ["88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"],
  ["88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129, "0000000000000000", "5b78d3a43dfff1f1"],
];

describe("RC2 block (RFC 2268)", () => {
  it.each(RFC2268)("key %s, %i effective bits", (key, bits, plain, cipher) => {
    expect(toHex(rc2EncryptBlock(hex(key), hex(plain), bits))).toBe(cipher);
    expect(toHex(rc2DecryptBlock(hex(key), hex(cipher), bits))).toBe(plain);
  });

  it("rejects bad key lengths and effective bits", () => {
    expect(() => rc2EncryptBlock(new Uint8Array(0), new Uint8Array(8))).toThrow(KeystoreError);
    expect(() => rc2EncryptBlock(new Uint8Array(129), new Uint8Array(8))).toThrow(KeystoreError);
    expect(() => rc2EncryptBlock(new Uint8Array(5), new Uint8Array(8), 0)).toThrow(KeystoreError);
    expect(() => rc2EncryptBlock(new Uint8Array(5), new Uint8Array(8), 1025)).toThrow(KeystoreError);
  });
});

describe("RC2-CBC + PKCS#5", () => {
  const message = ascii("Hello keystorekit!");
  const iv = hex("1122334455667788");

  // Cross-checked with OpenSSL 3.0.19 (40-bit = the PKCS#12 pbeWithSHAAnd40BitRC2-CBC cipher):
  //   printf 'Hello keystorekit!' | openssl enc -provider legacy -provider default -rc2-40-cbc -K 0102030405 -iv 1122334455667788 | xxd -p
  //   printf 'Hello keystorekit!' | openssl enc -provider legacy -provider default -rc2-cbc -K 000102030405060708090a0b0c0d0e0f -iv 1122334455667788 | xxd -p
  it("matches OpenSSL rc2-40-cbc and rc2-cbc (128)", () => {
    const k40 = hex("0102030405");
    const c40 = rc2CbcEncrypt(k40, iv, message);
    expect(toHex(c40)).toBe("45c602a9ded7501e28cf27c5eeb7336253519e3636620312");
    expect(rc2CbcDecrypt(k40, iv, c40)).toEqual(message);
    const k128 = hex("000102030405060708090a0b0c0d0e0f");
    const c128 = rc2CbcEncrypt(k128, iv, message, 128);
    expect(toHex(c128)).toBe("9ca9f4dd9782e1109e772a5b6c755f39e01823f87d498b71");
    expect(rc2CbcDecrypt(k128, iv, c128)).toEqual(message);
  });

  it("rejects bad lengths with PaddingError", () => {
    expect(() => rc2CbcDecrypt(new Uint8Array(5), iv, new Uint8Array(0))).toThrow(PaddingError);
    expect(() => rc2CbcDecrypt(new Uint8Array(5), iv, new Uint8Array(15))).toThrow(PaddingError);
  });

  it("round-trips random keys, effective lengths, IVs and plaintexts", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 128 }),
        fc.integer({ min: 1, max: 1024 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ maxLength: 100 }),
        (key, bits, ivBytes, plaintext) => {
          const ct = rc2CbcEncrypt(key, ivBytes, plaintext, bits);
          expect(rc2CbcDecrypt(key, ivBytes, ct, bits)).toEqual(plaintext);
        },
      ),
    );
  });

  it("decrypting random bytes either returns bytes or throws PaddingError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 16 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ maxLength: 64 }), (key, ivBytes, data) => {
        try {
          expect(rc2CbcDecrypt(key, ivBytes, data)).toBeInstanceOf(Uint8Array);
        } catch (error) {
          expect(error).toBeInstanceOf(PaddingError);
        }
      }),
    );
  });
});
