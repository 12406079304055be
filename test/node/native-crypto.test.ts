import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { setNativeAesCbc } from "../../src/crypto/aes-cbc.js";
import { setNativeDigest } from "../../src/crypto/digest.js";
import { setNativeHmac } from "../../src/crypto/hmac.js";
import { setNativePbkdf2 } from "../../src/crypto/pbkdf2.js";
import { decodeKeystore, encodeKeystore } from "../../src/index.js";
import { useNodeCrypto } from "../../src/node/native-digest.js";
import { repoRoot } from "../helpers/corpus.js";

/** node:crypto's hashing and PBKDF2, installed by the Node adapter, give exactly the pure results. */
describe("useNodeCrypto", () => {
  afterAll(() => {
    setNativeDigest(null);
    setNativePbkdf2(null);
    setNativeAesCbc(null);
    setNativeHmac(null);
  });

  it("decodes JKS and PKCS#12 fixtures to the same fingerprints and keys as the pure code", () => {
    const files = ["jks/j17-chain3.jks", "pkcs12/j17-default.p12", "pkcs12/openssl-default.p12", "pkcs12/j17-legacy.p12", "pkcs12/openssl-aes128.p12", "pkcs12/openssl-sha512mac.p12"];
    const read = () =>
      files.map((file) => {
        const store = decodeKeystore(new Uint8Array(readFileSync(join(repoRoot, "test/fixtures", file))), { password: "changeit" });
        return store.entries().map((entry) => ({
          alias: entry.alias,
          certificates: store.certificates(entry.alias).map((c) => [c.sha1, c.sha256]),
          key: entry.type === "privateKey" ? store.privateKeyPkcs8(entry.alias, "changeit") : entry.type === "secretKey" ? store.secretKey(entry.alias, "changeit") : null,
        }));
      });
    const pure = read();
    useNodeCrypto();
    expect(read()).toEqual(pure);
    expect(() => decodeKeystore(new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/pkcs12/j17-default.p12"))), { password: "x" })).toThrow(/incorrect/);
  });

  it("what it encrypts and MACs, the pure code reads (and a wrong key password is still WRONG_KEY_PASSWORD)", () => {
    useNodeCrypto();
    const source = decodeKeystore(new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/pkcs12/j17-default.p12"))), { password: "changeit" });
    const written = encodeKeystore(source, { format: "PKCS12", password: "changeit", reprotectKeys: true, keyPasswords: {} });
    const key = source.privateKeyPkcs8("server", "changeit");
    expect(() => decodeKeystore(written, { password: "changeit" }).privateKeyPkcs8("server", "wrong")).toThrow(/Get Key failed/);
    setNativeDigest(null);
    setNativePbkdf2(null);
    setNativeAesCbc(null);
    setNativeHmac(null);
    const reread = decodeKeystore(written, { password: "changeit" });
    expect(reread.integrity).toBe("verified");
    expect(reread.privateKeyPkcs8("server", "changeit")).toEqual(key);
  });
});
