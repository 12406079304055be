import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { repoRoot } from "../helpers/corpus.js";
import { bcprovPath, jdks } from "../helpers/java.js";

/**
 * `java-opts` on a BouncyCastle store warns that Java needs the provider registered. The warning's
 * claims are checked against real JVMs: with the printed options alone the default SSLContext fails
 * with the message the warning quotes; with bcprov on the class path and the security.provider line
 * it names, the same options work.
 */

const STORES = { BKS: join(repoRoot, "test", "fixtures", "bks", "bc.bks"), UBER: join(repoRoot, "test", "fixtures", "bks", "bc.uber") };
let dir = "";

beforeAll(() => {
  if (jdks.length === 0) return;
  dir = mkdtempSync(join(tmpdir(), "kk-bks-opts-"));
  const javac = jdks[0]!.java.replace(/java$/, "javac");
  const compiled = spawnSync(javac, ["-d", dir, join(repoRoot, "test", "e2e", "DefaultContext.java")], { encoding: "utf8", stdio: "pipe" });
  if (compiled.status !== 0) throw new Error(`javac failed: ${compiled.stderr}`);
  writeFileSync(join(dir, "bc.security"), "security.provider.13=org.bouncycastle.jce.provider.BouncyCastleProvider\n");
});

async function optionsFor(format: "BKS" | "UBER", role: "truststore" | "keystore") {
  const result = await cli(["java-opts", STORES[format], "--role", role, "--storepass-env", "SP", "--show-password", "--json"], { SP: "changeit" });
  expect(result.status, result.stderr).toBe(0);
  const json = JSON.parse(result.stdout) as { javaOptions: string; warnings: { code: string; message: string }[] };
  return { args: json.javaOptions.split(" "), warning: json.warnings.find((w) => w.code === "NEEDS_BOUNCYCASTLE") };
}

function defaultContext(java: string, args: string[], classPath: string): string {
  const run = spawnSync(java, [...args, "-cp", classPath, "DefaultContext"], { encoding: "utf8", stdio: "pipe" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

describe("java-opts warns that BKS and UBER need BouncyCastle", () => {
  it.each(["BKS", "UBER"] as const)("%s: the warning is there, in the text and in --json", async (format) => {
    const { warning } = await optionsFor(format, "truststore");
    expect(warning?.message).toContain("org.bouncycastle.jce.provider.BouncyCastleProvider");
    const text = await cli(["java-opts", STORES[format], "--storepass-env", "SP"], { SP: "changeit" });
    expect(text.stderr).toContain(`Warning: Java reads ${format} only with the BouncyCastle provider registered`);
  });

  it("a JKS or PKCS#12 store gets no such warning", async () => {
    const result = await cli(["java-opts", join(repoRoot, "test", "fixtures", "pkcs12", "j17-trusted.p12"), "--storepass-env", "SP", "--json"], { SP: "changeit" });
    expect(JSON.parse(result.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain("NEEDS_BOUNCYCASTLE");
  });
});

describe.skipIf(jdks.length === 0)("what the BouncyCastle warning says is what Java does", () => {
  for (const jdk of jdks) {
    for (const role of ["truststore", "keystore"] as const) {
      it(`${jdk.name}, ${role}: without the provider Java fails as quoted; with it the options work`, async (context) => {
        const { args, warning } = await optionsFor("BKS", role);
        const failed = defaultContext(jdk.java, args, dir);
        expect(failed).toContain("Error constructing implementation (algorithm: Default, provider: SunJSSE");
        const quotedCause = /caused by "([^"]+)"/.exec(warning!.message)![1]!;
        expect(failed).toMatch(new RegExp(`caused by: [\\w.$]+: ${quotedCause}`));
        // The fixture's key has its own password ("keypass"), so as a key store it fails for that
        // reason even with the provider (BouncyCastle says "no match"): the rest is the trust store's.
        if (role === "keystore") return;
        // bcprov on the class path alone is not enough, as the warning says.
        if (!existsSync(bcprovPath)) return context.skip(`BouncyCastle not found at ${bcprovPath} (install libbcprov-java or set BCPROV)`);
        expect(defaultContext(jdk.java, args, `${dir}:${bcprovPath}`)).not.toBe("ok");
        expect(defaultContext(jdk.java, [`-Djava.security.properties=${join(dir, "bc.security")}`, ...args], `${dir}:${bcprovPath}`)).toBe("ok");
      });
    }
  }
});
