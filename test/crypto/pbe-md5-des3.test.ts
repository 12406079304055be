import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PaddingError } from "../../src/crypto/padding.js";
import { pbeMd5TripleDesDecrypt, pbeMd5TripleDesDerive, pbeMd5TripleDesEncrypt } from "../../src/crypto/pbe-md5-des3.js";
import { KeystoreError } from "../../src/model/errors.js";
import { ascii, hex, toHex } from "./hex.js";

const KEYPASS = ascii("keypass");

describe("PBEWithMD5AndTripleDES key derivation", () => {
  // keystore-formats.md §7, vector V3 (password "keypass", 1000 iterations), accepted by JDK 17/25.
  it("matches V3 for distinct salt halves", () => {
    const { key, iv } = pbeMd5TripleDesDerive(KEYPASS, hex("0102030405060708"), 1000);
    expect(toHex(key)).toBe("da6af24c3c232a63c9cf38ced0ba6cf84396bfcdb076f3e7");
    expect(toHex(iv)).toBe("c1e918ca03855f5a");
  });

  it("matches V3 for equal salt halves (first half reversed)", () => {
    const { key, iv } = pbeMd5TripleDesDerive(KEYPASS, hex("0102030401020304"), 1000);
    expect(toHex(key)).toBe("fe4899c96ef3af236027916da6a9043fda6af24c3c232a63");
    expect(toHex(iv)).toBe("c9cf38ced0ba6cf8");
  });

  it("does not modify the caller's salt", () => {
    const salt = hex("0102030401020304");
    pbeMd5TripleDesDerive(KEYPASS, salt, 1);
    expect(toHex(salt)).toBe("0102030401020304");
  });

  it("rejects bad salts and iteration counts", () => {
    expect(() => pbeMd5TripleDesDerive(KEYPASS, new Uint8Array(7), 1)).toThrow(KeystoreError);
    expect(() => pbeMd5TripleDesDerive(KEYPASS, new Uint8Array(8), 0)).toThrow(KeystoreError);
    // Equal, palindromic halves: Java refuses to encrypt with these.
    expect(() => pbeMd5TripleDesEncrypt(KEYPASS, hex("0102020101020201"), 1, new Uint8Array(1))).toThrow(KeystoreError);
  });
});

describe("PBEWithMD5AndTripleDES encrypt/decrypt", () => {
  // The sealed-object ciphertext of keystore-formats.md §7 vector V4 (JCEKS, key password
  // "keypass", salt/iterations of V3): it decrypts to a serialized javax.crypto.spec.SecretKeySpec
  // holding the AES key 000102…0f.
  const V4_SEALED = hex(
    "69089111a1cfbeb5ca80fb33af3cd8ab79f794c2244903ef0c72e7f3aeafe85f2453ecd26cae162889f3464a820d73789309a46d44" +
      "0973e8c839ea8b371d85b3468e828e7b6785dd23999c130a304e44b45475da01b64010a1bfd2bbd29b8281117591fbc0d55941c8fd" +
      "37a4c5f9332f497db7bedd866a5bd20b40f95fbf636aa4ed955849ea8628057ec6f8fa839c60",
  );

  it("decrypts the V4 sealed key", () => {
    const plain = pbeMd5TripleDesDecrypt(KEYPASS, hex("0102030405060708"), 1000, V4_SEALED);
    expect(toHex(plain.subarray(0, 4))).toBe("aced0005"); // Java serialization stream magic
    expect(toHex(plain)).toContain("000102030405060708090a0b0c0d0e0f");
    expect(new TextDecoder().decode(plain)).toContain("javax.crypto.spec.SecretKeySpec");
    // and re-encrypts to the very same bytes (deterministic given salt and count)
    expect(pbeMd5TripleDesEncrypt(KEYPASS, hex("0102030405060708"), 1000, plain)).toEqual(V4_SEALED);
  });

  it("a wrong password fails with PaddingError on V4", () => {
    expect(() => pbeMd5TripleDesDecrypt(ascii("wrong"), hex("0102030405060708"), 1000, V4_SEALED)).toThrow(PaddingError);
  });

  it("handles the JCEKS default of 200,000 iterations quickly", () => {
    const start = performance.now();
    pbeMd5TripleDesDerive(ascii("changeit"), hex("0102030405060708"), 200_000);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("round-trips random passwords, salts and plaintexts", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 20 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }).filter((s) => !(s[0] === s[4] && s[1] === s[5] && s[2] === s[6] && s[3] === s[7] && s[0] === s[3] && s[1] === s[2])),
        fc.integer({ min: 1, max: 20 }),
        fc.uint8Array({ maxLength: 80 }),
        (password, salt, iterations, plaintext) => {
          const ct = pbeMd5TripleDesEncrypt(password, salt, iterations, plaintext);
          expect(pbeMd5TripleDesDecrypt(password, salt, iterations, ct)).toEqual(plaintext);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("decrypting random bytes either returns bytes or throws PaddingError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ maxLength: 48 }), (password, salt, data) => {
        try {
          expect(pbeMd5TripleDesDecrypt(password, salt, 2, data)).toBeInstanceOf(Uint8Array);
        } catch (error) {
          expect(error).toBeInstanceOf(PaddingError);
        }
      }),
      { numRuns: 50 },
    );
  });
});
