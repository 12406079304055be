import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readKeystoreFile, saveKeystoreFile } from "../../src/node/files.js";
import { repoRoot } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

/** `java-opts --form` and its warnings (the real JVM runs are in test/e2e/java-opts-jvm.test.ts). */

const fx = (...parts: string[]) => join(repoRoot, "test", "fixtures", ...parts);
const SP = { SP: "changeit" };

describe("java-opts --role keystore on a store without a private key", () => {
  it("warns on stderr and in --json warnings (NO_PRIVATE_KEY): Java has no certificate to present", async () => {
    const text = await cli(["java-opts", fx("pkcs12", "j17-trusted.p12"), "--role", "keystore", "--storepass-env", "SP"], SP);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("-Djavax.net.ssl.keyStore=");
    expect(text.stderr).toMatch(/Warning: The store has no private-key entry.*handshake_failure.*certificate_required/);
    const json = await cli(["java-opts", fx("pkcs12", "j17-trusted.p12"), "--role", "keystore", "--storepass-env", "SP", "--json"], SP);
    expect((JSON.parse(json.stdout) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toEqual(["NO_PRIVATE_KEY"]);
  });

  it("a key Java ignores (an unencrypted keyBag) is no key to present: the warning stands", async () => {
    const result = await cli(["java-opts", fx("java-ignores", "openssl-keypbe-none.p12"), "--role", "keystore", "--storepass-env", "SP", "--json"], SP);
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toContain("NO_PRIVATE_KEY");
  });

  it("no warning for a store with a key, nor for a trust store", async () => {
    const withKey = await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--role", "keystore", "--storepass-env", "SP", "--json"], SP);
    expect(JSON.parse(withKey.stdout)).toMatchObject({ warnings: [] });
    expect(withKey.stderr).not.toContain("Warning");
    const trust = await cli(["java-opts", fx("pkcs12", "j17-trusted.p12"), "--storepass-env", "SP", "--json"], SP);
    expect(JSON.parse(trust.stdout)).toMatchObject({ form: "args", warnings: [] });
  });
});

describe("java-opts --form", () => {
  it("prints the form's text, in --json with the form name; a bogus form is a usage error", async () => {
    const result = await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--storepass-env", "SP", "--form", "systemd", "--json"], SP);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { javaOptions: string; form: string; passwordShown: boolean; warnings: { code: string }[] };
    expect(json.form).toBe("systemd");
    expect(json.javaOptions.split("\n")[0]).toBe(`Environment="JDK_JAVA_OPTIONS=-Djavax.net.ssl.trustStore=${fx("jks", "j17-rsa.jks")} -Djavax.net.ssl.trustStoreType=JKS"`);
    expect(json.javaOptions).toContain("-Djavax.net.ssl.trustStorePassword=${SP}");
    expect(json.warnings.map((w) => w.code)).toEqual(["PASSWORD_NOT_INCLUDED"]);
    expect(result.stderr).toContain("The password is shown as ${SP}");
    expect(result.stdout + result.stderr).not.toContain("changeit");
    const bogus = await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--form", "bash", "--json"]);
    expect(bogus.status).toBe(2);
    expect(bogus.stdout).toContain("--form is one of args, eval, setenv, jdk-java-options, systemd, docker, kubernetes");
  });

  it("kubernetes with --storepass-env names the variable in a secretKeyRef item", async () => {
    const result = await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--storepass-env", "STOREPASS", "--form", "kubernetes"], { STOREPASS: "changeit" });
    expect(result.stdout).toContain(`- name: "STOREPASS"\n  valueFrom:\n    secretKeyRef:`);
    expect(result.stdout).toContain(`-Djavax.net.ssl.trustStorePassword=\\"$(STOREPASS)\\"`);
    expect(result.stdout).not.toContain("changeit");
  });

  it("a hidden password with both quote kinds cannot go into JDK_JAVA_OPTIONS: INVALID_ARGUMENT, exit 1", async () => {
    const password = `it's "x"`;
    const store = storeWith(password, "quotes.jks");
    const refused = await cli(["java-opts", store, "--storepass-env", "SP", "--form", "docker", "--json"], { SP: password });
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: "INVALID_ARGUMENT" } });
    expect(refused.stdout + refused.stderr).not.toContain(password);
    // The shell forms carry it.
    expect((await cli(["java-opts", store, "--storepass-env", "SP", "--form", "setenv"], { SP: password })).status).toBe(0);
  });

  it("args with a path that needs quotes warns that `java $JAVA_OPTS` cannot carry it; jdk-java-options does not", async () => {
    const store = storeWith("changeit", "trust store.jks");
    const args = await cli(["java-opts", store, "--storepass", "changeit", "--json"]);
    expect(JSON.parse(args.stdout)).toMatchObject({ javaOptions: expect.stringContaining(`'${store}'`), warnings: [{ code: "NEEDS_SHELL_QUOTING" }] });
    expect(args.stderr).toContain("--form jdk-java-options");
    const jdk = await cli(["java-opts", store, "--storepass", "changeit", "--form", "jdk-java-options", "--json"]);
    expect(JSON.parse(jdk.stdout)).toMatchObject({ warnings: [] });
  });
});

/** A copy of the trusted-certificates fixture under a new password, in a directory with a space. */
function storeWith(password: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kk java opts "));
  const file = join(dir, name);
  saveKeystoreFile(file, readKeystoreFile(fx("jks", "j17-trusted.jks"), { password: "changeit" }), { format: "JKS", password });
  return file;
}
