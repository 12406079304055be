import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, encodeKeystore, isKeystoreError, privateKeyAlgorithm } from "../../../src/index.js";
import { repoRoot, sha256Hex, type ManifestEntry } from "../../helpers/corpus.js";

/** JKS stores made by keytool (Java 17 and Temurin 25) decode to what Java reports for them. */
const fixtures = join(repoRoot, "test/fixtures");
interface Expected {
  file: string;
  storePassword: string;
  entries: (ManifestEntry & { pkcs8Sha256?: string })[];
}
const expectations = readdirSync(join(fixtures, "expected"))
  .filter((name) => name.endsWith(".json"))
  .map((name) => JSON.parse(readFileSync(join(fixtures, "expected", name), "utf8")) as Expected);
const keytoolCount = (name: string) => {
  try {
    return Number(/Your keystore contains (\d+) entr/.exec(readFileSync(join(fixtures, "expected/keytool-list", `${name}.txt`), "utf8"))?.[1]);
  } catch {
    return undefined;
  }
};
/** Java's names for key algorithms where they differ from the OID's usual name. */
const sameAlgorithm = (ours: string | null, java: string | undefined) => ours === java || (ours === "Ed25519" && java === "EdDSA");

describe("keytool-made JKS fixtures", () => {
  it("has the fixtures", () => expect(expectations.length).toBeGreaterThanOrEqual(11));

  for (const want of expectations) {
    it(`${want.file}: ${want.entries.length} entries as Java reports them, saved back byte for byte`, () => {
      const bytes = new Uint8Array(readFileSync(join(fixtures, want.file)));
      const store = decodeKeystore(bytes, { password: want.storePassword });
      expect(store.format).toBe("JKS");
      expect(store.integrity).toBe("verified");
      expect(store.aliases().sort()).toEqual(want.entries.map((e) => e.alias).sort());
      const listed = keytoolCount(want.file.replace(/^jks\/|\.jks$/g, ""));
      if (listed !== undefined) expect(store.size).toBe(listed);
      for (const e of want.entries) {
        const entry = store.entry(e.alias);
        expect(entry.type).toBe(e.type);
        expect(entry.created?.toISOString()).toBe(e.creationDate);
        expect(store.certificates(e.alias).map((c) => c.sha256)).toEqual(e.certChainSha256);
        expect(store.certificates(e.alias).map((c) => c.subject)).toEqual(e.certChainSubjects);
        if (e.type === "privateKey") {
          const pkcs8 = store.privateKeyPkcs8(e.alias, e.keyPassword ?? want.storePassword);
          expect(sameAlgorithm(privateKeyAlgorithm(pkcs8), e.keyAlgorithm)).toBe(true);
          expect(sha256Hex(pkcs8)).toBe(e.pkcs8Sha256);
        }
      }
      expect(sha256Hex(encodeKeystore(store, { format: "JKS", password: want.storePassword }))).toBe(sha256Hex(bytes));
    });
  }

  it("a key password other than the store password: WRONG_KEY_PASSWORD until it is given", () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(fixtures, "jks/j17-keypass.jks"))), { password: "changeit" });
    try {
      store.privateKeyPkcs8("rsa", "changeit");
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "WRONG_KEY_PASSWORD")).toBe(true);
    }
    expect(store.privateKeyPkcs8("RSA", "keypass1").length).toBeGreaterThan(1000);
  });
});
