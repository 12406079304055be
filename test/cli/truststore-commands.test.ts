import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findDefaultTrustStore } from "../../src/node/java-home.js";
import { readKeystoreFile } from "../../src/node/files.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { corpusRoot, hasCorpus, repoRoot } from "../helpers/corpus.js";
import { cli, type CliResult } from "./helpers.js";

/**
 * Every trust-store command of the CLI, each with a success and a failure case: exit status
 * (0 ok, 1 failure or "not trusted"/"different", 2 bad usage) and the --json shapes. Stores are
 * copied into a fresh temporary directory before any command that writes; fixtures are only read.
 */

const fixtures = join(repoRoot, "test", "fixtures");
const fx = (...parts: string[]) => join(fixtures, ...parts);
const chains = (...parts: string[]) => fx("chains", ...parts);
const certs = (name: string) => fx("certs", name);
const SP = { SP: "changeit" };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kk-cli-ts-"));
}

/** A copy of a fixture in a new temporary directory. */
function copyOf(fixture: string, name?: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name ?? fixture.split("/").pop()!);
  copyFileSync(fixture, file);
  return { dir, file };
}

function json<T = Record<string, unknown>>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

function errorCode(result: CliResult): string {
  return json<{ error: { code: string } }>(result).error.code;
}

interface ListJsonShape {
  format: string;
  integrity: string;
  entries: { alias: string; type: string; certificates: { sha256: string; subject: string }[] }[];
}

async function listStore(file: string, password = "changeit"): Promise<ListJsonShape> {
  const result = await cli(["list", file, "--storepass-env", "SP", "--json"], { SP: password });
  expect(result.status, result.stderr).toBe(0);
  return json<ListJsonShape>(result);
}

const sha256Of = (pemFile: string) => readCertificates(new Uint8Array(readFileSync(pemFile)))[0]!.sha256;
const CA_SHA256 = sha256Of(certs("ca.pem"));
const SERVER_SHA256 = sha256Of(certs("server.pem"));
const noTempFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

