import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Keystore, decodeJceks, encodeJceks, toHex } from "../../../src/index.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";
import { bcprovPath, inspectSource, requireInspect } from "../../helpers/java.js";

/**
 * JCEKS files written by keystorekit are read back by Java 17 and 25: `keytool -list`, and every key
 * recovered through java.security.KeyStore (shared/tools/Inspect.java). Skipped without java.
 */
const JAVA25 = process.env.JAVA25_HOME ?? "/usr/lib/jvm/temurin-25-jdk-amd64";
const javaWorks = (java: string) => spawnSync(java, ["-version"]).status === 0;
const jdks = [
  { name: "JDK 17 (PATH)", bin: "" },
  { name: "Temurin 25", bin: join(JAVA25, "bin") + "/" },
].filter((jdk) => javaWorks(jdk.bin + "java"));
const UTF8_PASSWORD = "pässwörd€";

const work = mkdtempSync(join(tmpdir(), "keystorekit-jceks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function buildStore(): { bytes: Uint8Array; expected: Map<string, string> } {
  const source = decodeJceks(new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jceks/jdk17.jceks"))), { password: "changeit" });
  const rsa = source.entry("rsa");
  const ca = source.entry("ca");
  if (rsa.type !== "privateKey" || ca.type !== "trustedCert") throw new Error("fixture changed");
  const pkcs8 = source.privateKeyPkcs8("rsa", "keypass");
  const store = new Keystore({ format: "JCEKS" });
  const expected = new Map<string, string>();
  const created = new Date(1_700_000_000_123);
  store.set({ type: "privateKey", alias: "rsa", created, chain: rsa.chain, key: { plain: pkcs8 } });
  expected.set("rsa", sha256Hex(pkcs8));
  store.set({ type: "trustedCert", alias: "ca", created, certificate: ca.certificate });
  const secrets: Array<[string, string, number]> = [
    ["aes128", "AES", 16],
    ["aes256", "AES", 32],
    ["hmac", "HmacSHA256", 32],
    ["desede", "DESede", 24],
    ["utf8", "AES", 16],
  ];
  for (const [alias, algorithm, length] of secrets) {
    const key = crypto.getRandomValues(new Uint8Array(length));
    store.set({ type: "secretKey", alias, created, algorithm, key: { plain: key } });
    expected.set(alias, sha256Hex(key));
  }
  const keyPasswords = Object.fromEntries(["rsa", "aes128", "aes256", "hmac", "desede"].map((a) => [a, "keypass"]));
  keyPasswords.utf8 = UTF8_PASSWORD;
  const bytes = encodeJceks(store, { password: "changeit", keyPasswords });
  return { bytes, expected };
}

interface InspectEntry {
  alias: string;
  type: string;
  keyPassword?: string;
  pkcs8Sha256?: string;
  secretKeySha256?: string;
  secretKeyAlgorithm?: string;
  keyRecovered?: boolean;
}

describe.skipIf(jdks.length === 0)("Java reads the JCEKS files keystorekit writes", () => {
  const file = join(work, "ours.jceks");
  let built: ReturnType<typeof buildStore> | undefined;
  // Built on first use, so that a skipped suite costs nothing.
  const store = () => {
    if (!built) {
      built = buildStore();
      writeFileSync(file, built.bytes);
    }
    return built;
  };

  it("round-trips through our own decoder first", () => {
    const { bytes, expected } = store();
    const back = decodeJceks(bytes, { password: "changeit" });
    expect(back.size).toBe(7);
    expect(sha256Hex(back.secretKey("utf8", UTF8_PASSWORD))).toBe(expected.get("utf8"));
  });

  for (const jdk of jdks) {
    it(`${jdk.name}: keytool -list`, { timeout: 60_000 }, () => {
      store();
      const run = spawnSync(jdk.bin + "keytool", ["-list", "-keystore", file, "-storetype", "JCEKS", "-storepass", "changeit"], {
        encoding: "utf8",
      });
      expect(run.status, run.stderr + run.stdout).toBe(0);
      expect(run.stdout).toMatch(/contains 7 entries/);
      expect(run.stdout).toMatch(/rsa, .*PrivateKeyEntry/);
      expect(run.stdout).toMatch(/aes128, .*SecretKeyEntry/);
      expect(run.stdout).toMatch(/ca, .*trustedCertEntry/);
    });

    it(`${jdk.name}: every key recovered through KeyStore.getKey`, { timeout: 120_000 }, (context) => {
      requireInspect(context);
      const { expected } = store();
      const hex = (s: string) => toHex(new TextEncoder().encode(s));
      const request = join(work, `request-${jdk.bin.length}.txt`);
      writeFileSync(
        request,
        `CASE\tours\nFILE\t${file}\nTYPE\tJCEKS\nSTOREPASS\t${hex("changeit")}\nKEYPASS\t${hex("keypass")}\nKEYPASS\t${hex(UTF8_PASSWORD)}\nEND\n`,
      );
      const run = spawnSync(jdk.bin + "java", ["-Xmx768m", "-cp", bcprovPath, inspectSource, request], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split("\n")[0]!) as { load: string; javaVersion: string; entries: InspectEntry[] };
      expect(result.load).toBe("ok");
      const jdk25 = Number(result.javaVersion.split(".")[0]) >= 25;
      for (const entry of result.entries) {
        if (entry.type === "trustedCert") continue;
        if (entry.alias === "utf8" && !jdk25) {
          // JDK ≤ 24 accepts only ASCII PBE passwords: it cannot open the UTF-8 (JDK 25) protected key.
          expect(entry.keyRecovered).toBe(false);
          continue;
        }
        expect(entry.keyRecovered, entry.alias).toBeUndefined();
        expect(entry.pkcs8Sha256 ?? entry.secretKeySha256).toBe(expected.get(entry.alias));
      }
      expect(result.entries.find((e) => e.alias === "hmac")?.secretKeyAlgorithm ?? "HmacSHA256").toBe("HmacSHA256");
    });
  }
});
