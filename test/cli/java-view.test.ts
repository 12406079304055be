import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

/** `list` and `diagnose` say where Java will see something else than keystorekit read. */
const fixture = (path: string) => join(repoRoot, "test/fixtures", path);
const work = mkdtempSync(join(tmpdir(), "kk-java-view-"));
const pemAsJks = join(work, "truststore.jks");
copyFileSync(fixture("pkcs12/src/ca.pem"), pemAsJks);
const env = { SP: "changeit" };

interface ListJson {
  entries: { alias: string; javaIgnores?: string }[];
  warnings: { code: string; message: string }[];
  integrity: string;
}

describe("list", () => {
  it("marks an entry Java ignores: text and --json", async () => {
    const file = fixture("java-ignores/openssl-keypbe-none.p12");
    const text = await cli(["list", file, "--storepass-env", "SP"], env);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("Your keystore contains 1 entry (Java lists 0 of them)");
    expect(text.stdout).toMatch(/^server, \S+, PrivateKeyEntry, \(Java ignores this entry: unencrypted keyBag\)$/m);
    expect(text.stderr).toMatch(/^Warning: Java skips 1 of the 1 entry of this file/m);
    const json = await cli(["list", file, "--storepass-env", "SP", "--json"], env);
    const parsed = JSON.parse(json.stdout) as ListJson;
    expect(parsed.entries).toMatchObject([{ alias: "server", javaIgnores: "unencrypted keyBag" }]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(["JAVA_IGNORES_ENTRIES"]);
  });

  it("an entry Java lists has no mark and no javaIgnores field", async () => {
    const json = await cli(["list", fixture("pkcs12/openssl-default.p12"), "--storepass-env", "SP", "--json"], env);
    const parsed = JSON.parse(json.stdout) as ListJson;
    expect(parsed.entries.map((e) => "javaIgnores" in e)).toEqual([false]);
    expect(parsed.warnings).toEqual([]);
    expect(json.stderr).toBe("");
  });

  it("a .jks that is PEM text: NOT_A_JAVA_KEYSTORE, how to convert it, and no integrity noise", async () => {
    const text = await cli(["list", pemAsJks]);
    expect(text.status).toBe(0);
    expect(text.stderr).toMatch(/^Warning: This file is PEM text, not a keystore: Java cannot load it as javax.net.ssl.trustStore\/keyStore \("java.io.IOException: Invalid keystore format"/m);
    expect(text.stderr).toContain("keystorekit convert IN OUT.p12");
    expect(text.stderr).not.toContain("integrity");
    const json = await cli(["list", pemAsJks, "--json"]);
    const parsed = JSON.parse(json.stdout) as ListJson;
    expect(parsed.integrity).toBe("none");
    expect(parsed.warnings).toEqual([{ code: "NOT_A_JAVA_KEYSTORE", message: expect.stringContaining("Invalid keystore format") }]);
  });

  it("an openssl pkcs12 -export -nokeys file: 0 entries, with the hint that its certificates are there but untrusted", async () => {
    const file = fixture("java-ignores/openssl-nokeys.p12");
    const text = await cli(["list", file, "--storepass-env", "SP"], env);
    expect(text.stdout).toContain("Your keystore contains 0 entries");
    expect(text.stderr).toMatch(/^Warning: 1 certificate is in this PKCS#12 but not listed as an entry: it lacks Java's trusted-certificate attribute/m);
    const parsed = JSON.parse((await cli(["list", file, "--storepass-env", "SP", "--json"], env)).stdout) as ListJson;
    expect(parsed.warnings.map((w) => w.code)).toEqual(["PKCS12_CERTS_NOT_TRUSTED"]);
  });

  it("--json warnings carry the warnings of opening the store too, as printed on stderr", async () => {
    const unchecked = await cli(["list", fixture("jks/j17-trusted.jks"), "--json"]);
    const parsed = JSON.parse(unchecked.stdout) as ListJson;
    expect(parsed.warnings).toEqual([{ code: "INTEGRITY_UNCHECKED", message: "no store password given: the store's integrity has NOT been checked" }]);
    expect(unchecked.stderr).toBe(`Warning: ${parsed.warnings[0]!.message}\n`);
    const onCommandLine = await cli(["list", fixture("jks/j17-trusted.jks"), "--storepass", "changeit", "--json"]);
    expect((JSON.parse(onCommandLine.stdout) as ListJson).warnings.map((w) => w.code)).toEqual(["PASSWORD_ON_COMMAND_LINE"]);
  });
});

describe("diagnose", () => {
  it("a .jks that is PEM text is an error: NOT_A_JAVA_KEYSTORE, exit 1", async () => {
    const result = await cli(["diagnose", pemAsJks, "--json"]);
    expect(result.status).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: { code: string; severity: string }[] }).findings;
    expect(findings[0]).toMatchObject({ code: "NOT_A_JAVA_KEYSTORE", severity: "error" });
  });

  it("--role keystore on a key in an unencrypted keyBag: no private key from Java's view", async () => {
    const result = await cli(["diagnose", fixture("java-ignores/openssl-keypbe-none.p12"), "--role", "keystore", "--storepass-env", "SP", "--at", "2026-01-01"], env);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^ERROR NO_PRIVATE_KEY: No private-key entry that Java sees: the key of this file \(server: unencrypted keyBag\)/m);
    expect(result.stdout).toMatch(/^WARNING JAVA_IGNORES_ENTRIES: /m);
  });
});
