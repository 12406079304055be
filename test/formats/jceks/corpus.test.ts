import { describe, expect, it } from "vitest";
import { JceksSealedKey, decodeKeystore, encodeKeystore, type Keystore } from "../../../src/index.js";
import { corpusFile, expectErrorClass, hasCorpus, loadManifest, sha256Hex } from "../../helpers/corpus.js";

/** Every JCEKS file of the shared peer corpus decodes to what Java reported for it. */
const manifest = loadManifest();
const stores = manifest.stores.filter((s) => s.format === "JCEKS");


function recoverKey(store: Keystore, alias: string, password: string | undefined): Uint8Array {
  const entry = store.entry(alias);
  return entry.type === "privateKey" ? store.privateKeyPkcs8(alias, password) : store.secretKey(alias, password);
}

describe.skipIf(!hasCorpus)("peer corpus: JCEKS", () => {
  it("has JCEKS stores to check", () => {
    expect(stores.length).toBeGreaterThan(10);
  });

  for (const s of stores) {
    it(`${s.file} → ${s.expected.result === "ok" ? `${s.expected.entryCount} entries` : s.expected.errorClass}`, () => {
      const bytes = corpusFile(s.file);
      if (s.expected.result === "error") {
        expectErrorClass(() => decodeKeystore(bytes, { password: s.storePassword, format: "JCEKS" }), [
          s.expected.errorClass,
          ...(s.expected.acceptableErrorClasses ?? []),
        ]);
        return;
      }
      const store = decodeKeystore(bytes, { password: s.storePassword, format: "JCEKS" });
      expect(store.format).toBe("JCEKS");
      expect(store.integrity).toBe("verified");
      expect(store.aliases().sort()).toEqual(s.entries.map((e) => e.alias));
      for (const e of s.entries) {
        const entry = store.entry(e.alias);
        expect(entry.type).toBe(e.type);
        expect(entry.created?.toISOString() ?? null).toBe(e.creationDate);
        expect(store.certificates(e.alias).map((c) => c.sha256)).toEqual(e.certChainSha256);
        if (e.type === "privateKey") {
          expect(sha256Hex(store.privateKeyPkcs8(e.alias, e.keyPassword ?? undefined))).toBe(e.pkcs8DecryptedSha256);
        }
        if (e.type === "secretKey" && entry.type === "secretKey") {
          const sealed = entry.key.protected;
          expect(sealed).toBeInstanceOf(JceksSealedKey);
          expect(entry.algorithm).toBeNull();
          const key = store.secretKey(e.alias, e.keyPassword ?? undefined);
          expect(sha256Hex(key)).toBe(e.secretKeySha256);
          expect(key.length).toBe(e.secretKeyLength);
          expect((sealed as JceksSealedKey).keyAlgorithm).toBe(e.secretKeyAlgorithm);
        }
      }
      // Lossless: saving with the same password reproduces the file (trailing bytes aside).
      const saved = encodeKeystore(store, { format: "JCEKS", password: s.storePassword });
      expect(sha256Hex(saved)).toBe(sha256Hex(bytes.subarray(0, saved.length)));
    });
  }

  const checks = manifest.passwordChecks.filter((c) => stores.some((s) => s.file === c.file));
  it("has password checks", () => expect(checks.length).toBeGreaterThan(5));
  for (const c of checks) {
    it(`password check ${c.file} ${c.alias ?? "(store)"} → ${c.expected.errorClass ?? "ok"}`, () => {
      const run = () => {
        const store = decodeKeystore(corpusFile(c.file), { password: c.storePassword, format: "JCEKS" });
        if (c.alias !== undefined) recoverKey(store, c.alias, c.keyPassword);
      };
      if (c.expected.result === "ok") return expect(run).not.toThrow();
      expectErrorClass(run, [c.expected.errorClass]);
    });
  }
});
