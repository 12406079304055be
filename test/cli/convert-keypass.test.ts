import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { cli } from "./helpers.js";

/** convert with keys of different passwords (keytool-made JCEKS with -keypass): --keypass-for, or a prompt. */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const ENV = { SP: "changeit", KP1: "keypass1", KP2: "keypass2" };
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

async function twoKeyPasswords(dir: string): Promise<string> {
  const file = join(dir, "src.jceks");
  for (const [alias, name, variable] of [["ec", "ec256", "KP1"], ["rsa", "rsa2048", "KP2"]] as const) {
    const r = await cli(["import-key", "-keystore", file, "-alias", alias, "--key", join(K, name, "pkcs8.pem"), "--cert", join(K, name, "cert.pem"), "--storepass-env", "SP", "--keypass-env", variable], ENV);
    expect(r.status, r.stderr).toBe(0);
  }
  return file;
}

const keyOf = (file: string, alias: string) => {
  const entry = decodeKeystore(readFileSync(file), { password: "changeit" }).entry(alias);
  return entry.type === "privateKey" ? sha256(entry.key.protected!.decrypt("changeit")) : "";
};

describe("convert with per-alias key passwords", () => {
  it("--keypass-for ALIAS=VAR opens each key; a key left without its password is named and nothing is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-convert-kp-"));
    const src = await twoKeyPasswords(dir);
    const partial = await cli(["convert", src, join(dir, "a.p12"), "--storepass-env", "SP", "--keypass-for", "ec=KP1"], ENV);
    expect(partial.status).toBe(1);
    expect(partial.stderr).toContain("Cannot recover key <rsa>: it does not open with the store password. Give its key password (--keypass-for rsa=VAR, or --keypass for every key)");
    expect(existsSync(join(dir, "a.p12"))).toBe(false);
    const r = await cli(["convert", src, join(dir, "b.p12"), "--storepass-env", "SP", "--keypass-for", "EC=KP1", "--keypass-for", "rsa=KP2"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(keyOf(join(dir, "b.p12"), "ec")).toBe(sha256(readFileSync(join(K, "ec256", "expected.der"))));
    expect(keyOf(join(dir, "b.p12"), "rsa")).toBe(sha256(readFileSync(join(K, "rsa2048", "expected.der"))));
    const bad = await cli(["convert", src, join(dir, "c.p12"), "--storepass-env", "SP", "--keypass-for", "rsa"], ENV);
    expect(bad.status).toBe(2);
  });

  it("asks \"Enter key password for <alias>\" on a terminal for each key the store password does not open", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-convert-kp-"));
    const src = await twoKeyPasswords(dir);
    const r = await cli(["convert", src, join(dir, "out.p12"), "--storepass-env", "SP"], ENV, { answers: [ENV.KP1, ENV.KP2] });
    expect(r.status, r.stderr).toBe(0);
    expect(r.prompts).toEqual(["Enter key password for <ec>: ", "Enter key password for <rsa>: "]);
    expect(keyOf(join(dir, "out.p12"), "rsa")).toBe(sha256(readFileSync(join(K, "rsa2048", "expected.der"))));
  });
});
