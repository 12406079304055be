import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { jdks } from "../helpers/java.js";
import { cli } from "./helpers.js";

/** importkeystore copies keys too; merge names the key entries it leaves. */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const ENV = { SP: "changeit", KP: "keypass1", DP: "destpass1" };
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const pkcs8 = (name: string) => sha256(readFileSync(join(K, name, "expected.der")));

/** A JCEKS with a key under the store password (ec), one with its own password (rsa) and a trusted CA. */
async function source(dir: string): Promise<string> {
  const file = join(dir, "src.jceks");
  const add = (alias: string, name: string, ...more: string[]) =>
    cli(["import-key", "-keystore", file, "-alias", alias, "--key", join(K, name, "pkcs8.pem"), "--cert", join(K, name, "cert.pem"), "--storepass-env", "SP", ...more], ENV);
  expect((await add("ec", "ec256")).status).toBe(0);
  expect((await add("rsa", "rsa2048", "--keypass-env", "KP")).status).toBe(0);
  expect((await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-alias", "ca", "-file", join(K, "chain", "root.pem")], ENV)).status).toBe(0);
  return file;
}

const keyOf = (file: string, alias: string, storePassword: string, keyPassword = storePassword) => {
  const entry = decodeKeystore(readFileSync(file), { password: storePassword }).entry(alias);
  return entry.type === "privateKey" ? sha256(entry.key.protected!.decrypt(keyPassword)) : entry.type;
};

describe("importkeystore", () => {
  it("copies every entry, keys included, into a new store; a key with its own password needs it (reported by alias, nothing written)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-iks-"));
    const src = await source(dir);
    const dest = join(dir, "dest.p12");
    const base = ["importkeystore", "-srckeystore", src, "--srcstorepass-env", "SP", "-destkeystore", dest, "--deststorepass-env", "DP"];
    const missing = await cli([...base, "--json"], ENV);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe("WRONG_KEY_PASSWORD");
    expect(missing.stderr).toContain("Cannot recover key <rsa>");
    expect(existsSync(dest)).toBe(false);
    const r = await cli([...base, "--srckeypass-for", "RSA=KP"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Import command completed:  3 entries successfully imported, 0 entries failed or cancelled");
    expect(keyOf(dest, "ec", ENV.DP)).toBe(pkcs8("ec256"));
    expect(keyOf(dest, "rsa", ENV.DP)).toBe(pkcs8("rsa2048"));
    expect(keyOf(dest, "ca", ENV.DP)).toBe("trustedCert");
    // On a terminal the key password is asked, as keytool does.
    const asked = await cli(["importkeystore", "-srckeystore", src, "-destkeystore", join(dir, "asked.jks")], {}, { answers: ["changeit", ENV.KP, ENV.DP, ENV.DP] });
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.prompts).toEqual(["Enter source keystore password: ", "Enter key password for <rsa>: ", "Enter new destination keystore password: ", "Re-enter new password: "]);
  });

  it("-srcalias/-destalias into an existing store; a conflict is refused (store unchanged) unless -noprompt; --destkeypass protects a JKS key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-iks-"));
    const src = await source(dir);
    const dest = join(dir, "dest.jks");
    const one = ["importkeystore", "-srckeystore", src, "--srcstorepass-env", "SP", "-srcalias", "ec", "-destkeystore", dest, "--deststorepass-env", "SP"];
    expect((await cli([...one, "-destalias", "client", "--destkeypass-env", "KP"], ENV)).status).toBe(0);
    expect(keyOf(dest, "client", "changeit", ENV.KP)).toBe(pkcs8("ec256"));
    const before = readFileSync(dest);
    const conflict = await cli([...one, "-destalias", "client", "--json"], ENV);
    expect(conflict.status).toBe(1);
    expect(JSON.parse(conflict.stdout).error.code).toBe("CONFLICT");
    expect(readFileSync(dest)).toEqual(before);
    const over = await cli(["importkeystore", "-srckeystore", src, "--srcstorepass-env", "SP", "-srcalias", "rsa", "--srckeypass-env", "KP", "-destkeystore", dest, "--deststorepass-env", "SP", "-destalias", "client", "-noprompt"], ENV);
    expect(over.status, over.stderr).toBe(0);
    expect(keyOf(dest, "client", "changeit")).toBe(pkcs8("rsa2048"));
  });

  it("merge names the key entries it does not copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-iks-"));
    const src = await source(dir);
    const trust = join(dir, "trust.jks");
    expect((await cli(["import-cert", "-keystore", trust, "--storepass-env", "SP", "-alias", "inter", "-file", join(K, "chain", "inter.pem")], ENV)).status).toBe(0);
    const r = await cli(["merge", trust, src, "--storepass-env", "SP", "--source-storepass-env", "SP", "--json"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).skipped.map((s: { alias: string }) => s.alias).sort()).toEqual(["ec", "rsa"]);
    expect(r.stderr).toContain("Skipped 2 key entries");
    expect(r.stderr).toContain("importkeystore");
  });
});

describe.skipIf(jdks.length === 0)("importkeystore read back by Java", () => {
  it("a JCEKS with a separate key password copied into PKCS12: Java gets each key with the store password", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-iks-"));
    const src = await source(dir);
    const dest = join(dir, "dest.p12");
    expect((await cli(["importkeystore", "-srckeystore", src, "--srcstorepass-env", "SP", "--srckeypass-for", "rsa=KP", "-destkeystore", dest, "--deststorepass-env", "DP"], ENV)).status).toBe(0);
    for (const jdk of jdks) {
      const lines = execFileSync(jdk.java, [join(K, "KeyEntries.java"), dest, "PKCS12", ENV.DP, ENV.DP], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n").map((l) => l.split("\t").slice(0, 3).join(" "));
      expect(lines.sort(), jdk.name).toEqual(["ca TrustedCertEntry -", `ec PrivateKeyEntry ${pkcs8("ec256")} EC`, `rsa PrivateKeyEntry ${pkcs8("rsa2048")} RSA`]);
    }
  });
});