describe("import-cert", () => {
  it("creates a new PKCS12 store for a .p12 name, alias derived from the subject; --json shape", async () => {
    const dir = tempDir();
    const store = join(dir, "new.p12");
    const result = await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-file", certs("ca.pem"), "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toEqual({
      file: store,
      format: "PKCS12",
      results: [{ alias: "keystorekit-test-ca", added: true }],
      // The password came from the environment: it is printed as $SP, never in clear.
      javaOptions: `-Djavax.net.ssl.trustStore=${resolve(store)} -Djavax.net.ssl.trustStorePassword=$SP -Djavax.net.ssl.trustStoreType=PKCS12`,
      passwordShown: false,
    });
    expect(result.stdout + result.stderr).not.toContain("changeit");
    expect(result.stderr).toContain(`Saved ${store} (PKCS12`);
    const listed = await listStore(store);
    expect(listed).toMatchObject({ format: "PKCS12", integrity: "verified" });
    expect(listed.entries.map((e) => [e.alias, e.type, e.certificates[0]!.sha256])).toEqual([["keystorekit-test-ca", "trustedCert", CA_SHA256]]);
  });

  it("creates a new JKS store for a .jks name; human output names the alias and the JAVA_OPTS line", async () => {
    const dir = tempDir();
    const store = join(dir, "trust.jks");
    const result = await cli(["import-cert", "-keystore", store, "-storepass", "changeit", "-file", certs("server.pem")]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Certificate was added to keystore as <localhost>\n");
    expect(result.stdout).toContain(
      `JAVA_OPTS="-Djavax.net.ssl.trustStore=${resolve(store)} -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=JKS"`,
    );
    expect(result.stderr).toMatch(/Warning: a password on the command line/);
    expect(readFileSync(store).subarray(0, 4).toString("hex")).toBe("feedfeed");
    expect((await listStore(store)).entries.map((e) => e.alias)).toEqual(["localhost"]);
  });

  it("-storetype overrides the name; -alias is used as given (lower-cased as Java does)", async () => {
    const dir = tempDir();
    const store = join(dir, "trust.store");
    const result = await cli(["import-cert", "-keystore", store, "-storetype", "pkcs12", "--storepass-env", "SP", "-alias", "My-CA", "-file", certs("ca.pem"), "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toMatchObject({ format: "PKCS12", results: [{ alias: "my-ca", added: true }] });
  });

  it("a certificate already present is reported and not added (the file is not rewritten)", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const before = readFileSync(file);
    const result = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-alias", "another", "-file", certs("ca.pem"), "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toMatchObject({ results: [{ alias: "ca", added: false, existingAlias: "ca" }] });
    expect(readFileSync(file).equals(before)).toBe(true);
    const human = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", certs("ca.pem")], SP);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain("Certificate already exists in keystore under alias <ca>: not added");
  });

  it("--allow-duplicate adds it anyway and names the existing alias", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const result = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-alias", "ca-again", "-file", certs("ca.pem"), "--allow-duplicate", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toMatchObject({ results: [{ alias: "ca-again", added: true, existingAlias: "ca" }] });
    expect((await listStore(file)).entries).toHaveLength(4);
  });

  it("failures: no -keystore / no -file → 2; missing certificate file → IO 1; wrong password → INTEGRITY 1", async () => {
    const { dir, file } = copyOf(fx("jks", "j17-trusted.jks"));
    const before = readFileSync(file);
    const noStore = await cli(["import-cert", "-file", certs("ca.pem"), "--json"]);
    expect(noStore.status).toBe(2);
    expect(errorCode(noStore)).toBe("USAGE");
    expect((await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "--json"], SP)).status).toBe(2);
    const missing = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", join(dir, "nope.pem"), "--json"], SP);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("IO");
    const wrong = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", certs("chain-root.pem"), "--json"], { SP: "wrong" });
    expect(wrong.status).toBe(1);
    expect(errorCode(wrong)).toBe("INTEGRITY");
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("an alias that is taken by another certificate is an error; the store is unchanged", async () => {
    const { dir, file } = copyOf(fx("jks", "j17-trusted.jks"));
    const before = readFileSync(file);
    const result = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-alias", "ca", "-file", certs("chain-root.pem"), "--json"], SP);
    expect(result.status).toBe(1);
    expect(json(result)).toEqual({ error: { code: "INVALID_ARGUMENT", message: "Certificate not imported, alias <ca> already exists" } });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(noTempFiles(dir)).toEqual([]);
  });
});

/** A fake JAVA_HOME whose lib/security/cacerts is a copy of `storeFile`. */
function fakeJavaHome(storeFile: string): { home: string; cacerts: string } {
  const home = tempDir();
  mkdirSync(join(home, "lib", "security"), { recursive: true });
  const cacerts = join(home, "lib", "security", "cacerts");
  copyFileSync(storeFile, cacerts);
  return { home, cacerts };
}

describe.skipIf(!hasCorpus)("import-cert --from-default (JAVA_HOME's cacerts: the shared Debian copy)", () => {
  it("the exact spelling of issue 5 copies cacerts, adds the certificate and prints the JAVA_OPTS line", async () => {
    const { home, cacerts } = fakeJavaHome(join(corpusRoot, "stores", "debian", "cacerts-debian.jks"));
    const original = readFileSync(cacerts);
    const out = join(tempDir(), "truststore.jks");
    const env = { JAVA_HOME: home, PATH: "" };
    const result = await cli(["import-cert", "--from-default", "-keystore", out, "-storepass", "changeit", "-alias", "my-ca", "-file", certs("ca.pem")], env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Copied 144 certificates from ${cacerts}\n`);
    expect(result.stdout).toContain("Certificate was added to keystore as <my-ca>\n");
    expect(result.stdout).toContain(
      `JAVA_OPTS="-Djavax.net.ssl.trustStore=${resolve(out)} -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=JKS"`,
    );
    const listed = await listStore(out);
    expect(listed.entries).toHaveLength(145);
    expect(listed.entries.find((e) => e.alias === "my-ca")?.certificates[0]!.sha256).toBe(CA_SHA256);
    expect(readFileSync(cacerts).equals(original)).toBe(true);

    // The GNU spellings work too; an existing OUT is refused (it is a new copy of cacerts).
    const again = await cli(["import-cert", "--from-default", "--keystore", out, "--storepass=changeit", "--alias", "my-ca", "--file", certs("ca.pem"), "--json"], env);
    expect(again.status).toBe(2);
    expect(json(again)).toEqual({ error: { code: "USAGE", message: `${out} exists: --from-default makes a new store from cacerts (drop --from-default to add to it)` } });
  });

  it("--json reports the copied store's format and the java options", async () => {
    const { home } = fakeJavaHome(join(corpusRoot, "stores", "debian", "cacerts-debian.jks"));
    const out = join(tempDir(), "truststore.jks");
    const result = await cli(["import-cert", "--from-default", "-keystore", out, "--storepass-env", "SP", "-file", certs("ca.pem"), "--json"], { JAVA_HOME: home, PATH: "", SP: "s3cret" });
    expect(result.status).toBe(0);
    expect(json(result)).toMatchObject({ format: "JKS", results: [{ alias: "keystorekit-test-ca", added: true }] });
    // Saved under the new password.
    expect((await listStore(out, "s3cret")).entries).toHaveLength(145);
  });
});

const realDefault = findDefaultTrustStore(process.env);

describe.skipIf(realDefault === null)("import-cert --from-default (this machine's default trust store)", () => {
  it("import-cert --from-default -keystore OUT -storepass P -alias A -file CERT.pem works as written", async () => {
    const size = readKeystoreFile(realDefault!.path).size;
    const out = join(tempDir(), "truststore.jks");
    const result = await cli(["import-cert", "--from-default", "-keystore", out, "-storepass", "changeit", "-alias", "keystorekit-test-ca", "-file", certs("ca.pem")], process.env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Certificate was added to keystore as <keystorekit-test-ca>");
    expect(result.stdout).toMatch(/JAVA_OPTS="-Djavax\.net\.ssl\.trustStore=\S+ -Djavax\.net\.ssl\.trustStorePassword=changeit -Djavax\.net\.ssl\.trustStoreType=(JKS|PKCS12)"/);
    const listed = await listStore(out);
    expect(listed.entries).toHaveLength(size + 1);
    expect(listed.entries.some((e) => e.alias === "keystorekit-test-ca")).toBe(true);
  });
});

describe("delete", () => {
  it("by alias: --json {deleted, type}", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const result = await cli(["delete", file, "-alias", "ed25519", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toEqual({ deleted: "ed25519", type: "trustedCert" });
    expect((await listStore(file)).entries.map((e) => e.alias).sort()).toEqual(["ca", "server"]);
  });

  it("by SHA-256 fingerprint (colons allowed) and by a SHA-1 prefix", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const colons = SERVER_SHA256.toUpperCase().replace(/(..)(?!$)/g, "$1:");
    const bySha256 = await cli(["delete", "-keystore", file, "-alias", colons, "--storepass-env", "SP"], SP);
    expect(bySha256.status).toBe(0);
    expect(bySha256.stdout).toBe("Deleted <server>\n");
    const sha1 = readCertificates(new Uint8Array(readFileSync(certs("ca.pem"))))[0]!.sha1;
    const bySha1 = await cli(["delete", "-keystore", file, "-alias", sha1.slice(0, 12), "--storepass-env", "SP", "--json"], SP);
    expect(bySha1.status).toBe(0);
    expect(json(bySha1)).toEqual({ deleted: "ca", type: "trustedCert" });
    expect((await listStore(file)).entries.map((e) => e.alias)).toEqual(["ed25519"]);
  });

  it("failures: unknown alias → NOT_FOUND 1 (store unchanged); no -alias → 2", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const before = readFileSync(file);
    const missing = await cli(["delete", file, "-alias", "nope", "--storepass-env", "SP", "--json"], SP);
    expect(missing.status).toBe(1);
    expect(json(missing)).toEqual({ error: { code: "NOT_FOUND", message: "Alias <nope> does not exist" } });
    expect((await cli(["delete", file, "--storepass-env", "SP"], SP)).status).toBe(2);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe("rename", () => {
  it("-alias/-destalias renames in place (JKS lower-cases the new alias)", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const order = (await listStore(file)).entries.map((e) => e.alias);
    const result = await cli(["rename", file, "-alias", "ca", "-destalias", "My-Root", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toEqual({ from: "ca", to: "my-root" });
    const after = await listStore(file);
    expect(after.entries.map((e) => e.alias)).toEqual(order.map((a) => (a === "ca" ? "my-root" : a)));
    expect(after.entries.find((e) => e.alias === "my-root")?.certificates[0]!.sha256).toBe(CA_SHA256);
    const human = await cli(["rename", "-keystore", file, "-alias", "my-root", "--new-alias", "root", "--storepass-env", "SP"], SP);
    expect(human.stdout).toBe("Renamed <my-root> to <root>\n");
  });

  it("failures: unknown alias → NOT_FOUND 1; missing -destalias → 2", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const missing = await cli(["rename", file, "-alias", "nope", "-destalias", "x", "--storepass-env", "SP", "--json"], SP);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("NOT_FOUND");
    const usage = await cli(["rename", file, "-alias", "ca", "--storepass-env", "SP", "--json"], SP);
    expect(usage.status).toBe(2);
    expect(errorCode(usage)).toBe("USAGE");
  });
});

describe("show", () => {
  it("one entry in full: --json with the chain, SHA-1 and key algorithm; human form like keytool -v", async () => {
    const result = await cli(["show", fx("jks", "j17-chain3.jks"), "-alias", "leaf", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    const entry = json<{ alias: string; type: string; algorithm: string; certificates: { subject: string; sha1: string; sha256: string; publicKeyAlgorithm: string }[] }>(result);
    expect(entry).toMatchObject({ alias: "leaf", type: "privateKey", algorithm: "RSA" });
    expect(entry.certificates.map((c) => c.subject)).toEqual([
      "CN=localhost,O=keystorekit chain leaf",
      "CN=keystorekit chain intermediate,O=keystorekit",
      "CN=keystorekit chain root,O=keystorekit",
    ]);
    expect(entry.certificates[2]!.sha256).toBe(sha256Of(certs("chain-root.pem")));
    expect(entry.certificates[0]!.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(entry.certificates.map((c) => c.publicKeyAlgorithm)).toEqual(["RSA", "EC", "EC"]);

    const human = await cli(["show", fx("jks", "j17-trusted.jks"), "-alias", "ca", "--storepass-env", "SP"], SP);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^Alias name: ca\nCreation date: .+\nEntry type: trustedCert\nOwner: CN=keystorekit test CA,O=keystorekit\n/);
    expect(human.stdout).toContain(`SHA256: ${CA_SHA256.toUpperCase().replace(/(..)(?!$)/g, "$1:")}`);
  });

  it("failures: unknown alias → NOT_FOUND 1; no -alias → 2", async () => {
    const missing = await cli(["show", fx("jks", "j17-trusted.jks"), "-alias", "nope", "--storepass-env", "SP", "--json"], SP);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("NOT_FOUND");
    expect((await cli(["show", fx("jks", "j17-trusted.jks")])).status).toBe(2);
  });
});

describe("export-cert", () => {
  it("PEM to stdout; DER to -file; --chain writes the whole chain", async () => {
    const pem = await cli(["export-cert", fx("jks", "j17-trusted.jks"), "-alias", "server", "--storepass-env", "SP"], SP);
    expect(pem.status).toBe(0);
    expect(pem.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(readCertificates(pem.stdout).map((c) => c.sha256)).toEqual([SERVER_SHA256]);

    const dir = tempDir();
    const der = join(dir, "server.der");
    const toFile = await cli(["export-cert", "-keystore", fx("jks", "j17-trusted.jks"), "-alias", "server", "--der", "-file", der, "--storepass-env", "SP"], SP);
    expect(toFile.status).toBe(0);
    expect(toFile.stdout).toBe("");
    expect(toFile.stderr).toContain(`Certificate stored in file <${der}>`);
    const expectedDer = readCertificates(new Uint8Array(readFileSync(certs("server.pem"))))[0]!.der;
    expect(new Uint8Array(readFileSync(der))).toEqual(expectedDer);

    const chain = await cli(["export-cert", fx("jks", "j17-chain3.jks"), "-alias", "leaf", "--chain", "--storepass-env", "SP"], SP);
    expect(chain.status).toBe(0);
    expect(readCertificates(chain.stdout)).toHaveLength(3);
  });

  it("failures: --der without -file → 2; --der --chain → 2; unknown alias → NOT_FOUND 1", async () => {
    const noFile = await cli(["export-cert", fx("jks", "j17-trusted.jks"), "-alias", "server", "--der", "--storepass-env", "SP", "--json"], SP);
    expect(noFile.status).toBe(2);
    expect(json(noFile)).toEqual({ error: { code: "USAGE", message: "--der needs -file (binary output)" } });
    const dir = tempDir();
    expect((await cli(["export-cert", fx("jks", "j17-chain3.jks"), "-alias", "leaf", "--der", "--chain", "-file", join(dir, "x.der"), "--storepass-env", "SP"], SP)).status).toBe(2);
    expect(existsSync(join(dir, "x.der"))).toBe(false);
    const missing = await cli(["export-cert", fx("jks", "j17-trusted.jks"), "-alias", "nope", "--storepass-env", "SP", "--json"], SP);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("NOT_FOUND");
  });
});

describe("export-bundle", () => {
  it("writes every trust anchor as one PEM file with # alias lines (stdout or -file); the bundle merges back", async () => {
    const bundle = await cli(["export-bundle", fx("jks", "j17-trusted.jks"), "--storepass-env", "SP"], SP);
    expect(bundle.status).toBe(0);
    expect(bundle.stdout.match(/^# .+$/gm)?.sort()).toEqual(["# ca", "# ed25519", "# server"]);
    const listed = await listStore(fx("jks", "j17-trusted.jks"));
    expect(readCertificates(bundle.stdout).map((c) => c.sha256).sort()).toEqual(listed.entries.map((e) => e.certificates[0]!.sha256).sort());

    // Key entries are not trust anchors: a store with only a key gives an empty bundle.
    const keyOnly = await cli(["export-bundle", fx("jks", "j17-rsa.jks"), "--storepass-env", "SP"], SP);
    expect(keyOnly.status).toBe(0);
    expect(keyOnly.stdout).toBe("");

    const { dir, file } = copyOf(chains("stores", "empty.jks"));
    const out = join(dir, "bundle.pem");
    const toFile = await cli(["export-bundle", "-keystore", fx("jks", "j17-trusted.jks"), "-file", out, "--storepass-env", "SP"], SP);
    expect(toFile.stderr).toContain(`3 certificates written to <${out}>`);
    expect(readFileSync(out, "utf8")).toBe(bundle.stdout);
    // merge reads the bundle as PEM: aliases come from the subjects, not from the "# alias" lines.
    const merged = await cli(["merge", file, out, "--storepass-env", "SP", "--json"], SP);
    expect(merged.status).toBe(0);
    expect(json<{ added: string[] }>(merged).added.sort()).toEqual(["keystorekit-ed25519", "keystorekit-test-ca", "localhost"]);
    expect((await listStore(file)).entries.map((e) => e.certificates[0]!.sha256).sort()).toEqual(listed.entries.map((e) => e.certificates[0]!.sha256).sort());
  });

  it("failures: missing store → IO 1; wrong password → INTEGRITY 1", async () => {
    const missing = await cli(["export-bundle", "/no/such/store.jks", "--json"]);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("IO");
    const wrong = await cli(["export-bundle", fx("jks", "j17-trusted.jks"), "--storepass-env", "SP", "--json"], { SP: "nope" });
    expect(wrong.status).toBe(1);
    expect(errorCode(wrong)).toBe("INTEGRITY");
  });
});

interface KeyJson {
  alias: string;
  type: string;
  algorithm: string;
  pkcs8: string;
}

async function exportKey(file: string, alias: string, password: string, keyPassword?: string): Promise<KeyJson> {
  const result = await cli(
    ["export-key", file, "-alias", alias, "--storepass-env", "SP", ...(keyPassword ? ["--keypass-env", "KP"] : []), "--json"],
    { SP: password, ...(keyPassword ? { KP: keyPassword } : {}) },
  );
  expect(result.status, result.stdout + result.stderr).toBe(0);
  return json<KeyJson>(result);
}

describe("convert", () => {
  it("JKS → PKCS12 → JKS keeps the key (same PKCS#8), the chain and the aliases", async () => {
    const dir = tempDir();
    const p12 = join(dir, "rsa.p12");
    const back = join(dir, "rsa.jks");
    const original = await exportKey(fx("jks", "j17-rsa.jks"), "rsa", "changeit");
    const toP12 = await cli(["convert", fx("jks", "j17-rsa.jks"), p12, "--storepass-env", "SP", "--json"], SP);
    expect(toP12.status).toBe(0);
    expect(json(toP12)).toEqual({ from: "JKS", to: "PKCS12", entries: 1, file: p12 });
    expect((await exportKey(p12, "rsa", "changeit")).pkcs8).toBe(original.pkcs8);

    const toJks = await cli(["convert", p12, back, "--storepass-env", "SP", "--new-storepass-env", "NEW"], { SP: "changeit", NEW: "s3cret" });
    expect(toJks.status).toBe(0);
    expect(toJks.stdout).toBe(`Converted 1 entry from PKCS12 to JKS: ${back}\n`);
    expect(readFileSync(back).subarray(0, 4).toString("hex")).toBe("feedfeed");
    expect((await exportKey(back, "rsa", "s3cret")).pkcs8).toBe(original.pkcs8);
    const [before, after] = [await listStore(fx("jks", "j17-rsa.jks")), await listStore(back, "s3cret")];
    expect(after.entries.map((e) => [e.alias, e.type, e.certificates.map((c) => c.sha256)])).toEqual(
      before.entries.map((e) => [e.alias, e.type, e.certificates.map((c) => c.sha256)]),
    );
  });

  it("a key password other than the store password: -keypass opens it, the new store protects it with the store password", async () => {
    const dir = tempDir();
    const p12 = join(dir, "keypass.p12");
    const original = await exportKey(fx("jks", "j17-keypass.jks"), "rsa", "changeit", "keypass1");
    const result = await cli(["convert", fx("jks", "j17-keypass.jks"), p12, "--storepass-env", "SP", "--keypass-env", "KP", "--profile", "java-legacy", "--json"], { SP: "changeit", KP: "keypass1" });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("profile java-legacy");
    expect((await exportKey(p12, "rsa", "changeit")).pkcs8).toBe(original.pkcs8);
    expect((await listStore(p12)).entries.map((e) => e.alias).sort()).toEqual(["ca", "rsa"]);
  });

  it("failures: wrong key password → WRONG_KEY_PASSWORD 1 (no OUT written); existing OUT → 2 (unchanged); unknown profile → 2", async () => {
    const dir = tempDir();
    const out = join(dir, "out.p12");
    const wrong = await cli(["convert", fx("jks", "j17-keypass.jks"), out, "--storepass-env", "SP", "--json"], SP);
    expect(wrong.status).toBe(1);
    expect(errorCode(wrong)).toBe("WRONG_KEY_PASSWORD");
    expect(existsSync(out)).toBe(false);

    writeFileSync(out, "keep me");
    const exists = await cli(["convert", fx("jks", "j17-rsa.jks"), out, "--storepass-env", "SP", "--json"], SP);
    expect(exists.status).toBe(2);
    expect(json(exists)).toEqual({ error: { code: "USAGE", message: `${out} exists (use --force to replace it)` } });
    // --force, but the conversion fails: the existing OUT is left as it was.
    const forced = await cli(["convert", fx("jks", "j17-keypass.jks"), out, "--force", "--storepass-env", "SP", "--json"], SP);
    expect(forced.status).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(noTempFiles(dir)).toEqual([]);

    const profile = await cli(["convert", fx("jks", "j17-rsa.jks"), join(dir, "p.p12"), "--storepass-env", "SP", "--profile", "nope", "--json"], SP);
    expect(profile.status).toBe(2);
  });

  it("each PKCS12 profile writes a store the library reads back with the key intact", async () => {
    const dir = tempDir();
    const original = await exportKey(fx("jks", "j17-rsa.jks"), "rsa", "changeit");
    for (const profile of ["java", "java-legacy", "openssl", "openssl-legacy", "passwordless"]) {
      const out = join(dir, `${profile}.p12`);
      const result = await cli(["convert", fx("jks", "j17-rsa.jks"), out, "--storepass-env", "SP", "--profile", profile], SP);
      expect(result.status, `${profile}: ${result.stderr}`).toBe(0);
      expect((await exportKey(out, "rsa", "changeit")).pkcs8, profile).toBe(original.pkcs8);
    }
  });

  // Regression: certificates that follow a key in PEM are its chain, so encodePem writes trusted
  // certificates first; a key entry listed before a trusted certificate used to lose the latter.
  it("PKCS12 (key entry first, then a trusted cert) → PEM keeps both entries", async () => {
    const dir = tempDir();
    const p12 = join(dir, "app.p12");
    const pem = join(dir, "app.pem");
    expect((await cli(["convert", fx("jks", "j17-keypass.jks"), p12, "--storepass-env", "SP", "--keypass-env", "KP"], { SP: "changeit", KP: "keypass1" })).status).toBe(0);
    expect((await listStore(p12)).entries.map((e) => e.alias)).toEqual(["rsa", "ca"]);
    const result = await cli(["convert", p12, pem, "--storepass-env", "SP", "--json"], SP);
    expect(result.status, result.stdout).toBe(0);
    expect((await listStore(pem)).entries.map((e) => e.type).sort()).toEqual(["privateKey", "trustedCert"]);
  });

  it("JKS (trusted cert first) → PEM: unencrypted PKCS#8 key, its chain and the trusted certificate", async () => {
    const dir = tempDir();
    const pem = join(dir, "app.pem");
    const result = await cli(["convert", fx("jks", "j17-keypass.jks"), pem, "--storepass-env", "SP", "--keypass-env", "KP"], { SP: "changeit", KP: "keypass1" });
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(pem, "utf8");
    expect(text.match(/-----BEGIN [A-Z ]+-----/g)).toEqual(["-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----"]);
  });

  // Regression: a secret key's algorithm that only its sealed form knew (JCEKS, BKS sealed keys)
  // must survive the decryption convert does before re-protecting it.
  it("JCEKS → PKCS12 with secret keys keeps them", async () => {
    const dir = tempDir();
    const out = join(dir, "jdk17.p12");
    const result = await cli(["convert", fx("jceks", "jdk17.jceks"), out, "--storepass-env", "SP", "--keypass-env", "KP", "--json"], { SP: "changeit", KP: "keypass" });
    expect(result.status, result.stdout).toBe(0);
    expect((await listStore(out)).entries).toHaveLength(6);
  });

  it("BKS → PKCS12 of bc.bks (AES secret key) succeeds", async () => {
    const dir = tempDir();
    const out = join(dir, "bc.p12");
    const result = await cli(["convert", fx("bks", "bc.bks"), out, "--storepass-env", "SP", "--keypass-env", "KP"], { SP: "changeit", KP: "keypass" });
    expect(result.status, result.stderr).toBe(0);
  });
});

const christmas = join(corpusRoot, "stores", "pyjks", "bks", "christmas.bksv2");

describe.skipIf(!existsSync(christmas))("convert a BKS store from the shared corpus", () => {
  it("christmas.bksv2 → PKCS12 converts what PKCS#12 can hold and names what it skips (as keytool -importkeystore)", async () => {
    const dir = tempDir();
    const out = join(dir, "christmas.p12");
    const listed = await listStore(christmas, "12345678");
    expect(listed.format).toBe("BKS");
    expect(listed.entries).toHaveLength(6);
    const result = await cli(["convert", christmas, out, "--to", "pkcs12", "--storepass-env", "SP", "--json"], { SP: "12345678" });
    expect(result.status, result.stdout).toBe(0);
    expect(result.stderr).toMatch(/<sealed_public_key> not converted: a BouncyCastle public key/);
    const converted = (await listStore(out, "12345678")).entries.map((e) => e.alias);
    expect(converted).toContain("sealed_private_key");
    expect(converted).not.toContain("sealed_public_key");
    expect(noTempFiles(dir)).toEqual([]);
  });

  it("its private key can still be exported from the BKS store", async () => {
    const key = await exportKey(christmas, "sealed_private_key", "12345678");
    expect(key).toMatchObject({ alias: "sealed_private_key", type: "privateKey" });
  });
});

describe("merge", () => {
  it("adds what STORE lacks (by fingerprint) from keystores and PEM files; a second run adds nothing and does not rewrite", async () => {
    const { file } = copyOf(chains("stores", "root.jks"));
    const first = await cli(["merge", file, fx("jks", "j17-trusted.jks"), "--storepass-env", "SP", "--source-storepass-env", "SP", "--json"], SP);
    expect(first.status).toBe(0);
    expect(json(first)).toEqual({ added: ["ca", "ed25519", "server"], skipped: [] });
    const before = readFileSync(file);
    const second = await cli(["merge", file, fx("jks", "j17-trusted.jks"), "--storepass-env", "SP", "--source-storepass-env", "SP", "--json"], SP);
    expect(json(second)).toEqual({ added: [], skipped: [] });
    expect(readFileSync(file).equals(before)).toBe(true);
    const pem = await cli(["merge", file, certs("ca.pem"), certs("chain-root.pem"), "--storepass-env", "SP"], SP);
    expect(pem.status).toBe(0);
    expect(pem.stdout).toBe("Added 1 certificate: keystorekit-chain-root\n");
  });

  it("an alias that clashes with another certificate gets a number", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const result = await cli(["merge", file, fx("pkcs12", "j17-trusted.p12"), "--storepass-env", "SP", "--source-storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toEqual({ added: ["ca-2", "server-2"], skipped: [] });
  });

  it("failures: no SOURCE → 2; a missing SOURCE → IO 1 and the store is unchanged", async () => {
    const { file } = copyOf(chains("stores", "root.jks"));
    const before = readFileSync(file);
    expect((await cli(["merge", file, "--storepass-env", "SP", "--json"], SP)).status).toBe(2);
    const missing = await cli(["merge", file, certs("ca.pem"), "/no/such/source.pem", "--storepass-env", "SP", "--json"], SP);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("IO");
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe("diff", () => {
  it("exit 0 when both trust the same certificates (a JKS and its PKCS12 conversion)", async () => {
    const dir = tempDir();
    const p12 = join(dir, "trusted.p12");
    expect((await cli(["convert", fx("jks", "j17-trusted.jks"), p12, "--storepass-env", "SP"], SP)).status).toBe(0);
    const same = await cli(["diff", fx("jks", "j17-trusted.jks"), p12, "--storepass-env", "SP", "--json"], SP);
    expect(same.status).toBe(0);
    expect(json(same)).toEqual({ added: [], removed: [], changed: [] });
    const human = await cli(["diff", fx("jks", "j17-trusted.jks"), p12, "--storepass-env", "SP"], SP);
    expect(human.stdout).toBe("The stores trust the same certificates\n");
  });

  it("exit 1 when they differ: added / removed / changed by fingerprint", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    await cli(["delete", file, "-alias", "ed25519", "--storepass-env", "SP"], SP);
    await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", certs("chain-root.pem")], SP);
    const result = await cli(["diff", fx("jks", "j17-trusted.jks"), file, "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    expect(json(result)).toEqual({
      added: [{ alias: "keystorekit-chain-root", sha256: sha256Of(certs("chain-root.pem")), subject: "CN=keystorekit chain root,O=keystorekit" }],
      removed: [{ alias: "ed25519", sha256: sha256Of(certs("ed25519.pem")), subject: "CN=keystorekit ed25519,O=keystorekit" }],
      changed: [],
    });
    const changed = await cli(["diff", fx("jks", "j17-trusted.jks"), fx("pkcs12", "j17-trusted.p12"), "--storepass-env", "SP", "--json"], SP);
    expect(changed.status).toBe(1);
    expect(json<{ changed: { alias: string; before: string }[] }>(changed).changed).toContainEqual(expect.objectContaining({ alias: "ca", before: CA_SHA256 }));
    const human = await cli(["diff", fx("jks", "j17-trusted.jks"), file, "--storepass-env", "SP"], SP);
    expect(human.stdout).toBe("+ keystorekit-chain-root  CN=keystorekit chain root,O=keystorekit\n- ed25519  CN=keystorekit ed25519,O=keystorekit\n");
  });

  it("failure: only one store → 2", async () => {
    const result = await cli(["diff", fx("jks", "j17-trusted.jks"), "--json"]);
    expect(result.status).toBe(2);
    expect(errorCode(result)).toBe("USAGE");
  });
});

interface VerifyJson {
  trusted: boolean;
  code: string;
  reason: string;
  javaMessage: string;
  missingIssuer?: string;
  path: { subject: string; sha256: string }[];
  store: string;
}

interface ChainCase {
  name: string;
  chain: string;
  store: string;
  at?: string;
  code: string;
  java: { trusted: boolean; message?: string };
}

const expectedChains = JSON.parse(readFileSync(chains("expected.json"), "utf8")) as { cases: ChainCase[] };

describe("verify", () => {
  it("verify -keystore STORE -storepass P CHAIN.pem: exit 0 for a trusted chain", async () => {
    const result = await cli(["verify", "-keystore", chains("stores", "root.jks"), "-storepass", "changeit", chains("cases", "leaf-intermediate.pem")]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("trusted: CN=server.example,O=keystorekit tests chains to the trusted CN=KK Test Root CA,O=keystorekit tests\n");
  });

  it("verify -keystore STORE -storepass P CHAIN.pem: exit 1 with PKIX path building failed for an unknown issuer", async () => {
    const result = await cli(["verify", "-keystore", chains("stores", "root.jks"), "-storepass", "changeit", chains("cases", "unknown-ca.pem")]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("NOT trusted: ");
    expect(result.stdout).toContain("Java reports: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\n");
    expect(result.stdout).toContain("Missing issuer: CN=Unknown Root CA,O=keystorekit tests\n");
  });

  it("--json shape; GNU spellings; the store as a positional", async () => {
    const result = await cli(["verify", "--keystore", chains("stores", "root.jks"), "--storepass=changeit", chains("cases", "leaf.pem"), "--json"]);
    expect(result.status).toBe(1);
    const body = json<VerifyJson>(result);
    expect(Object.keys(body).sort()).toEqual(["code", "integrity", "javaMessage", "missingIssuer", "path", "reason", "store", "trusted", "warnings"]);
    expect(body).toMatchObject({ trusted: false, code: "NO_TRUSTED_ISSUER", missingIssuer: "CN=KK Test Intermediate CA,O=keystorekit tests", store: chains("stores", "root.jks") });
    const positional = await cli(["verify", chains("stores", "root.jks"), chains("cases", "leaf-intermediate.pem"), "--storepass-env", "SP", "--json"], SP);
    expect(positional.status).toBe(0);
    const ok = json<VerifyJson>(positional);
    expect(ok).toMatchObject({ trusted: true, code: "TRUSTED" });
    expect(ok.path.map((c) => c.subject)).toEqual([
      "CN=server.example,O=keystorekit tests",
      "CN=KK Test Intermediate CA,O=keystorekit tests",
      "CN=KK Test Root CA,O=keystorekit tests",
    ]);
  });

  const sample = [
    "trusted-via-intermediate",
    "intermediate-in-store-leaf-only",
    "expired-anchor",
    "missing-intermediate",
    "unknown-ca",
    "expired-leaf",
    "expired-leaf-checked-in-2020",
    "bad-signature",
    "issuer-not-a-ca",
    "path-length-exceeded",
    "client-only-leaf",
    "empty-store",
  ];
  for (const name of sample) {
    const c = expectedChains.cases.find((x) => x.name === name)!;
    it(`agrees with Java on ${name}`, async () => {
      const result = await cli(
        ["verify", "-keystore", chains(c.store), "--storepass-env", "SP", chains(c.chain), ...(c.at ? ["--at", c.at] : []), "--json"],
        SP,
      );
      const body = json<VerifyJson>(result);
      expect(result.status).toBe(c.java.trusted ? 0 : 1);
      expect(body.trusted).toBe(c.java.trusted);
      expect(body.code).toBe(c.code);
      if (c.java.message !== undefined) expect(body.javaMessage).toBe(c.java.message);
    });
  }

  // BUG (src/cli/commands/verify.ts + readCertificates): an empty chain file is not reported as the
  // empty chain expected.json records (code EMPTY_CHAIN, Java "null or zero-length certificate
  // chain"); verify fails instead with TRUNCATED "Truncated keystore: the data ends inside an ASN.1
  // element", which talks about a keystore the user never passed.
  it("an empty chain file is EMPTY_CHAIN", async () => {
    const result = await cli(["verify", "-keystore", chains("stores", "root.jks"), "--storepass-env", "SP", chains("cases", "empty.pem"), "--json"], SP);
    expect(result.status).toBe(1);
    expect(json<VerifyJson>(result)).toMatchObject({ trusted: false, code: "EMPTY_CHAIN", javaMessage: "null or zero-length certificate chain" });
  });

  it("failures: no CHAIN → 2; bad --purpose → 2; bad --at → 2; missing chain file → IO 1", async () => {
    expect((await cli(["verify", "-keystore", chains("stores", "root.jks"), "-storepass", "changeit", "--json"])).status).toBe(2);
    expect((await cli(["verify", "-keystore", chains("stores", "root.jks"), "-storepass", "changeit", chains("cases", "leaf.pem"), "--purpose", "email"])).status).toBe(2);
    expect((await cli(["verify", "-keystore", chains("stores", "root.jks"), "-storepass", "changeit", chains("cases", "leaf.pem"), "--at", "someday"])).status).toBe(2);
    const missing = await cli(["verify", "-keystore", chains("stores", "root.jks"), "-storepass", "changeit", "/no/such/chain.pem", "--json"]);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe("IO");
  });
});

interface DiagnoseJson {
  format: string;
  role: string;
  findings: { code: string; severity: string; message: string; aliases?: string[] }[];
}

const codes = (body: DiagnoseJson) => body.findings.map((f) => f.code);
const finding = (body: DiagnoseJson, code: string) => body.findings.find((f) => f.code === code);
const hasOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

/**
 * What `openssl pkcs12 -export -nokeys` makes: certificate bags without Java's trusted attribute.
 * (Made here, in a temporary directory, as the fixture set has no such file.)
 */
function makeNokeysP12(dir: string): string {
  const p12 = join(dir, "openssl-nokeys.p12");
  const made = spawnSync("openssl", ["pkcs12", "-export", "-nokeys", "-in", certs("ca.pem"), "-out", p12, "-passout", "pass:changeit"], { encoding: "utf8" });
  expect(made.status, made.stderr).toBe(0);
  return p12;
}

describe("diagnose", () => {
  it("an empty store → NO_TRUST_ANCHORS (error, exit 1, Java's trustAnchors message)", async () => {
    const result = await cli(["diagnose", chains("stores", "empty.jks"), "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    const body = json<DiagnoseJson>(result);
    expect(body).toMatchObject({ format: "JKS", role: "truststore" });
    expect(finding(body, "NO_TRUST_ANCHORS")).toMatchObject({ severity: "error" });
    expect(finding(body, "NO_TRUST_ANCHORS")!.message).toContain("the trustAnchors parameter must be non-empty");
    const human = await cli(["diagnose", chains("stores", "empty.jks"), "--storepass-env", "SP"], SP);
    expect(human.stdout).toMatch(/^ERROR NO_TRUST_ANCHORS: No trusted certificates \(the store is empty\)/);
  });

  it.skipIf(!hasOpenssl)("a PKCS#12 from openssl pkcs12 -export -nokeys → PKCS12_CERTS_NOT_TRUSTED (and NO_TRUST_ANCHORS)", async () => {
    const p12 = makeNokeysP12(tempDir());
    const result = await cli(["diagnose", p12, "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    const body = json<DiagnoseJson>(result);
    expect(body.format).toBe("PKCS12");
    expect(codes(body).slice(0, 2)).toEqual(["NO_TRUST_ANCHORS", "PKCS12_CERTS_NOT_TRUSTED"]);
    expect(finding(body, "PKCS12_CERTS_NOT_TRUSTED")).toMatchObject({ severity: "error" });
    expect(finding(body, "PKCS12_CERTS_NOT_TRUSTED")!.message).toContain("CN=keystorekit test CA,O=keystorekit");
  });

  it.skipIf(!hasOpenssl)("the working fix for it: extract the certificates with openssl, import-cert them (Java's trusted attribute is written)", async () => {
    const dir = tempDir();
    const p12 = makeNokeysP12(dir);
    const pem = join(dir, "cas.pem");
    const extracted = spawnSync("openssl", ["pkcs12", "-in", p12, "-nokeys", "-passin", "pass:changeit", "-out", pem], { encoding: "utf8" });
    expect(extracted.status, extracted.stderr).toBe(0);
    const fixed = join(dir, "fixed.p12");
    const imported = await cli(["import-cert", "-keystore", fixed, "--storepass-env", "SP", "-file", pem, "--json"], SP);
    expect(imported.status).toBe(0);
    const after = json<DiagnoseJson>(await cli(["diagnose", fixed, "--storepass-env", "SP", "--json"], SP));
    expect(codes(after)).not.toContain("NO_TRUST_ANCHORS");
    expect(codes(after)).not.toContain("PKCS12_CERTS_NOT_TRUSTED");
  });

  // Following diagnose's advice for PKCS12_CERTS_NOT_TRUSTED gives a working trust store.
  it.skipIf(!hasOpenssl)("following diagnose's advice (convert --trust-certificates) gives a working trust store", async () => {
    const dir = tempDir();
    const p12 = makeNokeysP12(dir);
    const fixed = join(dir, "fixed.p12");
    const advice = json<DiagnoseJson>(await cli(["diagnose", p12, "--storepass-env", "SP", "--json"], SP));
    expect(finding(advice, "PKCS12_CERTS_NOT_TRUSTED")!.message).toContain("--trust-certificates");
    expect((await cli(["convert", p12, fixed, "--storepass-env", "SP", "--trust-certificates"], SP)).status).toBe(0);
    const after = json<DiagnoseJson>(await cli(["diagnose", fixed, "--storepass-env", "SP", "--json"], SP));
    expect(codes(after)).not.toContain("NO_TRUST_ANCHORS");
  });

  it("a key store (--role keystore) without a private key → NO_PRIVATE_KEY", async () => {
    const result = await cli(["diagnose", fx("jks", "j17-trusted.jks"), "--role", "keystore", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    const body = json<DiagnoseJson>(result);
    expect(body.role).toBe("keystore");
    expect(finding(body, "NO_PRIVATE_KEY")).toMatchObject({ severity: "error" });
    expect(finding(body, "NO_PRIVATE_KEY")!.message).toContain("handshake_failure");
  });

  it("--storetype JKS on a .p12 → TYPE_MISMATCH (a warning: keystore.type.compat); JCEKS on it → an error", async () => {
    const jks = await cli(["diagnose", fx("pkcs12", "j17-trusted.p12"), "--storetype", "JKS", "--storepass-env", "SP", "--json"], SP);
    const body = json<DiagnoseJson>(jks);
    expect(finding(body, "TYPE_MISMATCH")).toMatchObject({ severity: "warning" });
    expect(finding(body, "TYPE_MISMATCH")!.message).toContain("-Djavax.net.ssl.trustStoreType=PKCS12");
    expect(jks.status).toBe(body.findings.some((f) => f.severity === "error") ? 1 : 0);
    const jceks = await cli(["diagnose", fx("pkcs12", "j17-trusted.p12"), "--storetype", "JCEKS", "--storepass-env", "SP", "--json"], SP);
    expect(jceks.status).toBe(1);
    expect(finding(json<DiagnoseJson>(jceks), "TYPE_MISMATCH")).toMatchObject({ severity: "error" });
  });

  it("a wrong password → WRONG_PASSWORD", async () => {
    const result = await cli(["diagnose", fx("jks", "j17-trusted.jks"), "--storepass-env", "SP", "--json"], { SP: "nope" });
    expect(result.status).toBe(1);
    expect(codes(json<DiagnoseJson>(result))).toEqual(["WRONG_PASSWORD"]);
  });

  it("a healthy key store (keytool-made, CA-issued chain of 3): no problems, exit 0", async () => {
    const result = await cli(["diagnose", fx("jks", "j17-chain3.jks"), "--role", "keystore", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json<DiagnoseJson>(result)).toEqual({ format: "JKS", role: "keystore", findings: [] });
    const human = await cli(["diagnose", fx("jks", "j17-chain3.jks"), "--role", "keystore", "--storepass-env", "SP"], SP);
    expect(human.stdout).toBe("No problems found\n");
  });

  it("keytool -genkeypair's store (no CA reply yet): KEY_SELF_SIGNED, a warning, exit 0", async () => {
    const result = await cli(["diagnose", fx("jks", "j17-rsa.jks"), "--role", "keystore", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json<DiagnoseJson>(result).findings).toMatchObject([{ code: "KEY_SELF_SIGNED", severity: "warning", aliases: ["rsa"] }]);
  });

  it("usage failures: --role bogus → 2; unknown --storetype → 2", async () => {
    expect((await cli(["diagnose", fx("jks", "j17-rsa.jks"), "--role", "server"])).status).toBe(2);
    const type = await cli(["diagnose", fx("jks", "j17-rsa.jks"), "--storetype", "XYZ", "--json"]);
    expect(type.status).toBe(2);
    expect(errorCode(type)).toBe("USAGE");
  });
});

describe("expiring", () => {
  it("nothing within 30 days → exit 0 and []; a long horizon lists soonest first", async () => {
    const none = await cli(["expiring", fx("jks", "j17-trusted.jks"), "--storepass-env", "SP", "--json"], SP);
    expect(none.status).toBe(0);
    expect(json<unknown[]>(none)).toEqual([]);
    expect((await cli(["expiring", fx("jks", "j17-trusted.jks"), "--storepass-env", "SP"], SP)).stdout).toBe("Nothing expires within 30 days\n");
    const all = await cli(["expiring", fx("jks", "j17-trusted.jks"), "--days", "100000", "--storepass-env", "SP", "--json"], SP);
    expect(all.status).toBe(1);
    const items = json<{ alias: string; notAfter: string; daysLeft: number }[]>(all);
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.notAfter)).toEqual([...items.map((i) => i.notAfter)].sort());
  });

  it("an expired anchor → exit 1, negative daysLeft; --json shape", async () => {
    const result = await cli(["expiring", chains("stores", "root-expired.jks"), "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    const [item, ...rest] = json<{ alias: string; subject: string; notAfter: string; daysLeft: number }[]>(result);
    expect(rest).toEqual([]);
    expect(Object.keys(item!).sort()).toEqual(["alias", "daysLeft", "notAfter", "subject"]);
    expect(item).toMatchObject({ subject: "CN=KK Expired Root CA,O=keystorekit tests", notAfter: "2021-01-01T00:00:00.000Z" });
    expect(item!.daysLeft).toBeLessThan(0);
  });

  it("failure: --days that is not a number → 2", async () => {
    const result = await cli(["expiring", fx("jks", "j17-trusted.jks"), "--days", "soon", "--json"]);
    expect(result.status).toBe(2);
    expect(errorCode(result)).toBe("USAGE");
  });
});

describe("java-opts", () => {
  it("the trust store line with the type read from the bytes (a PKCS#12 named .jks says PKCS12)", async () => {
    const { file } = copyOf(fx("pkcs12", "j17-trusted.p12"), "really-pkcs12.jks");
    const result = await cli(["java-opts", file, "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(0);
    expect(json(result)).toEqual({
      javaOptions: `-Djavax.net.ssl.trustStore=${resolve(file)} -Djavax.net.ssl.trustStorePassword=$SP -Djavax.net.ssl.trustStoreType=PKCS12`,
      form: "args",
      format: "PKCS12",
      passwordShown: false,
      warnings: [],
    });
  });

  it("--role keystore gives the keyStore properties", async () => {
    const result = await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--role", "keystore", "--storepass-env", "SP"], SP);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`-Djavax.net.ssl.keyStore=${fx("jks", "j17-rsa.jks")} -Djavax.net.ssl.keyStorePassword=$SP -Djavax.net.ssl.keyStoreType=JKS\n`);
  });

  it("prints the password only when it was typed on the command line or --show-password asks for it", async () => {
    const store = fx("jks", "j17-rsa.jks");
    const pwFile = join(tempDir(), "pw.txt");
    writeFileSync(pwFile, "changeit\r\n");
    const fromFile = await cli(["java-opts", store, "--storepass-file", pwFile]);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain(`-Djavax.net.ssl.trustStorePassword=$(head -n 1 ${pwFile} | tr -d '\\r')`);
    // The shell reads the CRLF file to the same password keystorekit used.
    const expanded = spawnSync("sh", ["-c", `printf %s "${fromFile.stdout.trim().match(/Password=(\$\([^)]*\))/)![1]}"`], { encoding: "utf8" });
    expect(expanded.stdout).toBe("changeit");
    expect(fromFile.stdout + fromFile.stderr).not.toContain("changeit");
    expect(fromFile.stderr).toContain("--show-password prints it");
    const shown = await cli(["java-opts", store, "--storepass-env", "SP", "--show-password", "--json"], SP);
    expect(json(shown)).toMatchObject({ passwordShown: true });
    expect(shown.stdout).toContain("-Djavax.net.ssl.trustStorePassword=changeit");
    const typed = await cli(["java-opts", store, "--storepass", "changeit"]);
    expect(typed.stdout).toContain("-Djavax.net.ssl.trustStorePassword=changeit");
  });

  it("the $VAR form works in a shell: the JAVA_OPTS line expands to the real password", async () => {
    const file = fx("jks", "j17-rsa.jks");
    const result = await cli(["java-opts", file, "--storepass-env", "SP"], SP);
    const expanded = spawnSync("sh", ["-c", `JAVA_OPTS="${result.stdout.trim()}"; printf %s "$JAVA_OPTS"`], { env: { SP: "changeit" }, encoding: "utf8" });
    expect(expanded.stdout).toContain("-Djavax.net.ssl.trustStorePassword=changeit ");
  });

  it("failures: no STORE → 2; --role bogus → 2; wrong password → INTEGRITY 1", async () => {
    expect((await cli(["java-opts", "--json"])).status).toBe(2);
    expect((await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--role", "server"])).status).toBe(2);
    const wrong = await cli(["java-opts", fx("jks", "j17-rsa.jks"), "--storepass-env", "SP", "--json"], { SP: "nope" });
    expect(wrong.status).toBe(1);
    expect(errorCode(wrong)).toBe("INTEGRITY");
  });
});

describe("list and export-key (the rest of the command set)", () => {
  it("list: success and a usage failure", async () => {
    expect((await listStore(fx("jks", "j17-trusted.jks"))).entries).toHaveLength(3);
    expect((await cli(["list", fx("jks", "j17-trusted.jks"), "--bogus"])).status).toBe(2);
  });

  it("export-key: a trusted certificate has no key → INVALID_ARGUMENT 1", async () => {
    const result = await cli(["export-key", fx("jks", "j17-trusted.jks"), "-alias", "ca", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    expect(errorCode(result)).toBe("INVALID_ARGUMENT");
  });
});

describe("writes are atomic: a failed write leaves the original byte for byte", () => {
  it("rename to an alias that exists → error, file unchanged, no temporary file left", async () => {
    const { dir, file } = copyOf(fx("jks", "j17-trusted.jks"));
    const before = readFileSync(file);
    const result = await cli(["rename", file, "-alias", "ca", "-destalias", "server", "--storepass-env", "SP", "--json"], SP);
    expect(result.status).toBe(1);
    expect(json(result)).toEqual({ error: { code: "INVALID_ARGUMENT", message: "Alias <server> already exists" } });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(["j17-trusted.jks"]);
  });

  it("saving a format that cannot be written (import-cert into a BKS store) → 2, file unchanged", async () => {
    const { dir, file } = copyOf(fx("bks", "bc.bks"));
    const before = readFileSync(file);
    const result = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", certs("chain-root.pem"), "--json"], SP);
    expect(result.status).toBe(2);
    expect(json(result)).toEqual({ error: { code: "USAGE", message: "writing BKS is not supported: convert it (keystorekit convert IN OUT --to pkcs12)" } });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(["bc.bks"]);
  });

  it("a successful write keeps the file's permission bits", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"));
    const { chmodSync, statSync } = await import("node:fs");
    chmodSync(file, 0o640);
    expect((await cli(["delete", file, "-alias", "ca", "--storepass-env", "SP"], SP)).status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});
