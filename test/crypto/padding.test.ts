import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PaddingError, pkcs7Pad, pkcs7Unpad } from "../../src/crypto/padding.js";
import { hex, toHex } from "./hex.js";

describe("PKCS#5/#7 padding (RFC 5652 §6.3, RFC 8018 §6.1.1)", () => {
  it("pads with n bytes of value n, adding a whole block when aligned", () => {
    expect(toHex(pkcs7Pad(hex("aabbcc"), 8))).toBe("aabbcc0505050505");
    expect(toHex(pkcs7Pad(new Uint8Array(0), 8))).toBe("0808080808080808");
    expect(pkcs7Pad(new Uint8Array(16), 16).length).toBe(32);
  });

  it("rejects zero, oversize and inconsistent pads", () => {
    expect(() => pkcs7Unpad(hex("0102030405060700"), 8)).toThrow(PaddingError);
    expect(() => pkcs7Unpad(hex("0102030405060709"), 8)).toThrow(PaddingError);
    expect(() => pkcs7Unpad(hex("0102030405030203"), 8)).toThrow(PaddingError);
    expect(() => pkcs7Unpad(hex("01020304050607"), 8)).toThrow(PaddingError);
    expect(() => pkcs7Unpad(new Uint8Array(0), 8)).toThrow(PaddingError);
    expect(toHex(pkcs7Unpad(hex("0102030405030303"), 8))).toBe("0102030405");
    expect(toHex(pkcs7Unpad(hex("0808080808080808"), 8))).toBe("");
  });

  it("unpad inverts pad", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.constantFrom(8, 16), (data, bs) => {
        expect(pkcs7Unpad(pkcs7Pad(data, bs), bs)).toEqual(data);
      }),
    );
  });
});
