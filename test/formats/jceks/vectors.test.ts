import { describe, expect, it } from "vitest";
import {
  Certificate,
  JceksSealedKey,
  Keystore,
  decodeJceks,
  encodeJceks,
  fromHex,
  isKeystoreError,
  toHex,
} from "../../../src/index.js";
import { jceksProtect, JceksProtectedKey } from "../../../src/formats/jceks/key-protector.js";
import { parseSecretKeyStream } from "../../../src/formats/jceks/sealed-object.js";
import { writeSecretKeySpec } from "../../../src/formats/jceks/sealed-object-writer.js";
import { resolveLimits } from "../../../src/model/limits.js";

/** keystore-formats.md §7 V4: a complete JCEKS with one sealed AES key (store changeit, key keypass). */
const V4 =
  "cececece00000002000000010000000300036165730000000000000000aced000573720033636f6d2e73756e2e6372" +
  "7970746f2e70726f76696465722e5365616c65644f626a656374466f724b657950726f746563746f72cd57ca59e730" +
  "bb53020000787200196a617661782e63727970746f2e5365616c65644f626a6563743e363da6c3b754700200045b00" +
  "0d656e636f646564506172616d737400025b425b0010656e63727970746564436f6e74656e7471007e00024c000970" +
  "6172616d73416c677400124c6a6176612f6c616e672f537472696e673b4c00077365616c416c6771007e0003787075" +
  "7200025b42acf317f8060854e0020000787000000010300e04080102030405060708020203e87571007e0005000000" +
  "9069089111a1cfbeb5ca80fb33af3cd8ab79f794c2244903ef0c72e7f3aeafe85f2453ecd26cae162889f3464a820d" +
  "73789309a46d440973e8c839ea8b371d85b3468e828e7b6785dd23999c130a304e44b45475da01b64010a1bfd2bbd2" +
  "9b8281117591fbc0d55941c8fd37a4c5f9332f497db7bedd866a5bd20b40f95fbf636aa4ed955849ea8628057ec6f8" +
  "fa839c60740016504245576974684d4435416e64547269706c65444553740016504245576974684d4435416e645472" +
  "69706c65444553390952977fa060d3272b13207b3935d26013d5c1";
const AES_KEY = fromHex("000102030405060708090a0b0c0d0e0f");
const fixedSalt = (hex: string) => () => fromHex(hex);

