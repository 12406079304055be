import { describe, expect, it } from "vitest";
import { decodeKeystore, encodeKeystore } from "../../../src/index.js";
import { corpusFile, expectErrorClass, hasCorpus, loadManifest, sha256Hex } from "../../helpers/corpus.js";

/** Every JKS file of the shared peer corpus decodes to what Java reported for it. */
const manifest = loadManifest();
const stores = manifest.stores.filter((s) => s.format === "JKS");

describe.skipIf(!hasCorpus)("peer corpus: JKS", () => {
  it("has JKS stores to check", () => {
    expect(stores.length).toBeGreaterThan(10);
  });

  for (const s of stores) {
    it(`${s.file} → ${s.expected.result === "ok" ? `${s.expected.entryCount} entries` : s.expected.errorClass}`, () => {
      const bytes = corpusFile(s.file);
      if (s.expected.result === "error") {
        expectErrorClass(() => decodeKeystore(bytes, { password: s.storePassword, format: "JKS" }), [
          s.expected.errorClass,
          ...(s.expected.acceptableErrorClasses ?? []),
        ]);
        return;
      }
      const store = decodeKeystore(bytes, { password: s.storePassword });
      expect(store.format).toBe("JKS");
      expect(store.integrity).toBe("verified");
      expect(store.aliases().sort()).toEqual(s.entries.map((e) => e.alias));
      for (const e of s.entries) {
        const entry = store.entry(e.alias);
        expect(entry.type).toBe(e.type);
        expect(entry.created?.toISOString() ?? null).toBe(e.creationDate);
        const chain = store.certificates(e.alias);
        expect(chain.map((c) => c.sha256)).toEqual(e.certChainSha256);
        expect(chain.map((c) => c.subject)).toEqual(e.certChainSubjects);
        if (e.type === "privateKey") {
          expect(sha256Hex(store.privateKeyPkcs8(e.alias, e.keyPassword ?? undefined))).toBe(e.pkcs8DecryptedSha256);
        }
      }
      // Lossless: saving with the same password reproduces the file (trailing bytes aside).
      const saved = encodeKeystore(store, { format: "JKS", password: s.storePassword });
      expect(sha256Hex(saved)).toBe(sha256Hex(bytes.subarray(0, saved.length)));
    });
  }

  const checks = manifest.passwordChecks.filter((c) => stores.some((s) => s.file === c.file));
  for (const c of checks) {
    it(`password check ${c.file} ${c.alias ?? "(store)"} → ${c.expected.errorClass ?? "ok"}`, () => {
      const run = () => {
        const store = decodeKeystore(corpusFile(c.file), { password: c.storePassword });
        if (c.alias !== undefined) store.privateKeyPkcs8(c.alias, c.keyPassword);
      };
      if (c.expected.result === "ok") return expect(run).not.toThrow();
      expectErrorClass(run, [c.expected.errorClass]);
    });
  }
});
