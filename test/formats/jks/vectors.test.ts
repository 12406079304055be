import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../../src/binary/encoding.js";
import { storeDigest } from "../../../src/formats/jks/integrity.js";
import { jksProtect, jksUnprotect, parseEncryptedPrivateKeyInfo } from "../../../src/formats/jks/key-protector.js";
import { Keystore, decodeJks, encodeJks, isKeystoreError, TAMPERED_MESSAGE } from "../../../src/index.js";

/** Known-answer vectors from keystore-formats.md §7, accepted by JDK 17 and 25. */
const V2 =
  "feedfeed00000002000000010000000100016b00000000000000000000007f307d300e060a2b060104012a021101" +
  "010500046b000102030405060708090a0b0c0d0e0f1011121330fb47e16c40b4c39496224248fa6e965975881453" +
  "b2466e6c79ec14e071ff3385dbe35b30a9f5156fc016abe05d8d8c0f031c78cd5464d0242abe45702c881ac927afbd" +
  "47404cad6a58d9cba8d6ab2bdc4d27b9ee57b80000000017958c058e08725e177bdbd00e427052cc956be6";
const V2_PKCS8 = "3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420" + "11".repeat(32);
const saltV2 = () => Uint8Array.from({ length: 20 }, (_, i) => i);

describe("JKS known answers", () => {
  it("V1: the digest of an empty store", () => {
    expect(toHex(storeDigest("changeit", fromHex("feedfeed0000000200000000")))).toBe("e2686e45fb43dfa4d992dd41ceb6b21c6330d792");
    const empty = encodeJks(new Keystore({ format: "JKS" }), { password: "changeit" });
    expect(toHex(empty)).toBe("feedfeed0000000200000000e2686e45fb43dfa4d992dd41ceb6b21c6330d792");
  });

  it("V2: decodes the one-key store and recovers the PKCS#8 key", () => {
    const store = decodeJks(fromHex(V2), { password: "changeit" });
    expect(store.integrity).toBe("verified");
    expect(store.aliases()).toEqual(["k"]);
    const entry = store.entry("k");
    expect(entry.type).toBe("privateKey");
    expect(entry.created?.getTime()).toBe(0);
    expect(toHex(store.privateKeyPkcs8("k", "changeit"))).toBe(V2_PKCS8);
  });

  it("V2: encodes the same bytes from the plain key with the same salt", () => {
    const store = new Keystore({ format: "JKS" });
    // The vector's entry has no chain, which Keystore.set refuses: put it as the decoder does.
    store.addDecoded({ type: "privateKey", alias: "k", created: new Date(0), chain: [], key: { plain: fromHex(V2_PKCS8) } });
    expect(toHex(encodeJks(store, { password: "changeit", random: saltV2 }))).toBe(V2);
  });

  it("the key protector: a wrong key password is WRONG_KEY_PASSWORD", () => {
    const epki = parseEncryptedPrivateKeyInfo(jksProtect(fromHex(V2_PKCS8), "right"));
    expect(toHex(jksUnprotect(epki.encryptedData, "right", "a"))).toBe(V2_PKCS8);
    try {
      jksUnprotect(epki.encryptedData, "wrong", "a");
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "WRONG_KEY_PASSWORD")).toBe(true);
    }
  });

  it("accepts the protector's AlgorithmIdentifier without NULL (JDK 25, keystore-go)", () => {
    const withNull = jksProtect(fromHex(V2_PKCS8), "pw", saltV2);
    // Drop the 05 00 and fix the two enclosing lengths: 30 7f 30 0e … → 30 7d 30 0c …
    const withoutNull = Uint8Array.from([0x30, withNull[1]! - 2, 0x30, 0x0c, ...withNull.subarray(4, 16), ...withNull.subarray(18)]);
    const info = parseEncryptedPrivateKeyInfo(withoutNull);
    expect(info.parameters).toBeNull();
    expect(toHex(jksUnprotect(info.encryptedData, "pw", "a"))).toBe(V2_PKCS8);
  });

  it("a wrong store password is INTEGRITY with Java's message; no password leaves integrity unchecked", () => {
    const bytes = fromHex(V2);
    expect(() => decodeJks(bytes, { password: "nope" })).toThrow(TAMPERED_MESSAGE);
    const store = decodeJks(bytes);
    expect(store.integrity).toBe("unchecked");
    expect(store.size).toBe(1);
    // Without a store password the file may even lack its digest, as Java's load(stream, null).
    expect(decodeJks(bytes.subarray(0, bytes.length - 20)).size).toBe(1);
  });

  it("refuses to put a secret key into JKS", () => {
    const store = new Keystore({ format: "JKS" });
    store.set({ type: "secretKey", alias: "s", created: new Date(0), algorithm: "AES", key: { plain: new Uint8Array(16) } });
    expect(() => encodeJks(store, { password: "x" })).toThrow(/cannot hold secret keys/);
  });
});

describe("JKS async (WebCrypto) codec", () => {
  it("gives the same store and bytes as the sync codec, and the same errors", async () => {
    const { decodeJksAsync, encodeJksAsync } = await import("../../../src/index.js");
    const bytes = fromHex(V2);
    const store = await decodeJksAsync(bytes, { password: "changeit" });
    expect(store.integrity).toBe("verified");
    expect(toHex(store.privateKeyPkcs8("k", "changeit"))).toBe(V2_PKCS8);
    expect(toHex(await encodeJksAsync(store, { password: "changeit" }))).toBe(V2);
    await expect(decodeJksAsync(bytes, { password: "wrong" })).rejects.toThrow(TAMPERED_MESSAGE);
    await expect(decodeJksAsync(bytes.subarray(0, bytes.length - 1), { password: "changeit" })).rejects.toMatchObject({ code: "TRUNCATED" });
  });
});

describe("JKS dates", () => {
  it("keeps creation dates across the whole signed 64-bit range a JS Date can hold", async () => {
    const { Certificate } = await import("../../../src/index.js");
    for (const ms of [-8_640_000_000_000_000, -1, 0, 1, 2 ** 32, 2 ** 32 - 1, -(2 ** 32), 8_640_000_000_000_000]) {
      const store = new Keystore({ format: "JKS" });
      store.set({ type: "trustedCert", alias: "a", created: new Date(ms), certificate: new Certificate(new Uint8Array([1])) });
      expect(decodeJks(encodeJks(store, { password: "p" }), { password: "p" }).entry("a").created?.getTime()).toBe(ms);
    }
  });

  it("a date beyond 2^53 ms is MALFORMED, not a rounded date", () => {
    const bytes = encodeJks(new Keystore({ format: "JKS" }), { password: "p" });
    const forged = Uint8Array.from([...bytes.subarray(0, 8), 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0x61, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 5, 0x58, 0x2e, 0x35, 0x30, 0x39, 0, 0, 0, 0]);
    expect(() => decodeJks(forged)).toThrow(/safe integer range/);
  });
});