describe("JCEKS known-answer vectors", () => {
  it("V4 decodes: one sealed AES key, algorithm known after unsealing", () => {
    const store = decodeJceks(fromHex(V4), { password: "changeit" });
    expect(store.integrity).toBe("verified");
    const entry = store.entry("aes");
    if (entry.type !== "secretKey") throw new Error("expected a secret key");
    expect(entry.algorithm).toBeNull();
    expect(entry.created?.getTime()).toBe(0);
    const sealed = entry.key.protected as JceksSealedKey;
    expect(sealed.keyAlgorithm).toBeNull();
    expect(toHex(store.secretKey("aes", "keypass"))).toBe(toHex(AES_KEY));
    expect(sealed.keyAlgorithm).toBe("AES");
    expect(sealed.unseal("keypass").form).toBe("SecretKeySpec");
  });

  it("V4 is reproduced byte for byte by the writer (same salt and count)", () => {
    const store = new Keystore({ format: "JCEKS" });
    store.set({ type: "secretKey", alias: "aes", created: new Date(0), algorithm: "AES", key: { plain: AES_KEY } });
    const out = encodeJceks(store, {
      password: "changeit",
      keyPasswords: { aes: "keypass" },
      iterations: 1000,
      random: fixedSalt("0102030405060708"),
    });
    expect(out.length).toBe(497);
    expect(toHex(out)).toBe(V4);
  });

  it("a wrong key password is WRONG_KEY_PASSWORD, and the store password does not matter for it", () => {
    const store = decodeJceks(fromHex(V4), { password: "changeit" });
    expect(() => store.secretKey("aes", "changeit")).toThrow(expect.objectContaining({ code: "WRONG_KEY_PASSWORD" }));
  });

  it("a wrong store password is INTEGRITY; no password loads unchecked", () => {
    expect(() => decodeJceks(fromHex(V4), { password: "nope" })).toThrow(expect.objectContaining({ code: "INTEGRITY" }));
    expect(decodeJceks(fromHex(V4)).integrity).toBe("unchecked");
  });

  it("iteration counts above limits.maxIterations are refused with LIMIT before any work", () => {
    const store = decodeJceks(fromHex(V4), { limits: { maxIterations: 999 } });
    try {
      store.secretKey("aes", "keypass");
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "LIMIT")).toBe(true);
    }
  });

  it("SecretKeySpec streams round-trip through the strict parser", () => {
    const stream = writeSecretKeySpec("HmacSHA256", AES_KEY);
    expect(parseSecretKeyStream(stream)).toEqual({ algorithm: "HmacSHA256", key: AES_KEY, form: "SecretKeySpec" });
    // §3.3: 141 bytes for an AES-128 key named "AES"; "HmacSHA256" is 7 characters longer.
    expect(writeSecretKeySpec("AES", AES_KEY).length).toBe(141);
    expect(stream.length).toBe(148);
  });

  it("unknown classes inside the sealed stream are UNSUPPORTED, naming the class", () => {
    const stream = writeSecretKeySpec("AES", AES_KEY);
    const renamed = toHex(stream).replace(toHex(new TextEncoder().encode("javax.crypto.spec.SecretKeySpec")), toHex(new TextEncoder().encode("javax.crypto.spec.SecretKeySpeX")));
    expect(() => parseSecretKeyStream(fromHex(renamed))).toThrow(/SecretKeySpeX/);
  });

  it("private keys: PBEWithMD5AndTripleDES round trip, ASCII and non-ASCII (UTF-8, JDK 25) passwords", () => {
    const pkcs8 = fromHex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420" + "11".repeat(32));
    const limits = resolveLimits();
    for (const password of ["keypass", "pässwörd€", ""]) {
      const encoded = jceksProtect(pkcs8, password, undefined, 10);
      const key = new JceksProtectedKey(encoded, "k", limits);
      expect(key.algorithm).toBe("1.3.6.1.4.1.42.2.19.1");
      expect(toHex(key.decrypt(password))).toBe(toHex(pkcs8));
      expect(() => key.decrypt(password + "x")).toThrow(expect.objectContaining({ code: "WRONG_KEY_PASSWORD" }));
    }
  });

  it("refuses to write BKS public keys as JCEKS secret keys", () => {
    const store = new Keystore({ format: "JCEKS" });
    const entry = { type: "secretKey" as const, alias: "pub", created: new Date(0), algorithm: "RSA", key: { plain: AES_KEY }, bksKind: "publicKey" };
    store.set(entry);
    expect(() => encodeJceks(store, { password: "x", iterations: 10 })).toThrow(expect.objectContaining({ code: "UNSUPPORTED" }));
  });

  it("writes trusted certificates and keeps JKS-protected private keys as they are", () => {
    const store = new Keystore({ format: "JCEKS" });
    const cert = new Certificate(fromHex("3003020101"), "X.509");
    store.set({ type: "trustedCert", alias: "ca", created: new Date(5), certificate: cert });
    const back = decodeJceks(encodeJceks(store, { password: "pw" }), { password: "pw" });
    const entry = back.entry("ca");
    expect(entry.type === "trustedCert" && toHex(entry.certificate.der)).toBe("3003020101");
  });
});

describe("JCEKS re-protection", () => {
  it("reprotectKeys re-seals a sealed key under a fresh salt, keeping algorithm and bytes", () => {
    const store = decodeJceks(fromHex(V4), { password: "changeit" });
    const out = encodeJceks(store, { password: "changeit", keyPasswords: { aes: "keypass" }, reprotectKeys: true, iterations: 20 });
    expect(toHex(out)).not.toBe(V4);
    const back = decodeJceks(out, { password: "changeit" });
    const entry = back.entry("aes");
    if (entry.type !== "secretKey") throw new Error("expected a secret key");
    const key = (entry.key.protected as JceksSealedKey).unseal("keypass");
    expect([key.algorithm, toHex(key.key)]).toEqual(["AES", toHex(AES_KEY)]);
  });
});
