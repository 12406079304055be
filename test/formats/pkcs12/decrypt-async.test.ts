import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, type Keystore } from "../../../src/index.js";
import { setNativePbkdf2 } from "../../../src/crypto/pbkdf2.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";

/**
 * Keystore.privateKeyPkcs8Async gives what privateKeyPkcs8 gives, for every key of every PKCS#12
 * fixture (PBES2 keys through WebCrypto's PBKDF2, legacy PBE keys through the sync fallback) and of
 * a JKS store (no async path at all), and fails the same way.
 */
const dir = join(repoRoot, "test/fixtures/pkcs12");
const expectedOf = (id: string) =>
  JSON.parse(readFileSync(join(dir, "expected", id.replace(/\.p12$/, ".json")), "utf8")) as { load: string; storePassword: string; entries?: { alias: string; type: string; pkcs8Sha256?: string }[] };
const withKeys = readdirSync(dir)
  .filter((file) => file.endsWith(".p12"))
  .map((file) => ({ file, expected: expectedOf(file) }))
  .filter(({ expected }) => expected.load === "ok" && expected.entries?.some((e) => e.type === "privateKey"));

const keyAliases = (store: Keystore) => [...store].filter((entry) => entry.type === "privateKey").map((entry) => entry.alias);

describe("privateKeyPkcs8Async", () => {
  it("has PKCS#12 fixtures with keys to check", () => {
    expect(withKeys.length).toBeGreaterThanOrEqual(15);
  });

  for (const { file, expected } of withKeys) {
    it(`${file}: every key, all at once, matches Java's PKCS#8 and the sync result`, async () => {
      const password = expected.storePassword;
      const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, file))), { password });
      const aliases = keyAliases(store);
      const decrypted = await Promise.all(aliases.map((alias) => store.privateKeyPkcs8Async(alias, password)));
      aliases.forEach((alias, i) => {
        expect(decrypted[i]).toEqual(store.privateKeyPkcs8(alias, password));
        const java = expected.entries!.find((e) => e.alias === alias)?.pkcs8Sha256;
        if (java) expect(sha256Hex(decrypted[i]!)).toBe(java);
      });
    });
  }

  it("derives PBES2 keys through WebCrypto, not the sync PBKDF2", async () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, "j17-default.p12"))), { password: "changeit" });
    const [alias] = keyAliases(store);
    const expected = store.privateKeyPkcs8(alias!, "changeit");
    setNativePbkdf2(() => {
      throw new Error("the sync PBKDF2 ran");
    });
    try {
      expect(await store.privateKeyPkcs8Async(alias!, "changeit")).toEqual(expected);
      expect(() => store.privateKeyPkcs8(alias!, "changeit")).toThrow("the sync PBKDF2 ran"); // the trap works
    } finally {
      setNativePbkdf2(null);
    }
  });

  it("fails as the sync call does: wrong password, no password, not a key", async () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, "j17-default.p12"))), { password: "changeit" });
    const [alias] = keyAliases(store);
    await expect(store.privateKeyPkcs8Async(alias!, "wrong")).rejects.toMatchObject({ code: "WRONG_KEY_PASSWORD" });
    await expect(store.privateKeyPkcs8Async(alias!)).rejects.toMatchObject({ code: "PASSWORD_REQUIRED" });
    await expect(store.privateKeyPkcs8Async("no such alias", "changeit")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("works for formats without an async path (JKS)", async () => {
    const jks = new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jks/j17-rsa.jks")));
    const store = decodeKeystore(jks, { password: "changeit" });
    const [alias] = keyAliases(store);
    expect(await store.privateKeyPkcs8Async(alias!, "changeit")).toEqual(store.privateKeyPkcs8(alias!, "changeit"));
  });
});
