import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readKeystoreFile } from "../../src/node/files.js";
import { repoRoot } from "../helpers/corpus.js";
import { cli, type CliResult } from "./helpers.js";

/**
 * What the CLI does around the files it writes (issue #11): passwords never echoed from secret
 * sources, keytool's rules for new passwords, plaintext keys only where the user sees it, special
 * and read-only targets refused, and every error naming the user's path.
 */

const fx = (...parts: string[]) => join(repoRoot, "test", "fixtures", ...parts);
const SP = { SP: "changeit" };
const tempDir = () => mkdtempSync(join(tmpdir(), "kk-cli-safe-"));
const copyOf = (fixture: string, name = fixture.split("/").pop()!) => {
  const dir = tempDir();
  const file = join(dir, name);
  copyFileSync(fixture, file);
  return { dir, file };
};
const errorOf = (result: CliResult) => (JSON.parse(result.stdout) as { error: { code: string; message: string } }).error;

describe("passwords are not printed unless typed or asked for", () => {
  it("import-cert with --storepass-env prints $VAR in the JAVA_OPTS line, in text and --json", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"), "trust.jks");
    chmodSync(file, 0o644);
    const text = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", fx("certs", "chain-intermediate.pem")], SP);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("Certificate was added");
    expect(text.stdout).toContain("-Djavax.net.ssl.trustStorePassword=$SP ");
    expect(text.stdout + text.stderr).not.toContain("changeit");
  });

  it("a prompted password is shown as a placeholder", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"), "trust.jks");
    const imported = await cli(["import-cert", "-keystore", file, "-file", fx("certs", "chain-intermediate.pem")], {}, { answers: ["changeit"] });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.prompts).toEqual(["Enter keystore password: "]);
    expect(imported.stdout).toContain("-Djavax.net.ssl.trustStorePassword=<password>");
    expect(imported.stdout).not.toContain("changeit");
  });
});

