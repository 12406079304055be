import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { findDefaultTrustStore } from "../../src/node/java-home.js";
import { corpusRoot, hasCorpus, loadManifest } from "../helpers/corpus.js";
import { sha256Hex } from "../helpers/corpus.js";
import { fromBase64 } from "../../src/binary/encoding.js";
import { cli } from "./helpers.js";

const manifest = loadManifest();
const store = (file: string) => join(corpusRoot, "stores", file);
const expectedFor = (file: string) => manifest.stores.find((s) => s.file === `stores/${file}`)!;

describe.skipIf(!hasCorpus)("keystorekit list", () => {
  it("--json prints the documented shape, entries in file order, matching what Java reports", async () => {
    const { status, stdout, stderr } = await cli(["list", store("debian/cacerts-debian.jks"), "--storepass", "changeit", "--json"]);
    expect(status).toBe(0);
    expect(stderr).toMatch(/Warning: a password on the command line/);
    const json = JSON.parse(stdout);
    expect(json.format).toBe("JKS");
    expect(json.integrity).toBe("verified");
    expect(json.entries).toHaveLength(144);
    const expected = expectedFor("debian/cacerts-debian.jks");
    for (const entry of json.entries) {
      const want = expected.entries.find((e) => e.alias === entry.alias)!;
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(["alias", "type", "created", "certificates", "algorithm"]));
      expect(entry.type).toBe("trustedCert");
      expect(entry.created).toBe(want.creationDate);
      expect(entry.algorithm).toBeNull();
      expect(entry.certificates.map((c: { sha256: string }) => c.sha256)).toEqual(want.certChainSha256);
      expect(entry.certificates[0].subject).toBe(want.certChainSubjects[0]);
      expect(entry.certificates[0].notAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it("a private key lists its chain and algorithm; keytool's -keystore/-storepass spellings work", async () => {
    const { status, stdout } = await cli(["list", "-keystore", store("pyjks/jks/RSA2048_3certs.jks"), "-storepass", "12345678", "--json"]);
    expect(status).toBe(0);
    const [entry] = JSON.parse(stdout).entries;
    expect(entry.type).toBe("privateKey");
    expect(entry.algorithm).toBe("RSA");
    expect(entry.certificates.map((c: { sha256: string }) => c.sha256)).toEqual(expectedFor("pyjks/jks/RSA2048_3certs.jks").entries[0]!.certChainSha256);
  });

  it("without a password: integrity unchecked, with a warning", async () => {
    const { status, stdout, stderr } = await cli(["list", store("pyjks/jks/3certs.jks"), "--json"]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).integrity).toBe("unchecked");
    expect(stderr).toMatch(/NOT been checked/);
  });

  it("passwords from the environment and from a file", async () => {
    const fromEnv = await cli(["list", store("pyjks/jks/3certs.jks"), "--storepass-env", "SP", "--json"], { SP: "12345678" });
    expect(JSON.parse(fromEnv.stdout).integrity).toBe("verified");
    expect(fromEnv.stderr).toBe("");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "kk-pw-")), "pw");
    writeFileSync(file, "12345678\n");
    const fromFile = await cli(["list", store("pyjks/jks/3certs.jks"), `--storepass-file=${file}`, "--json"]);
    expect(JSON.parse(fromFile.stdout).integrity).toBe("verified");
  });

  it("human output names the entries as keytool does", async () => {
    const { stdout } = await cli(["list", store("pyjks/jks/3certs.jks"), "--storepass-env", "SP"], { SP: "12345678" });
    expect(stdout).toContain("Your keystore contains 3 entries");
    expect(stdout).toMatch(/cert1, 2016-05-15, trustedCertEntry,\nCertificate fingerprint \(SHA-256\): C6:F6:21/);
  });

  it("errors: wrong password → INTEGRITY exit 1; unknown option → exit 2; missing file → IO", async () => {
    const wrong = await cli(["list", store("pyjks/jks/3certs.jks"), "--storepass-env", "SP", "--json"], { SP: "nope" });
    expect(wrong.status).toBe(1);
    expect(JSON.parse(wrong.stdout)).toEqual({ error: { code: "INTEGRITY", message: "Keystore was tampered with, or password was incorrect" } });
    expect(wrong.stderr).toBe("keystorekit: Keystore was tampered with, or password was incorrect\n");
    const usage = await cli(["list", "--frobnicate"]);
    expect(usage.status).toBe(2);
    const missing = await cli(["list", "/no/such/file.jks", "--json"]);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe("IO");
  });

  const defaultStore = findDefaultTrustStore(process.env);
  it.skipIf(!defaultStore)("with no STORE opens the JVM's default trust store and says which", async () => {
    const { status, stdout, stderr } = await cli(["list", "--json"], process.env);
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.file).toBe(defaultStore!.path);
    expect(stderr).toContain(defaultStore!.path);
    expect(json.entries.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasCorpus)("keystorekit export-key", () => {
  const file = store("keystore-go/keystore_keypass.jks");
  const want = () => expectedFor("keystore-go/keystore_keypass.jks").entries[0]!;

  it("prints PKCS#8 PEM with the key password, and JSON with base64 DER", async () => {
    const pem = await cli(["export-key", file, "--alias", "alias", "--storepass-env", "SP", "--keypass-env", "KP"], { SP: "password", KP: "keypassword" });
    expect(pem.status).toBe(0);
    expect(pem.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const json = await cli(["export-key", file, "-alias", "ALIAS", "-storepass-env", "SP", "-keypass-env", "KP", "--json"], { SP: "password", KP: "keypassword" });
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ alias: "alias", type: "privateKey", algorithm: "RSA" });
    expect(sha256Hex(fromBase64(parsed.pkcs8))).toBe(want().pkcs8DecryptedSha256);
  });

  it("a wrong key password is WRONG_KEY_PASSWORD; a missing alias is NOT_FOUND; no --alias is usage", async () => {
    const wrong = await cli(["export-key", file, "--alias", "alias", "--storepass-env", "SP", "--json"], { SP: "password" });
    expect(wrong.status).toBe(1);
    expect(JSON.parse(wrong.stdout).error.code).toBe("WRONG_KEY_PASSWORD");
    const missing = await cli(["export-key", file, "--alias", "nope", "--storepass-env", "SP", "--json"], { SP: "password" });
    expect(JSON.parse(missing.stdout).error.code).toBe("NOT_FOUND");
    expect((await cli(["export-key", file, "--storepass-env", "SP"], { SP: "password" })).status).toBe(2);
  });

  it("secret keys come out as hex with their algorithm", async () => {
    const jceks = manifest.stores.find((s) => s.file.endsWith("AES128.jceks"));
    if (!jceks) return;
    const entry = jceks.entries[0]!;
    const out = await cli(["export-key", join(corpusRoot, jceks.file), "--alias", entry.alias, "--storepass-env", "SP", "--keypass-env", "KP", "--json"], {
      SP: jceks.storePassword,
      KP: entry.keyPassword ?? jceks.storePassword,
    });
    const parsed = JSON.parse(out.stdout);
    expect(parsed.type).toBe("secretKey");
    expect(parsed.algorithm).toBe(entry.secretKeyAlgorithm);
    expect(sha256Hex(Uint8Array.from(Buffer.from(parsed.key, "hex")))).toBe(entry.secretKeySha256);
  });
});

describe("keystorekit help", () => {
  it("every command has --help with an example", async () => {
    const main = await cli(["--help"]);
    expect(main.status).toBe(0);
    for (const name of ["list", "export-key"]) {
      expect(main.stdout).toContain(name);
      const help = await cli([name, "--help"]);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Example/);
      expect(help.stdout).toContain(`keystorekit ${name}`);
    }
  });
});
