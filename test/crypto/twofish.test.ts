import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PaddingError } from "../../src/crypto/padding.js";
import { twofishCbcDecrypt, twofishCbcEncrypt, twofishDecryptBlock, twofishEncryptBlock } from "../../src/crypto/twofish.js";
import { KeystoreError } from "../../src/model/errors.js";
import { ascii, hex, toHex } from "./hex.js";

// [key, plaintext, ciphertext]
const VECTORS: ReadonlyArray<readonly [string, string, string]> = [
  // Twofish paper (Schneier et al. 1998), Appendix A.2 "Test vectors", and ECB_TBL.TXT I=1…3 of the
  // reference implementation's AES submission package.
  ["00000000000000000000000000000000", "00000000000000000000000000000000", "9f589f5cf6122c32b6bfec2f2ae8c35a"],
  ["00000000000000000000000000000000", "9f589f5cf6122c32b6bfec2f2ae8c35a", "d491db16e7b1c39e86cb086b789f5419"],
  ["9f589f5cf6122c32b6bfec2f2ae8c35a", "d491db16e7b1c39e86cb086b789f5419", "019f9809de1711858faac3a3ba20fbc3"],
  ["0123456789abcdeffedcba98765432100011223344556677", "00000000000000000000000000000000", "cfd1d2e5a9be9cdf501f13b892bd2248"],
  ["000000000000000000000000000000000000000000000000", "00000000000000000000000000000000", "efa71f788965bd4453f860178fc19101"],
  ["0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff", "00000000000000000000000000000000", "37527be0052334b89f0cfccae87cfa20"],
  ["0000000000000000000000000000000000000000000000000000000000000000", "00000000000000000000000000000000", "57ff739d4dc92c1bd7fc01700cc8216f"],
  // ECB_TBL.TXT, KEYSIZE=256, I=49.
  ["248a7f3528b168acfdd1386e3f51e30c2e2158bc3e5fc714c1eeeca0ea696d48", "431058f4dbc7f734da4f02f04cc4f459", "37fe26ff1cf66175f5ddf4c33b97a205"],
];

describe("Twofish block", () => {
  it.each(VECTORS)("key %s, P %s", (key, plain, cipher) => {
    expect(toHex(twofishEncryptBlock(hex(key), hex(plain)))).toBe(cipher);
    expect(toHex(twofishDecryptBlock(hex(key), hex(cipher)))).toBe(plain);
  });

  // The paper's Appendix A.1 iterated test (= ECB_TBL.TXT I=49 for each key size): start from an
  // all-zero key and block; each step encrypts, then key = (previous plaintext ‖ key) cut to size
  // and plaintext = ciphertext.
  it.each([
    [16, "5d9d4eeffa9151575524f115815a12e0"],
    [24, "e75449212beef9f4a390bd860a640941"],
    [32, "37fe26ff1cf66175f5ddf4c33b97a205"],
  ] as const)("iterated %i-byte key test after 49 encryptions", (size, expected) => {
    let key: Uint8Array = new Uint8Array(size);
    let plain: Uint8Array = new Uint8Array(16);
    for (let i = 0; i < 49; i++) {
      const cipher = twofishEncryptBlock(key, plain);
      expect(twofishDecryptBlock(key, cipher)).toEqual(plain);
      const next = new Uint8Array(16 + size);
      next.set(plain);
      next.set(key, 16);
      key = next.slice(0, size);
      plain = cipher;
    }
    expect(toHex(plain)).toBe(expected);
  });

  it("rejects bad key sizes", () => {
    expect(() => twofishEncryptBlock(new Uint8Array(20), new Uint8Array(16))).toThrow(KeystoreError);
  });
});

describe("Twofish-CBC + PKCS#7", () => {
  it("chains blocks as CBC does (first block = ECB of P ^ IV)", () => {
    const key = hex("0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff");
    const iv = new Uint8Array(16).fill(0x5a);
    const message = ascii("Twofish in UBER keystores, 2 blocks+");
    const ct = twofishCbcEncrypt(key, iv, message);
    expect(ct.length).toBe(48);
    const first = message.slice(0, 16).map((b, i) => b ^ iv[i]!);
    expect(ct.subarray(0, 16)).toEqual(twofishEncryptBlock(key, first));
    expect(twofishCbcDecrypt(key, iv, ct)).toEqual(message);
  });

  it("rejects bad lengths with PaddingError", () => {
    expect(() => twofishCbcDecrypt(new Uint8Array(32), new Uint8Array(16), new Uint8Array(8))).toThrow(PaddingError);
    expect(() => twofishCbcDecrypt(new Uint8Array(32), new Uint8Array(16), new Uint8Array(0))).toThrow(PaddingError);
  });

  it("round-trips random keys, IVs and plaintexts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 100 }),
        (key, iv, plaintext) => {
          expect(twofishCbcDecrypt(key, iv, twofishCbcEncrypt(key, iv, plaintext))).toEqual(plaintext);
        },
      ),
    );
  });

  it("decrypting random bytes either returns bytes or throws PaddingError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 80 }), (key, iv, data) => {
        try {
          expect(twofishCbcDecrypt(key, iv, data)).toBeInstanceOf(Uint8Array);
        } catch (error) {
          expect(error).toBeInstanceOf(PaddingError);
        }
      }),
    );
  });
});
