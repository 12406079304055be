import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { derInteger, derOctetString, derOid, derSequence, DER_NULL } from "../../../src/binary/der.js";
import { toHex } from "../../../src/binary/encoding.js";
import { parseEncryptedPrivateKeyInfo, pbeDecrypt, pbeEncrypt } from "../../../src/formats/pkcs12/pbe.js";
import { PKCS12_PROFILES, withIterations } from "../../../src/formats/pkcs12/profiles.js";
import { Keystore, Pkcs12ProtectedKey, decodeKeystore, encodeKeystore, type SecretKeyEntry } from "../../../src/index.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";
import { jdks } from "../../helpers/java.js";

/**
 * DESede secret keys in PKCS#12 (issue 12, item 4): Java writes the key algorithm as 1.3.14.3.2.17;
 * keystorekit once wrote 1.2.840.113549.3.7 (the DES-EDE3-CBC cipher). Both read as "DESede", and
 * what keystorekit writes is Java's OID. Fixtures: test/fixtures/generate-pkcs12-desede.sh.
 */
const dir = join(repoRoot, "test/fixtures/pkcs12-desede");
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { file: string; alias: string; algorithm: string; keySha256: string }[];
const JAVA_DESEDE_OID = "06052b0e030211"; // OBJECT IDENTIFIER 1.3.14.3.2.17
const CIPHER_DESEDE_OID = "06082a864886f70d0307"; // OBJECT IDENTIFIER 1.2.840.113549.3.7
const KEY = Uint8Array.from({ length: 24 }, (_, i) => (i * 37 + 11) & 0xff);

/** The plaintext of the (single) secret bag's key: the PKCS#8-shaped wrapper Java puts around the key. */
function secretBagPlaintext(store: Keystore, alias: string, password: string): string {
  const entry = store.entry(alias) as SecretKeyEntry;
  const { algorithm, data } = parseEncryptedPrivateKeyInfo(entry.key.protected!.encoded);
  return toHex(pbeDecrypt(algorithm, data, password, 10_000_000));
}

function desedeStore(): Keystore {
  const store = new Keystore({ format: "PKCS12" });
  store.set({ type: "secretKey", alias: "desede", created: new Date(0), algorithm: "DESede", key: { plain: KEY } });
  return store;
}

describe("PKCS#12 DESede secret keys", () => {
  for (const want of expected) {
    it(`${want.file}: Java's key reads as DESede, and Java wrote 1.3.14.3.2.17`, () => {
      const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, want.file))), { password: "changeit" });
      expect(sha256Hex(store.secretKey(want.alias, "changeit"))).toBe(want.keySha256);
      const entry = store.entry(want.alias) as SecretKeyEntry;
      expect(entry.key.protected!.keyAlgorithm).toBe(want.algorithm);
      expect(secretBagPlaintext(store, want.alias, "changeit")).toContain(JAVA_DESEDE_OID);
    });

    it(`${want.file}: PKCS#12 → PKCS#12 with the keys protected again keeps DESede`, () => {
      const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, want.file))), { password: "changeit" });
      const plain = store.secretKey(want.alias, "changeit");
      const entry = store.entry(want.alias) as SecretKeyEntry;
      store.set({ ...entry, algorithm: entry.key.protected!.keyAlgorithm ?? null, key: { plain } });
      const bytes = encodeKeystore(store, { format: "PKCS12", password: "other", reprotectKeys: true, profile: withIterations(PKCS12_PROFILES.java, 1) });
      const back = decodeKeystore(bytes, { password: "other" });
      expect(back.secretKey(want.alias, "other")).toEqual(plain);
      expect((back.entry(want.alias) as SecretKeyEntry).key.protected!.keyAlgorithm).toBe("DESede");
    });
  }

  it("writes Java's OID, 1.3.14.3.2.17", () => {
    const bytes = encodeKeystore(desedeStore(), { format: "PKCS12", password: "pw", profile: withIterations(PKCS12_PROFILES.java, 1) });
    const plaintext = secretBagPlaintext(decodeKeystore(bytes, { password: "pw" }), "desede", "pw");
    expect(plaintext).toContain(JAVA_DESEDE_OID);
    expect(plaintext).not.toContain(CIPHER_DESEDE_OID);
  });

  it("reads the cipher OID 1.2.840.113549.3.7 (written by earlier keystorekit versions) as DESede too", () => {
    const plaintext = derSequence(derInteger(0), derSequence(derOid("1.2.840.113549.3.7"), DER_NULL), derOctetString(KEY));
    const { algorithm, ciphertext } = pbeEncrypt(withIterations(PKCS12_PROFILES.java, 1).keys, plaintext, "pw");
    const key = new Pkcs12ProtectedKey(derSequence(algorithm, derOctetString(ciphertext)), "secret", "old");
    expect(key.decrypt("pw")).toEqual(KEY);
    expect(key.keyAlgorithm).toBe("DESede");
  });

  for (const jdk of jdks) {
    it(`${jdk.name}: reads our DESede key as DESede, through PKCS#12 and through JCEKS, and its cipher takes it`, () => {
      const tmp = mkdtempSync(join(tmpdir(), "kk-desede-"));
      const probe = join(repoRoot, "test/interop/SecretKeyProbe.java");
      for (const format of ["PKCS12", "JCEKS"] as const) {
        const file = join(tmp, `ours.${format.toLowerCase()}`);
        // Through PKCS#12 first, as a PKCS12 → JCEKS conversion does.
        const viaP12 = decodeKeystore(encodeKeystore(desedeStore(), { format: "PKCS12", password: "changeit" }), { password: "changeit" });
        const entry = viaP12.entry("desede") as SecretKeyEntry;
        const plain = viaP12.secretKey("desede", "changeit");
        viaP12.set({ ...entry, algorithm: entry.key.protected!.keyAlgorithm ?? null, key: { plain } });
        writeFileSync(file, encodeKeystore(viaP12, { format, password: "changeit", reprotectKeys: true }));
        const output = execFileSync(jdk.java, [probe, file, format, "changeit", "desede"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
        expect(output).toBe(`algorithm=DESede sha256=${sha256Hex(KEY)} use=ok`);
      }
    });
  }
});
