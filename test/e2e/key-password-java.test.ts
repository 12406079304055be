import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { repoRoot } from "../helpers/corpus.js";
import { bcprovPath, jdks, keytool } from "../helpers/java.js";

/**
 * A key store whose key has its own password: Java's default key manager opens keys with
 * javax.net.ssl.keyStorePassword, so the SSLContext fails. `java-opts --role keystore` warns and
 * `diagnose --role keystore` predicts it; the cause each quotes is the one a real JVM prints for that
 * format (JKS made by keytool here, the JCEKS and BKS fixtures whose keys have password "keypass").
 */

const SECURITY_FILE = "bc.security";
let dir = "";
const stores: Record<"JKS" | "JCEKS" | "BKS", string> = {
  JKS: "",
  JCEKS: join(repoRoot, "test", "fixtures", "jceks", "jdk25.jceks"),
  BKS: join(repoRoot, "test", "fixtures", "bks", "bc.bks"),
};

beforeAll(() => {
  if (jdks.length === 0) return;
  dir = mkdtempSync(join(tmpdir(), "kk-keypass-"));
  const javac = jdks[0]!.java.replace(/java$/, "javac");
  const compiled = spawnSync(javac, ["-d", dir, join(repoRoot, "test", "e2e", "DefaultContext.java")], { encoding: "utf8", stdio: "pipe" });
  if (compiled.status !== 0) throw new Error(`javac failed: ${compiled.stderr}`);
  writeFileSync(join(dir, SECURITY_FILE), "security.provider.13=org.bouncycastle.jce.provider.BouncyCastleProvider\n");
  stores.JKS = join(dir, "own-key-password.jks");
  const made = keytool(jdks[0]!, ["-genkeypair", "-keystore", stores.JKS, "-storetype", "JKS", "-storepass", "changeit", "-keypass", "keypass", "-alias", "client", "-keyalg", "EC", "-dname", "CN=client"]);
  if (made.status !== 0) throw new Error(made.output);
});

function javaSays(java: string, format: keyof typeof stores, options: string[]): string {
  const bc = format === "BKS" ? [`-Djava.security.properties=${join(dir, SECURITY_FILE)}`] : [];
  const classPath = format === "BKS" ? `${dir}:${bcprovPath}` : dir;
  const run = spawnSync(java, [...bc, ...options, "-cp", classPath, "DefaultContext"], { encoding: "utf8", stdio: "pipe" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

describe.skipIf(jdks.length === 0)("a key the store password does not open: java-opts and diagnose quote what Java prints", () => {
  for (const format of ["JKS", "JCEKS", "BKS"] as const) {
    it(`${format}`, async (context) => {
      if (format === "BKS" && !existsSync(bcprovPath)) return context.skip(`BouncyCastle not found at ${bcprovPath} (install libbcprov-java or set BCPROV)`);
      const opts = await cli(["java-opts", stores[format], "--role", "keystore", "--storepass-env", "SP", "--show-password", "--json"], { SP: "changeit" });
      expect(opts.status, opts.stderr).toBe(0);
      const json = JSON.parse(opts.stdout) as { javaOptions: string; warnings: { code: string; message: string }[] };
      const warning = json.warnings.find((w) => w.code === "KEY_PASSWORD_DIFFERS");
      expect(warning, JSON.stringify(json.warnings)).toBeDefined();
      const diagnosed = await cli(["diagnose", stores[format], "--role", "keystore", "--storepass-env", "SP", "--json"], { SP: "changeit" });
      const finding = (JSON.parse(diagnosed.stdout) as { findings: { code: string; message: string }[] }).findings.find((f) => f.code === "KEY_PASSWORD_DIFFERS");
      expect(finding?.message).toBe(warning!.message);
      const [, exception] = /caused by "([^"]+)"/.exec(warning!.message)!;
      for (const jdk of jdks) {
        const printed = javaSays(jdk.java, format, json.javaOptions.split(" "));
        expect(printed, jdk.name).toContain("Error constructing implementation (algorithm: Default, provider: SunJSSE");
        expect(printed.split("\n"), jdk.name).toContain(`caused by: ${exception}`);
      }
    });
  }

  it("a key store whose keys open with the store password gets no such warning", async () => {
    const result = await cli(["java-opts", join(repoRoot, "test", "fixtures", "pkcs12", "j17-trusted.p12"), "--role", "keystore", "--storepass-env", "SP", "--json"], { SP: "changeit" });
    expect(JSON.parse(result.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain("KEY_PASSWORD_DIFFERS");
  });
});
