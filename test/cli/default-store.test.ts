import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { corpusRoot, hasCorpus } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

/** A fake JAVA_HOME whose lib/security/cacerts is a copy of `storeFile`. */
function fakeJavaHome(storeFile: string): { home: string; cacerts: string } {
  const home = mkdtempSync(join(tmpdir(), "kk-jh-"));
  mkdirSync(join(home, "lib", "security"), { recursive: true });
  const cacerts = join(home, "lib", "security", "cacerts");
  copyFileSync(join(corpusRoot, "stores", storeFile), cacerts);
  return { home, cacerts };
}

describe.skipIf(!hasCorpus)("list with no STORE (the JVM's default trust store)", () => {
  it("opens JAVA_HOME's cacerts with \"changeit\" and verifies it", async () => {
    const { home, cacerts } = fakeJavaHome("debian/cacerts-debian.jks");
    const { status, stdout, stderr } = await cli(["list", "--json"], { JAVA_HOME: home, PATH: "" });
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ format: "JKS", integrity: "verified", file: cacerts });
    expect(json.entries).toHaveLength(144);
    expect(stderr).toBe(`Opened the JVM's default trust store: ${cacerts} (found via JAVA_HOME)\n`);
  });

  it("falls back to reading without integrity check when \"changeit\" is not the password, and says so", async () => {
    const { home, cacerts } = fakeJavaHome("pyjks/jks/3certs.jks");
    const { status, stdout, stderr } = await cli(["list", "--json"], { JAVA_HOME: home, PATH: "" });
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ integrity: "unchecked", file: cacerts });
    expect(stderr).toContain(`the default password "changeit" does not open ${cacerts}`);
    const human = await cli(["list"], { JAVA_HOME: home, PATH: "" });
    expect(human.stdout).toContain(`Keystore: ${cacerts}`);
    expect(human.stdout).toContain("Your keystore contains 3 entries");
  });

  it("a given password is used as is (a wrong one is INTEGRITY, not a silent fallback)", async () => {
    const { home } = fakeJavaHome("pyjks/jks/3certs.jks");
    const { status, stdout } = await cli(["list", "--storepass-env", "SP", "--json"], { JAVA_HOME: home, PATH: "", SP: "changeit" });
    expect(status).toBe(1);
    expect(JSON.parse(stdout).error.code).toBe("INTEGRITY");
  });
});

describe("CLI errors", () => {
  it("a missing file is IO with a readable message, exit 1, and no integrity warning", async () => {
    const { status, stdout, stderr } = await cli(["list", "/no/such/dir/store.jks", "--json"]);
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ error: { code: "IO", message: "cannot open /no/such/dir/store.jks: no such file or directory" } });
    expect(stderr).toBe("keystorekit: cannot open /no/such/dir/store.jks: no such file or directory\n");
  });

  it("usage errors exit 2 and, with --json, print a USAGE error object", async () => {
    const unknown = await cli(["list", "--frobnicate", "--json"]);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe("USAGE");
    expect(unknown.stderr).toMatch(/^keystorekit: unknown option --frobnicate\n$/);
    expect((await cli(["export-key", "--alias", "a"])).status).toBe(2);
    expect((await cli(["no-such-command"])).status).toBe(2);
  });

  it("a password given two ways is a usage error", async () => {
    const { status } = await cli(["list", "x.jks", "--storepass", "a", "--storepass-env", "B"], { B: "b" });
    expect(status).toBe(2);
  });

  it("--version and help", async () => {
    expect((await cli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await cli(["help", "list"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: keystorekit list/);
  });
});

describe.skipIf(!hasCorpus)("password prompt", () => {
  it("export-key asks on the terminal for a missing store password (and only then)", async () => {
    const prompts: string[] = [];
    let stdout = "";
    const status = await run(["export-key", join(corpusRoot, "stores/pyjks/jks/RSA1024.jks"), "--alias", "mykey"], {
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
      env: {},
      promptSecret: async (prompt) => {
        prompts.push(prompt);
        return "12345678";
      },
    });
    expect(status).toBe(0);
    expect(prompts).toEqual(["Enter keystore password: "]);
    expect(stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]*-----END PRIVATE KEY-----\n$/);
  });

  it("without a terminal, export-key with no password is a usage error", async () => {
    const { status } = await cli(["export-key", join(corpusRoot, "stores/pyjks/jks/RSA1024.jks"), "--alias", "mykey"]);
    expect(status).toBe(2);
  });
});
