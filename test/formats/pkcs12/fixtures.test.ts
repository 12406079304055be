import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, isKeystoreError } from "../../../src/index.js";
import { corpusFile, errorClassOf, hasCorpus, loadManifest, repoRoot, sha256Hex } from "../../helpers/corpus.js";
import type { InspectResult } from "../../helpers/java.js";

/** PKCS#12 files made by keytool and OpenSSL decode to what Java reports for them. */
const dir = join(repoRoot, "test/fixtures/pkcs12");
const expected = readFileSync(join(dir, "expected.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line) as InspectResult & { entries: (InspectResult["entries"] & object)[number] & { secretKeySha256?: string; secretKeyAlgorithm?: string }[] });
const passwordOf = (file: string) => (file === "openssl-emptypass.p12" ? "" : "changeit");

describe("PKCS#12 fixtures from keytool and OpenSSL", () => {
  it("has the fixtures", () => expect(expected.length).toBeGreaterThanOrEqual(12));

  for (const java of expected) {
    it(`${java.id}: ${java.size} entries as Java sees them`, () => {
      const password = passwordOf(java.id);
      const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, java.id))), { password });
      expect(store.format).toBe("PKCS12");
      const javaAliases = java.entries!.map((e) => e.alias).sort();
      if (java.id === "openssl-noenc.p12") {
        // Java ignores unencrypted keyBags (its store looks empty); keystorekit keeps the key.
        expect(javaAliases).toEqual([]);
        expect(store.entries().map((e) => e.type)).toEqual(["privateKey"]);
        expect(store.certificates(store.aliases()[0]!)).toHaveLength(2);
        return;
      }
      expect(store.aliases().sort()).toEqual(javaAliases);
      for (const want of java.entries!) {
        const entry = store.require(want.alias);
        expect(entry.type).toBe(want.type);
        expect(store.certificates(want.alias).map((c) => c.sha256)).toEqual(want.certChainSha256 ?? []);
        // Java reports the load time where the file has no date; where it has one, they agree.
        if (entry.created) expect(entry.created.toISOString()).toBe(want.creationDate);
        if (want.type === "privateKey") expect(sha256Hex(store.privateKeyPkcs8(want.alias, password))).toBe(want.pkcs8Sha256);
        if (want.type === "secretKey") {
          const w = want as { secretKeySha256?: string; secretKeyAlgorithm?: string };
          expect(sha256Hex(store.secretKey(want.alias, password))).toBe(w.secretKeySha256);
          if (entry.type === "secretKey") expect(entry.key.protected?.keyAlgorithm).toBe(w.secretKeyAlgorithm);
        }
      }
    });
  }

  it("a certificates-only OpenSSL file: no entries for Java, the certificate kept aside as untrusted", () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, "openssl-nokeys.p12"))), { password: "changeit" });
    expect(store.size).toBe(0);
    expect(store.untrustedCertificates.map((c) => c.subject)).toEqual(["O=keystorekit,CN=keystorekit test CA"]);
  });

  it("wrong passwords: INTEGRITY for the store, WRONG_KEY_PASSWORD for a key", () => {
    const bytes = new Uint8Array(readFileSync(join(dir, "j17-default.p12")));
    expect(() => decodeKeystore(bytes, { password: "wrong" })).toThrow(/password was incorrect/);
    // OpenSSL's -nomac also leaves the certificates in the clear: any password opens the store
    // (as in Java), and only the key then refuses it.
    const nomac = decodeKeystore(new Uint8Array(readFileSync(join(dir, "openssl-nomac.p12"))), { password: "wrong" });
    expect(nomac.integrity).toBe("unchecked");
    expect(() => nomac.privateKeyPkcs8("server", "wrong")).toThrow(/Get Key failed/);
    const store = decodeKeystore(bytes, { password: "changeit" });
    try {
      store.privateKeyPkcs8("server", "wrong");
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "WRONG_KEY_PASSWORD")).toBe(true);
    }
  });

  it("without a password, like Java: MAC unchecked, encrypted certificate safes skipped", () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, "j17-default.p12"))));
    expect(store.integrity).toBe("unchecked");
    expect(store.aliases().sort()).toEqual(["aes", "hmac", "server"]);
    expect(store.certificates("server")).toEqual([]);
  });
});

describe.skipIf(!hasCorpus)("peer corpus: PKCS#12", () => {
  const manifest = loadManifest();
  for (const s of manifest.stores.filter((store) => store.format === "PKCS12")) {
    it(`${s.file} → ${s.expected.entryCount} entries`, () => {
      const store = decodeKeystore(corpusFile(s.file), { password: s.storePassword });
      expect(store.aliases().sort()).toEqual(s.entries.map((e) => e.alias));
      for (const e of s.entries) {
        expect(store.require(e.alias).type).toBe(e.type);
        expect(store.certificates(e.alias).map((c) => c.sha256)).toEqual(e.certChainSha256);
        expect(store.certificates(e.alias).map((c) => c.subject)).toEqual(e.certChainSubjects);
        if (e.creationDate) expect(store.require(e.alias).created?.toISOString()).toBe(e.creationDate);
      }
    });
  }
  for (const c of manifest.passwordChecks.filter((check) => check.file.endsWith(".p12"))) {
    it(`password check ${c.file} → ${c.expected.errorClass ?? "ok"}`, () => {
      const run = () => decodeKeystore(corpusFile(c.file), { password: c.storePassword });
      if (c.expected.result === "ok") return expect(run).not.toThrow();
      try {
        run();
        expect.unreachable();
      } catch (error) {
        expect(isKeystoreError(error) && errorClassOf(error.code)).toBe(c.expected.errorClass);
      }
    });
  }
});

describe("PKCS#12 async decoding (WebCrypto PBKDF2)", () => {
  it("gives the same entries and keys as the sync decoder, and the same errors", async () => {
    const { decodeKeystoreAsync } = await import("../../../src/index.js");
    for (const java of expected) {
      const bytes = new Uint8Array(readFileSync(join(dir, java.id)));
      const password = passwordOf(java.id);
      const [sync, async] = [decodeKeystore(bytes, { password }), await decodeKeystoreAsync(bytes, { password })];
      expect(async.aliases()).toEqual(sync.aliases());
      expect(async.integrity).toBe(sync.integrity);
      for (const alias of sync.aliases()) expect(async.certificates(alias).map((c) => c.sha256)).toEqual(sync.certificates(alias).map((c) => c.sha256));
    }
    await expect(decodeKeystoreAsync(new Uint8Array(readFileSync(join(dir, "j17-default.p12"))), { password: "nope" })).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});
