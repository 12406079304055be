import { describe, expect, it } from "vitest";

describe("AES tables (issue 16: nothing heavy at import)", () => {
  it("are built on the first encryption, once, not when the codecs are imported", async () => {
    // The PKCS#12 and JCEKS codecs import AES-CBC; importing them must not build the tables.
    await import("../../src/index.js");
    const { aesTableBuilds } = await import("../../src/crypto/aes.js");
    const { aesCbcEncrypt, aesCbcDecrypt } = await import("../../src/crypto/aes-cbc.js");
    expect(aesTableBuilds()).toBe(0);
    const key = new Uint8Array(32).fill(7);
    const iv = new Uint8Array(16);
    aesCbcDecrypt(key, iv, aesCbcEncrypt(key, iv, new Uint8Array(40)));
    aesCbcEncrypt(new Uint8Array(16), iv, new Uint8Array(3));
    expect(aesTableBuilds()).toBe(1);
  });
});
