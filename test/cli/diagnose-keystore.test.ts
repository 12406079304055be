import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeKeystore } from "../../src/formats/codec.js";
import { buildKeyEntry } from "../../src/keys/key-entry.js";
import { Keystore } from "../../src/model/keystore.js";
import { repoRoot } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

/** `diagnose --role keystore` on key stores written to files: the store password opens the keys, --keypass-env another. */
const fixtures = join(repoRoot, "test/fixtures");
const text = (path: string) => readFileSync(join(fixtures, path), "utf8");
const work = mkdtempSync(join(tmpdir(), "kk-diagnose-keystore-"));

async function write(name: string, certificates: string[], keyPasswords?: Record<string, string>): Promise<string> {
  const store = new Keystore({ format: "JKS" });
  store.set((await buildKeyEntry({ key: text("keys/rsa2048/pkcs8.pem"), certificates: certificates.map(text), alias: "client" })).entry);
  const file = join(work, name);
  writeFileSync(file, encodeKeystore(store, { format: "JKS", password: "changeit", ...(keyPasswords && { keyPasswords }) }));
  return file;
}

interface DiagnoseJson {
  findings: { code: string; severity: string; javaMessage?: string; aliases?: string[] }[];
}

describe("diagnose --role keystore", () => {
  it("a self-signed key entry: KEY_SELF_SIGNED with Java's message, in text and --json (exit 0: a warning)", async () => {
    const file = await write("self.jks", ["keys/rsa2048/cert.pem"]);
    const human = await cli(["diagnose", file, "--role", "keystore", "--storepass-env", "SP"], { SP: "changeit" });
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^WARNING KEY_SELF_SIGNED: /m);
    expect(human.stdout).toContain("  Java: Received fatal alert: certificate_required\n");
    const json = JSON.parse((await cli(["diagnose", file, "--role", "keystore", "--storepass-env", "SP", "--json"], { SP: "changeit" })).stdout) as DiagnoseJson;
    expect(json.findings).toMatchObject([{ code: "KEY_SELF_SIGNED", aliases: ["client"], javaMessage: "Received fatal alert: certificate_required" }]);
  });

  it("a key password other than the store password: KEY_PASSWORD_DIFFERS; with --keypass-env it is checked and fine", async () => {
    const file = await write("keypass.jks", ["keys/mtls/client-rsa2048.pem", "certs/ca.pem"], { client: "key-secret" });
    const env = { SP: "changeit", KP: "key-secret" };
    const differs = JSON.parse((await cli(["diagnose", file, "--role", "keystore", "--storepass-env", "SP", "--json"], env)).stdout) as DiagnoseJson;
    expect(differs.findings.map((f) => f.code)).toEqual(["KEY_PASSWORD_DIFFERS"]);
    const given = await cli(["diagnose", file, "--role", "keystore", "--storepass-env", "SP", "--keypass-env", "KP"], env);
    expect(given.stdout).toBe("No problems found\n");
    expect(given.status).toBe(0);
    const wrong = await cli(["diagnose", file, "--role", "keystore", "--storepass-env", "SP", "--keypass-env", "SP", "--json"], env);
    expect(wrong.status).toBe(1);
    expect((JSON.parse(wrong.stdout) as DiagnoseJson).findings.map((f) => f.code)).toEqual(["KEY_UNREADABLE"]);
  });
});