describe("new store passwords follow keytool's rules", () => {
  it("without a terminal and without a password, a new store is refused instead of getting the empty password", async () => {
    const dir = tempDir();
    const result = await cli(["import-cert", "-keystore", join(dir, "new.jks"), "-file", fx("certs", "ca.pem")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/a new keystore needs a password/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a password shorter than six characters is refused; an explicit empty one works with a warning", async () => {
    const dir = tempDir();
    const short = await cli(["import-cert", "-keystore", join(dir, "a.jks"), "--storepass-env", "P", "-file", fx("certs", "ca.pem")], { P: "abc" });
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/at least 6 characters/);
    const empty = await cli(["import-cert", "-keystore", join(dir, "b.p12"), "--storepass-env", "P", "-file", fx("certs", "ca.pem")], { P: "" });
    expect(empty.status, empty.stderr).toBe(0);
    expect(empty.stderr).toMatch(/the keystore password is empty/);
    expect(readdirSync(dir)).toEqual(["b.p12"]);
  });

  it("on a terminal the new password is asked twice; a mismatch and a short one are asked again", async () => {
    const dir = tempDir();
    const path = join(dir, "new.jks");
    const result = await cli(["import-cert", "-keystore", path, "-file", fx("certs", "ca.pem")], {}, { answers: ["short", "secret1", "secret2", "secret1", "secret1"] });
    expect(result.status, result.stderr).toBe(0);
    expect(result.prompts).toEqual([
      "Enter new keystore password: ",
      "Enter new keystore password: ",
      "Re-enter new password: ",
      "Enter new keystore password: ",
      "Re-enter new password: ",
    ]);
    expect(result.stderr).toContain("Password is too short - must be at least 6 characters");
    expect(result.stderr).toContain("They don't match. Try again");
    expect(readKeystoreFile(path, { password: "secret1" }).integrity).toBe("verified");
  });

  it("password files lose a trailing \\r\\n or \\r; a FIFO or a huge file is refused", async () => {
    const { dir, file } = copyOf(fx("jks", "j17-trusted.jks"), "trust.jks");
    for (const ending of ["\r\n", "\r", "\n", ""]) {
      writeFileSync(join(dir, "pw"), `changeit${ending}`);
      const result = await cli(["list", file, "--storepass-file", join(dir, "pw"), "--json"]);
      expect([ending, result.status]).toEqual([ending, 0]);
      expect(JSON.parse(result.stdout).integrity).toBe("verified");
    }
    execFileSync("mkfifo", [join(dir, "fifo")], { stdio: "ignore" });
    const fifo = await cli(["list", file, "--storepass-file", join(dir, "fifo"), "--json"]);
    expect(fifo.status).toBe(1);
    expect(errorOf(fifo).message).toMatch(/fifo: it is a FIFO \(named pipe\), not a regular file \(a password file must be a file\)/);
    writeFileSync(join(dir, "big"), "x".repeat(70 * 1024));
    const big = await cli(["list", file, "--storepass-file", join(dir, "big"), "--json"]);
    expect(errorOf(big).code).toBe("LIMIT");
  });
});

describe("new and existing targets", () => {
  it("a new trust store follows the umask (Java running as another user can read it)", async () => {
    const dir = tempDir();
    const path = join(dir, "trust.p12");
    const previous = process.umask(0o022);
    try {
      const result = await cli(["import-cert", "-keystore", path, "--storepass-env", "SP", "-file", fx("certs", "ca.pem")], SP);
      expect(result.status, result.stderr).toBe(0);
    } finally {
      process.umask(previous);
    }
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it("an edit through a symbolic link replaces the real store and keeps the link", async () => {
    const { dir, file } = copyOf(fx("jks", "j17-trusted.jks"), "real.jks");
    chmodSync(file, 0o644);
    symlinkSync("real.jks", join(dir, "cacerts"));
    const result = await cli(["import-cert", "-keystore", join(dir, "cacerts"), "--storepass-env", "SP", "-file", fx("certs", "chain-intermediate.pem")], SP);
    expect(result.status, result.stderr).toBe(0);
    expect(lstatSync(join(dir, "cacerts")).isSymbolicLink()).toBe(true);
    expect(readKeystoreFile(file, { password: "changeit" }).size).toBe(readKeystoreFile(fx("jks", "j17-trusted.jks")).size + 1);
  });

  it("a read-only store is refused (unchanged) unless --force-read-only", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"), "trust.jks");
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const refused = await cli(["delete", file, "-alias", "ca", "--storepass-env", "SP", "--json"], SP);
    expect(refused.status).toBe(1);
    expect(errorOf(refused)).toMatchObject({ code: "IO" });
    expect(errorOf(refused).message).toMatch(/it is read-only \(mode 0444\): nothing was written/);
    expect(readFileSync(file)).toEqual(before);
    const forced = await cli(["delete", file, "-alias", "ca", "--storepass-env", "SP", "--force-read-only"], SP);
    expect(forced.status, forced.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it("convert --force never turns a FIFO or /dev/null into a regular file", async () => {
    const dir = tempDir();
    execFileSync("mkfifo", [join(dir, "out.p12")], { stdio: "ignore" });
    const result = await cli(["convert", fx("jks", "j17-trusted.jks"), join(dir, "out.p12"), "--storepass-env", "SP", "--force", "--json"], SP);
    expect(result.status).toBe(1);
    expect(errorOf(result).message).toMatch(/out\.p12: it is a FIFO/);
    expect(lstatSync(join(dir, "out.p12")).isFIFO()).toBe(true);
    const devnull = await cli(["export-bundle", fx("jks", "j17-trusted.jks"), "-file", "/dev/null", "--json"]);
    expect(devnull.status).toBe(1);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("errors name the user's path: a directory, a missing directory, a name too long", async () => {
    const dir = tempDir();
    const asDir = await cli(["export-cert", fx("jks", "j17-trusted.jks"), "-alias", readKeystoreFile(fx("jks", "j17-trusted.jks")).aliases()[0]!, "-file", dir, "--json"]);
    expect(errorOf(asDir).message).toBe(`cannot write ${dir}: it is a directory, not a regular file: nothing was written`);
    const listDir = await cli(["list", dir, "--json"]);
    expect(errorOf(listDir).message).toMatch(new RegExp(`^cannot read ${dir}: it is a directory`));
    const long = await cli(["list", join(dir, "y".repeat(300)), "--json"]);
    expect(errorOf(long).message).toMatch(/^cannot open .*yyyy: file name too long$/);
    const missing = await cli(["import-cert", "-keystore", join(dir, "nope", "t.jks"), "--storepass-env", "SP", "-file", fx("certs", "ca.pem"), "--json"], SP);
    expect(errorOf(missing).message).toMatch(/nope\/t\.jks: no such file or directory/);
  });
});

describe("plaintext keys", () => {
  it("export-key -file writes 0600 through the safe writer and warns; an existing 0644 file is tightened", async () => {
    const dir = tempDir();
    const out = join(dir, "server-key.pem");
    writeFileSync(out, "old");
    chmodSync(out, 0o644);
    const result = await cli(["export-key", fx("jks", "j17-rsa.jks"), "--alias", "rsa", "--storepass-env", "SP", "-file", out], SP);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(result.stderr).toMatch(/tightened the mode .* from 0644 to 0600/);
    expect(result.stderr).toMatch(/server-key\.pem holds an unencrypted key/);
  });

  it("export-key to standard output warns, and warns louder when stdout is a file others can read", async () => {
    const args = ["export-key", fx("jks", "j17-rsa.jks"), "--alias", "rsa", "--storepass-env", "SP"];
    const plain = await cli(args, SP);
    expect(plain.stderr).toContain("Warning: the output holds an unencrypted key");
    const exposed = await cli(args, SP, { stdoutFileMode: 0o644 });
    expect(exposed.stderr).toMatch(/standard output is a file others can read \(mode 0644\)/);
  });

  it("a key is never written into a .crt or .cer name unless asked", async () => {
    const dir = tempDir();
    const crt = join(dir, "server.crt");
    const refused = await cli(["convert", fx("jks", "j17-rsa.jks"), crt, "--storepass-env", "SP"], SP);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/would hold an unencrypted private key, but its name says certificate/);
    expect(readdirSync(dir)).toEqual([]);
    const exportCer = await cli(["export-key", fx("jks", "j17-rsa.jks"), "--alias", "rsa", "--storepass-env", "SP", "-file", join(dir, "k.cer")], SP);
    expect(exportCer.status).toBe(2);
    const allowed = await cli(["convert", fx("jks", "j17-rsa.jks"), crt, "--storepass-env", "SP", "--allow-key-in-cert-file"], SP);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(statSync(crt).mode & 0o777).toBe(0o600);
    expect(allowed.stderr).toMatch(/server\.crt holds an unencrypted key/);
  });

  it("convert to PEM with keys: 0600 even over an existing 0644 file with --force", async () => {
    const dir = tempDir();
    const out = join(dir, "bundle.pem");
    writeFileSync(out, "old");
    chmodSync(out, 0o644);
    const result = await cli(["convert", fx("jks", "j17-rsa.jks"), out, "--storepass-env", "SP", "--force"], SP);
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});

describe("edits keep a password-less PKCS#12 password-less (#12 item 6)", () => {
  it("import-cert, rename and delete add no MAC and keep the certificates readable without a password", async () => {
    const dir = tempDir();
    const store = join(dir, "cacerts.p12");
    const made = await cli(["convert", fx("jks", "j17-trusted.jks"), store, "--storepass-env", "SP", "--profile", "passwordless"], SP);
    expect(made.status, made.stderr).toBe(0);
    const edits = [
      ["import-cert", "-keystore", store, "--storepass-env", "SP", "-file", fx("certs", "chain-intermediate.pem"), "-alias", "added"],
      ["rename", store, "-alias", "added", "-destalias", "renamed", "--storepass-env", "SP"],
      ["delete", store, "-alias", "ca", "--storepass-env", "SP"],
    ];
    for (const edit of edits) {
      const result = await cli(edit, SP);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain("profile passwordless");
      const withoutPassword = readKeystoreFile(store);
      expect(withoutPassword.passwordless).toBe(true);
      // Without a password Java (and we) see every trusted certificate: none were encrypted.
      expect(withoutPassword.size).toBe(readKeystoreFile(store, { password: "anything" }).size);
    }
    expect(readKeystoreFile(store).aliases().sort()).toEqual(["ed25519", "renamed", "server"]);
  });
});

const hasOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

describe("export-key with the key password alone (#12 item 3)", () => {
  it.skipIf(!hasOpenssl)("a PKCS#12 without MAC gives its key for --keypass alone, as Java's load(in, null) + getKey does", async () => {
    const dir = tempDir();
    const p12 = join(dir, "nomac.p12");
    const made = spawnSync("openssl", [
      "pkcs12", "-export", "-nomac", "-in", fx("certs", "server.pem"), "-inkey", fx("certs", "server-key.pem"),
      "-name", "server", "-passout", "pass:keypass1", "-out", p12,
    ], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const result = await cli(["export-key", p12, "--alias", "server", "--keypass-env", "KP"], { KP: "keypass1" });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const expected = spawnSync("openssl", ["pkey", "-in", fx("certs", "server-key.pem")], { encoding: "utf8" }).stdout;
    expect(result.stdout).toBe(expected);
    // Without any password it still asks for the store password (nothing to decrypt the key with).
    expect((await cli(["export-key", p12, "--alias", "server"])).status).toBe(2);
  });
});

describe("certificate files are called certificate files (#12 item 16)", () => {
  it("a bad -file says which certificate file is bad, not 'Malformed keystore'", async () => {
    const { dir, file } = copyOf(fx("jks", "j17-trusted.jks"), "trust.jks");
    writeFileSync(join(dir, "bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const result = await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", join(dir, "bad.pem"), "--json"], SP);
    expect(result.status).toBe(1);
    expect(errorOf(result).message).toMatch(new RegExp(`^${join(dir, "bad.pem")} is not a valid certificate file \\(PEM or DER X\\.509\\): `));
    expect(errorOf(result).message).not.toMatch(/keystore/i);
  });

  it("-file - reads the certificate from standard input", async () => {
    const { file } = copyOf(fx("jks", "j17-trusted.jks"), "trust.jks");
    const { runCli } = await import("../helpers/cli-bin.js");
    const result = runCli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-file", "-", "-alias", "piped"], {
      env: SP,
      input: readFileSync(fx("certs", "chain-intermediate.pem"), "utf8"),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(readKeystoreFile(file, { password: "changeit" }).has("piped")).toBe(true);
  });
});
