import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JceksSealedKey, decodeJceks, encodeJceks, type Keystore } from "../../../src/index.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";
import { readInspectLines, type InspectEntry } from "../../helpers/java.js";

/** JCEKS files from the keytool of JDK 17 and Temurin 25 decode to what Java itself read from them. */
const dir = join(repoRoot, "test/fixtures/jceks");

type JavaEntry = InspectEntry;
const expected = readInspectLines(join(dir, "expected.jsonl")).map((result) => ({ ...result, entries: result.entries ?? [] }));

function checkAgainstJava(store: Keystore, entries: JavaEntry[]): void {
  expect(store.aliases().sort()).toEqual(entries.map((e) => e.alias).sort());
  for (const e of entries) {
    const entry = store.entry(e.alias);
    expect(entry.type).toBe(e.type);
    expect(entry.created?.getTime()).toBe(e.creationDateMillis);
    if (e.certChainSha256) expect(store.certificates(e.alias).map((c) => c.sha256)).toEqual(e.certChainSha256);
    if (entry.type === "privateKey") expect(sha256Hex(store.privateKeyPkcs8(e.alias, e.keyPassword))).toBe(e.pkcs8Sha256);
    if (entry.type === "secretKey") {
      const sealed = entry.key.protected as JceksSealedKey;
      const key = sealed.unseal(e.keyPassword!);
      expect(sha256Hex(key.key)).toBe(e.secretKeySha256);
      expect(key.algorithm).toBe(e.secretKeyAlgorithm);
      expect(sealed.keyAlgorithm).toBe(e.secretKeyAlgorithm);
      // Java writes SecretKeySpec for AES/HMAC and KeyRep (via writeReplace) for SunJCE's DESede keys.
      expect(key.form).toBe(e.secretKeyAlgorithm === "DESede" ? "KeyRep" : "SecretKeySpec");
    }
  }
}

describe("keytool-made JCEKS fixtures", () => {
  for (const java of expected) {
    it(`${java.id} (written and read by Java ${java.javaVersion}) decodes to Java's view`, { timeout: 60_000 }, () => {
      expect(java.load).toBe("ok");
      const bytes = new Uint8Array(readFileSync(join(dir, java.id)));
      const store = decodeJceks(bytes, { password: "changeit" });
      expect(store.integrity).toBe("verified");
      checkAgainstJava(store, java.entries);
      // Loaded and saved with the same password, keys kept protected: byte for byte the same file.
      const saved = encodeJceks(decodeJceks(bytes, { password: "changeit" }), { password: "changeit" });
      expect(sha256Hex(saved)).toBe(sha256Hex(bytes));
    });
  }

  it("uses Java's write iteration count of 200,000", () => {
    const store = decodeJceks(new Uint8Array(readFileSync(join(dir, "jdk17.jceks"))));
    const entry = store.entry("aes128");
    if (entry.type !== "secretKey") throw new Error("expected a secret key");
    const params = (entry.key.protected as JceksSealedKey).sealed.encodedParams!;
    expect(sha256Hex(params.subarray(params.length - 5))).toBe(sha256Hex(Uint8Array.from([0x02, 0x03, 0x03, 0x0d, 0x40])));
  });
});
