import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, type KeystoreFormat } from "../../../src/index.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";
import { readInspectLines, type InspectEntry } from "../../helpers/java.js";

/** BKS and UBER stores made by bcprov 1.72 through keytool decode to what BouncyCastle read from them. */
const dir = join(repoRoot, "test/fixtures/bks");

type JavaEntry = InspectEntry;
const expected = readInspectLines(join(dir, "expected.jsonl")).map((result) => ({ ...result, entries: result.entries ?? [] }));

describe("BouncyCastle-made BKS/UBER fixtures", () => {
  for (const java of expected) {
    it(`${java.id} (${java.keyStoreType}) decodes to BouncyCastle's view`, () => {
      expect(java.load).toBe("ok");
      const format = java.keyStoreType as KeystoreFormat;
      const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, java.id))), { password: "changeit" });
      expect(store.format).toBe(format);
      expect(store.integrity).toBe("verified");
      expect(store.aliases().sort()).toEqual(java.entries.map((e) => e.alias).sort());
      for (const e of java.entries) {
        const entry = store.entry(e.alias);
        expect(entry.type).toBe(e.type);
        expect(entry.created?.getTime()).toBe(e.creationDateMillis);
        if (e.certChainSha256) expect(store.certificates(e.alias).map((c) => c.sha256)).toEqual(e.certChainSha256);
        if (entry.type === "privateKey") expect(sha256Hex(store.privateKeyPkcs8(e.alias, e.keyPassword))).toBe(e.pkcs8Sha256);
        if (entry.type === "secretKey") {
          expect(sha256Hex(store.secretKey(e.alias, e.keyPassword))).toBe(e.secretKeySha256);
          // keypass differs from the store password, so the kind was guessed at load (no chain → secret).
          expect(entry.algorithm).toBeNull();
        }
      }
      expect(() => decodeKeystore(new Uint8Array(readFileSync(join(dir, java.id))), { password: "wrong" })).toThrow(
        expect.objectContaining({ code: "INTEGRITY" }),
      );
    });
  }
});
