import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { jdks } from "../helpers/java.js";
import { cli } from "./helpers.js";

/** storepasswd and keypasswd: keys stay protected, Java opens the store with the new passwords (skipped without a JDK). */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const ENV = { SP: "changeit", NEW: "n3w-password", KP: "keypass1" };
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const expected = sha256(readFileSync(join(K, "ec256", "expected.der")));

async function storeWithKey(format: string, ...more: string[]): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "kk-passwd-")), `s.${format.toLowerCase()}`);
  const r = await cli(["import-key", "-keystore", file, "-storetype", format, "-alias", "k", "--key", join(K, "ec256", "pkcs8.pem"), "--cert", join(K, "ec256", "cert.pem"), "--storepass-env", "SP", ...more], ENV);
  expect(r.status, r.stderr).toBe(0);
  expect((await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-alias", "ca", "-file", join(K, "chain", "root.pem")], ENV)).status).toBe(0);
  return file;
}

/** The key as Java's getKey gives it, with each JDK. */
function javaKey(file: string, format: string, storePassword: string, keyPassword: string): string[] {
  return jdks.map((jdk) => execFileSync(jdk.java, [join(K, "KeyEntries.java"), file, format, storePassword, keyPassword], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n").find((l) => l.startsWith("k\t"))!.split("\t")[2]!);
}

const decryptK = (file: string, storePassword: string, keyPassword: string) => {
  const entry = decodeKeystore(readFileSync(file), { password: storePassword }).entry("k");
  return entry.type === "privateKey" ? sha256(entry.key.protected!.decrypt(keyPassword)) : "";
};

describe("storepasswd", () => {
  it("PKCS12: the keys are protected with the new store password (as keytool does)", async () => {
    const file = await storeWithKey("PKCS12");
    const r = await cli(["storepasswd", "-keystore", file, "--storepass-env", "SP", "--new-storepass-env", "NEW", "--json"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reprotectedKeys: ["k"] });
    expect(decryptK(file, ENV.NEW, ENV.NEW)).toBe(expected);
    expect(() => decryptK(file, ENV.NEW, "changeit")).toThrow(/password/i);
  });

  it("JKS: a key with its own password keeps it; one that had the store password is named with the keypasswd to run", async () => {
    const own = await storeWithKey("JKS", "-keypass", ENV.KP);
    expect((await cli(["storepasswd", "-keystore", own, "--storepass-env", "SP", "-new", ENV.NEW], ENV)).status).toBe(0);
    expect(decryptK(own, ENV.NEW, ENV.KP)).toBe(expected);
    const same = await storeWithKey("JKS");
    const r = await cli(["storepasswd", "-keystore", same, "--storepass-env", "SP", "--new-storepass-env", "NEW"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("key <k> keeps its key password (the old store password)");
    expect(r.stderr).toContain(`keystorekit keypasswd -keystore ${same} -alias k`);
    expect(decryptK(same, ENV.NEW, "changeit")).toBe(expected);
  });

  it("asks for the new password twice on a terminal; refuses a short one, a wrong old one, and none without a terminal, leaving the file as it was", async () => {
    const file = await storeWithKey("PKCS12");
    const before = readFileSync(file);
    const wrongOld = await cli(["storepasswd", "-keystore", file, "--storepass", "wrong-pass", "--new-storepass-env", "NEW"], ENV);
    expect(wrongOld.status).toBe(1);
    expect((await cli(["storepasswd", "-keystore", file, "--storepass-env", "SP", "-new", "short"], ENV)).status).toBe(2);
    expect((await cli(["storepasswd", "-keystore", file, "--storepass-env", "SP"], ENV)).status).toBe(2);
    expect(readFileSync(file)).toEqual(before);
    const asked = await cli(["storepasswd", "-keystore", file], {}, { answers: ["changeit", ENV.NEW, ENV.NEW] });
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.prompts).toEqual(["Enter keystore password: ", "Enter new keystore password: ", "Re-enter new password: "]);
    expect(decryptK(file, ENV.NEW, ENV.NEW)).toBe(expected);
  });
});

describe("keypasswd", () => {
  it("JKS/JCEKS: changes one key's password (old one from -keypass, else asked on a terminal)", async () => {
    const file = await storeWithKey("JCEKS", "-keypass", ENV.KP);
    const r = await cli(["keypasswd", "-keystore", file, "--storepass-env", "SP", "-alias", "k", "--keypass-env", "KP", "--new-keypass-env", "SP"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Key password of <k> changed");
    expect(decryptK(file, "changeit", "changeit")).toBe(expected);
    const jks = await storeWithKey("JKS", "-keypass", ENV.KP);
    const asked = await cli(["keypasswd", "-keystore", jks, "--storepass-env", "SP", "-alias", "k"], ENV, { answers: [ENV.KP, ENV.NEW, ENV.NEW] });
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.prompts).toEqual(["Enter key password for <k>: ", "Enter new key password: ", "Re-enter new password: "]);
    expect(decryptK(jks, "changeit", ENV.NEW)).toBe(expected);
  });

  it("refuses PKCS12 (Java uses the store password), a wrong old key password and no key password without a terminal, leaving the file as it was", async () => {
    const p12 = await storeWithKey("PKCS12");
    const pkcs12 = await cli(["keypasswd", "-keystore", p12, "--storepass-env", "SP", "-alias", "k", "-new", ENV.NEW, "--json"], ENV);
    expect(pkcs12.status).toBe(1);
    expect(JSON.parse(pkcs12.stdout).error.code).toBe("UNSUPPORTED");
    expect(pkcs12.stderr).toContain("Java protects PKCS12 keys with the store password");
    const jks = await storeWithKey("JKS", "-keypass", ENV.KP);
    const before = readFileSync(jks);
    const noTerminal = await cli(["keypasswd", "-keystore", jks, "--storepass-env", "SP", "-alias", "k", "-new", ENV.NEW], ENV);
    expect(noTerminal.status).toBe(1);
    expect(noTerminal.stderr).toContain("Cannot recover key <k>: it does not open with the store password");
    const wrong = await cli(["keypasswd", "-keystore", jks, "--storepass-env", "SP", "-alias", "k", "-keypass", "not-it", "-new", ENV.NEW], ENV);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("Cannot recover key <k>: the key password given for <k> does not open it");
    expect(readFileSync(jks)).toEqual(before);
  });
});

describe.skipIf(jdks.length === 0)("storepasswd and keypasswd round-trip through Java 17 and 25", () => {
  it("Java opens the stores with the new passwords and gets the same key", async () => {
    const p12 = await storeWithKey("PKCS12");
    expect((await cli(["storepasswd", "-keystore", p12, "--storepass-env", "SP", "--new-storepass-env", "NEW"], ENV)).status).toBe(0);
    for (const got of javaKey(p12, "PKCS12", ENV.NEW, ENV.NEW)) expect(got).toBe(`${expected} EC`);
    const jks = await storeWithKey("JKS", "-keypass", ENV.KP);
    expect((await cli(["storepasswd", "-keystore", jks, "--storepass-env", "SP", "--new-storepass-env", "NEW"], ENV)).status).toBe(0);
    expect((await cli(["keypasswd", "-keystore", jks, "--storepass-env", "NEW", "-alias", "k", "--keypass-env", "KP", "--new-keypass-env", "NEW"], ENV)).status).toBe(0);
    for (const got of javaKey(jks, "JKS", ENV.NEW, ENV.NEW)) expect(got).toBe(`${expected} EC`);
  });
});
