import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { jdks } from "../helpers/java.js";
import { cli } from "./helpers.js";

/** import-key: every failure leaves the target as it was; Java reads what it writes (skipped without a JDK). */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const key = (name: string) => join(K, name);
const CHAIN = ["chain/leaf-rsa2048.pem", "chain/root.pem", "chain/inter.pem"].flatMap((c) => ["--cert", key(c)]);
const ENV = { SP: "changeit", PP: readFileSync(key("passphrase.txt"), "utf8").trim() };
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const fresh = () => mkdtempSync(join(tmpdir(), "kk-import-key-"));

describe("import-key", () => {
  it("creates a store with the key and its chain ordered leaf first, and prints the keyStore JAVA_OPTS with the password hidden", async () => {
    const file = join(fresh(), "client.p12");
    const r = await cli(["import-key", "-keystore", file, "-alias", "client", "--key", key("rsa2048/trad.pem"), ...CHAIN, "--storepass-env", "SP"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Key pair was imported into keystore as <client>: CN=leaf-rsa2048, chain of 3 certificates");
    expect(r.stdout).toContain(`-Djavax.net.ssl.keyStore=${file} -Djavax.net.ssl.keyStorePassword=$SP -Djavax.net.ssl.keyStoreType=PKCS12`);
    expect(r.stdout).not.toContain("changeit");
    const store = decodeKeystore(readFileSync(file), { password: "changeit" });
    const entry = store.entry("client");
    expect(entry.type).toBe("privateKey");
    if (entry.type !== "privateKey") return;
    expect(entry.chain.map((c) => c.subject)).toEqual(["CN=leaf-rsa2048", "CN=Keys Test Intermediate", "CN=Keys Test Root"]);
    expect(entry.key.protected!.decrypt("changeit")).toEqual(new Uint8Array(readFileSync(key("rsa2048/expected.der"))));
  });

  it("reads an encrypted key with --key-passphrase-env, or asks for the pass phrase on a terminal", async () => {
    const dir = fresh();
    const byEnv = await cli(["import-key", "-keystore", join(dir, "a.jks"), "--key", key("rsa2048/enc-aes256-sha256.pem"), "--cert", key("chain/reply-rsa2048.p7b"), "--key-passphrase-env", "PP", "--storepass-env", "SP"], ENV);
    expect(byEnv.status, byEnv.stderr).toBe(0);
    expect(byEnv.stdout).toContain("as <leaf-rsa2048>");
    const asked = await cli(["import-key", "-keystore", join(dir, "b.jks"), "--key", key("rsa2048/legacy-aes256.pem"), "--cert", key("rsa2048/cert.pem"), "--storepass-env", "SP"], ENV, { answers: [ENV.PP] });
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.prompts).toEqual([`Enter pass phrase for ${key("rsa2048/legacy-aes256.pem")}: `]);
    const none = await cli(["import-key", "-keystore", join(dir, "c.jks"), "--key", key("rsa2048/legacy-aes256.pem"), "--cert", key("rsa2048/cert.pem"), "--storepass-env", "SP", "--json"], ENV);
    expect(none.status).toBe(1);
    expect(JSON.parse(none.stdout).error.code).toBe("PASSWORD_REQUIRED");
    expect(existsSync(join(dir, "c.jks"))).toBe(false);
  });

  it("refuses a key with another key's certificate (KEY_MISMATCH), an existing alias (CONFLICT) and no certificate, writing nothing", async () => {
    const dir = fresh();
    const file = join(dir, "s.jks");
    const mismatch = await cli(["import-key", "-keystore", file, "--key", key("ec256/pkcs8.pem"), "--cert", key("chain/leaf-rsa2048.pem"), "--storepass-env", "SP", "--json"], ENV);
    expect(mismatch.status).toBe(1);
    expect(JSON.parse(mismatch.stdout).error.code).toBe("KEY_MISMATCH");
    expect(existsSync(file)).toBe(false);
    const noCert = await cli(["import-key", "-keystore", file, "--key", key("ec256/pkcs8.pem"), "--storepass-env", "SP"], ENV);
    expect(noCert.status).toBe(1);
    expect(noCert.stderr).toContain("Private key must be accompanied by certificate chain");
    expect(existsSync(file)).toBe(false);
    expect((await cli(["import-key", "-keystore", file, "-alias", "k", "--key", key("ec256/pkcs8.pem"), "--cert", key("ec256/cert.pem"), "--storepass-env", "SP"], ENV)).status).toBe(0);
    const before = readFileSync(file);
    const again = await cli(["import-key", "-keystore", file, "-alias", "K", "--key", key("rsa2048/pkcs8.pem"), "--cert", key("rsa2048/cert.pem"), "--storepass-env", "SP"], ENV);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("Key pair not imported, alias <K> already exists");
    expect(readFileSync(file)).toEqual(before);
  });

  it("a new store needs a password of six characters; PKCS12 ignores a different -keypass with keytool's warning", async () => {
    const dir = fresh();
    const short = await cli(["import-key", "-keystore", join(dir, "a.p12"), "--key", key("ec256/pkcs8.pem"), "--cert", key("ec256/cert.pem"), "--storepass", "abc"]);
    expect(short.status).toBe(2);
    expect(existsSync(join(dir, "a.p12"))).toBe(false);
    const file = join(dir, "b.p12");
    const r = await cli(["import-key", "-keystore", file, "--key", key("ec256/pkcs8.pem"), "--cert", key("ec256/cert.pem"), "--storepass-env", "SP", "-keypass", "another1"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("Different store and key passwords not supported for PKCS12 KeyStores. Ignoring user-specified -keypass value.");
    const entry = decodeKeystore(readFileSync(file), { password: "changeit" }).entry("ec256");
    expect(entry.type === "privateKey" && entry.key.protected!.decrypt("changeit").length).toBeGreaterThan(0);
  });

  it("--srckeystore copies a key entry of another store (its key password from --srckeypass)", async () => {
    const dir = fresh();
    const source = join(dir, "src.jceks");
    expect((await cli(["import-key", "-keystore", source, "-alias", "orig", "--key", key("ec384/pkcs8.pem"), "--cert", key("ec384/cert.pem"), "--storepass-env", "SP", "--keypass", "keypass1"], ENV)).status).toBe(0);
    const target = join(dir, "out.p12");
    const wrong = await cli(["import-key", "-keystore", target, "--srckeystore", source, "--srcstorepass-env", "SP", "--storepass-env", "SP", "--json"], ENV);
    expect(wrong.status).toBe(1);
    expect(JSON.parse(wrong.stdout).error.code).toBe("WRONG_KEY_PASSWORD");
    expect(existsSync(target)).toBe(false);
    const r = await cli(["import-key", "-keystore", target, "-alias", "copy", "--srckeystore", source, "--srcstorepass-env", "SP", "--srckeypass", "keypass1", "--storepass-env", "SP", "--json"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ alias: "copy", format: "PKCS12", keyPassword: "store password", passwordShown: false });
    const entry = decodeKeystore(readFileSync(target), { password: "changeit" }).entry("copy");
    expect(entry.type === "privateKey" && entry.key.protected!.decrypt("changeit")).toEqual(new Uint8Array(readFileSync(key("ec384/expected.der"))));
  });
});

describe.skipIf(jdks.length === 0)("import-key read back by Java 17 and 25", () => {
  it.each(["JKS", "PKCS12", "JCEKS"])("keytool -list -v shows a PrivateKeyEntry with the full chain, getKey is OpenSSL's PKCS#8 (%s)", async (format) => {
    const file = join(fresh(), `client.${format.toLowerCase()}`);
    const r = await cli(["import-key", "-keystore", file, "-storetype", format, "-alias", "client", "--key", key("rsa2048/enc-des3.pem"), "--key-passphrase-env", "PP", ...CHAIN, "--storepass-env", "SP"], ENV);
    expect(r.status, r.stderr).toBe(0);
    const pkcs8 = sha256(readFileSync(key("rsa2048/expected.der")));
    for (const jdk of jdks) {
      const listing = execFileSync(jdk.keytool, ["-list", "-v", "-keystore", file, "-storetype", format, "-storepass", "changeit"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(listing, jdk.name).toContain("Entry type: PrivateKeyEntry");
      expect(listing).toContain("Certificate chain length: 3");
      expect(listing.match(/Owner: (.*)/g)).toEqual(["Owner: CN=leaf-rsa2048", "Owner: CN=Keys Test Intermediate", "Owner: CN=Keys Test Root"]);
      const keys = execFileSync(jdk.java, [key("KeyEntries.java"), file, format, "changeit", "changeit"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(keys.split("\t").slice(0, 3), jdk.name).toEqual(["client", "PrivateKeyEntry", `${pkcs8} RSA`]);
    }
  });

  it.each(["java", "java-legacy", "openssl", "openssl-legacy"])("PKCS12 profile %s: Java gets the key with the store password", async (profile) => {
    const file = join(fresh(), "client.p12");
    const r = await cli(["import-key", "-keystore", file, "-alias", "client", "--key", key("ec256/trad.pem"), "--cert", key("ec256/cert.pem"), "--storepass-env", "SP", "--profile", profile], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`profile ${profile}`);
    for (const jdk of jdks) {
      const keys = execFileSync(jdk.java, [key("KeyEntries.java"), file, "PKCS12", "changeit", "changeit"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(keys.split("\t").slice(0, 3), jdk.name).toEqual(["client", "PrivateKeyEntry", `${sha256(readFileSync(key("ec256/expected.der")))} EC`]);
    }
  });
});
