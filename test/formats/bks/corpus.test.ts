import { describe, expect, it } from "vitest";
import {
  BksSealedKey,
  bksEntryKind,
  decodeBks,
  decodeKeystore,
  type Entry,
  type KeystoreFormat,
} from "../../../src/index.js";
import { corpusFile, expectErrorClass, hasCorpus, loadManifest, sha256Hex, type ManifestEntry } from "../../helpers/corpus.js";

/** Every BKS and UBER file of the shared peer corpus decodes to what BouncyCastle reported for it. */
const manifest = loadManifest();
const stores = manifest.stores.filter((s) => s.format === "BKS" || s.format === "UBER");

type BksManifestEntry = ManifestEntry & { publicKeySha256?: string; secretValueSha256?: string; secretValueLength?: number };

/** The model type each manifest type is mapped to (BKS public keys and secret values become secret keys). */
const MODEL_TYPE: Record<string, Entry["type"]> = {
  privateKey: "privateKey",
  trustedCert: "trustedCert",
  secretKey: "secretKey",
  publicKey: "secretKey",
  secretValue: "secretKey",
};


/** The decrypted (or plain) bytes of a key entry, whatever its BKS kind. */
function keyBytes(entry: Entry, password: string | null | undefined): Uint8Array {
  if (entry.type === "trustedCert") throw new Error("not a key");
  if (entry.key.plain) return entry.key.plain;
  return entry.key.protected!.decrypt(password ?? "");
}

describe.skipIf(!hasCorpus)("peer corpus: BKS and UBER", () => {
  it("has BKS and UBER stores to check", () => {
    expect(stores.filter((s) => s.format === "UBER").length).toBeGreaterThan(3);
    expect(stores.filter((s) => s.format === "BKS").length).toBeGreaterThan(5);
  });

  for (const s of stores) {
    const format = s.format as KeystoreFormat;
    it(`${s.file} → ${s.expected.result === "ok" ? `${s.expected.entryCount} entries` : s.expected.errorClass}`, () => {
      const bytes = corpusFile(s.file);
      if (s.expected.result === "error") {
        expectErrorClass(() => decodeKeystore(bytes, { password: s.storePassword, format }), [
          s.expected.errorClass,
          ...(s.expected.acceptableErrorClasses ?? []),
        ]);
        return;
      }
      const entries = s.entries as BksManifestEntry[];
      const keyPasswords = Object.fromEntries(entries.filter((e) => e.keyPassword).map((e) => [e.alias, e.keyPassword!]));
      // The generic entry point (store password only) recognises the format and checks integrity…
      const generic = decodeKeystore(bytes, { password: s.storePassword, format });
      expect(generic.format).toBe(format);
      expect(generic.integrity).toBe("verified");
      expect(generic.aliases().sort()).toEqual(entries.map((e) => e.alias));
      // …and with the key passwords every sealed key gets its exact kind at load.
      const store = decodeBks(bytes, { password: s.storePassword, format, keyPasswords });
      expect(store.caseSensitiveAliases).toBe(true);
      for (const e of entries) {
        const entry = store.entry(e.alias);
        expect(entry.type).toBe(MODEL_TYPE[e.type]);
        expect(bksEntryKind(entry)).toBe(e.type);
        expect(entry.created?.toISOString() ?? null).toBe(e.creationDate);
        const chain = entry.type === "trustedCert" ? [entry.certificate] : entry.type === "privateKey" ? entry.chain : [];
        // The model keeps a chain only on private keys; BKS may store one on any key.
        if (entry.type !== "secretKey") expect(chain.map((c) => c.sha256)).toEqual(e.certChainSha256);
        if (e.type === "trustedCert") continue;
        const key = keyBytes(entry, e.keyPassword);
        if (e.type === "privateKey") expect(sha256Hex(key)).toBe(e.pkcs8DecryptedSha256);
        if (e.type === "publicKey") expect(sha256Hex(key)).toBe(e.publicKeySha256);
        if (e.type === "secretValue") {
          expect(sha256Hex(key)).toBe(e.secretValueSha256);
          expect(key.length).toBe(e.secretValueLength);
        }
        if (e.type === "secretKey" && entry.type === "secretKey") {
          expect(sha256Hex(key)).toBe(e.secretKeySha256);
          expect(key.length).toBe(e.secretKeyLength);
          expect(entry.algorithm).toBe(e.secretKeyAlgorithm);
        }
        if (e.type === "publicKey" && entry.type === "secretKey") expect(entry.algorithm).toBe(e.keyAlgorithm);
      }
    });
  }

  const checks = manifest.passwordChecks.filter((c) => stores.some((s) => s.file === c.file));
  it("has password checks", () => expect(checks.length).toBeGreaterThan(20));
  for (const c of checks) {
    it(`password check ${c.file} ${c.alias ?? "(store)"} → ${c.expected.errorClass ?? "ok"}`, () => {
      const run = () => {
        const store = decodeKeystore(corpusFile(c.file), { password: c.storePassword });
        if (c.alias === undefined) return;
        const entry = store.entry(c.alias);
        if (entry.type === "trustedCert") throw new Error("not a key entry");
        const sealed = entry.key.protected;
        expect(sealed).toBeInstanceOf(BksSealedKey);
        sealed!.decrypt(c.keyPassword ?? "");
      };
      if (c.expected.result === "ok") return expect(run).not.toThrow();
      expectErrorClass(run, [c.expected.errorClass]);
    });
  }
});
