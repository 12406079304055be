import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Keystore, buildKeyEntry, encodeKeystore } from "../../src/index.js";
import { jdks } from "../helpers/java.js";

/**
 * Java's getKey().getEncoded() of every key form, stored by keystorekit in JKS, JCEKS and PKCS#12,
 * equals `openssl pkcs8 -topk8 -nocrypt -outform DER` of the key (test/fixtures/keys), and Java
 * sees the whole chain. (Java keeps the PKCS#8 it is given, so this checks the normalisation.)
 * Java reads the stores with test/fixtures/keys/KeyEntries.java; skipped without a JDK.
 */

const root = join(import.meta.dirname, "../fixtures/keys");
const bytes = (path: string) => new Uint8Array(readFileSync(join(root, path)));
const passphrase = readFileSync(join(root, "passphrase.txt"), "utf8").trim();
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const FORMS = ["pkcs8.pem", "pkcs8.der", "trad.pem", "trad.der", "trad-nopub.pem", "enc-aes256-sha256.pem", "enc-pkcs12-3des.pem", "legacy-aes256.pem", "legacy-des3.pem"];
const NAMES = ["rsa2048", "rsa3072", "ec256", "ec384", "ec521", "ed25519", "ed448"];
const STORES = ["JKS", "JCEKS", "PKCS12"] as const;
const reader = join(root, "KeyEntries.java");

describe.skipIf(jdks.length === 0)("key entries read back by Java", () => {
  it("Java's PKCS#8 equals OpenSSL's for every form, in every store format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-keys-"));
    const files: string[] = [];
    const expected: { alias: string; line: string }[][] = [];
    for (const format of STORES) {
      const store = new Keystore({ format });
      const want: (typeof expected)[number] = [];
      for (const name of NAMES) {
        for (const form of FORMS) {
          let key: Uint8Array;
          try {
            key = bytes(`${name}/${form}`);
          } catch {
            continue; // no traditional form for EdDSA keys
          }
          const alias = `${name}-${form.replace(/\W/g, "-")}`;
          const { entry } = await buildKeyEntry({ key, passphrase, certificates: [bytes(`${name}/cert.pem`)], alias });
          store.set(entry);
          const pkcs8 = bytes(`${name}/${form.includes("nopub") ? "expected-nopub.der" : "expected.der"}`);
          const algorithm = name.startsWith("rsa") ? "RSA" : name.startsWith("ec") ? "EC" : "EdDSA";
          want.push({ alias, line: `${alias}\tPrivateKeyEntry\t${sha256(pkcs8)} ${algorithm}\t${entry.chain.map((c) => c.sha256).join(",")}` });
        }
      }
      const file = join(dir, `keys.${format.toLowerCase()}`);
      writeFileSync(file, encodeKeystore(store, { format, password: "changeit" }));
      files.push(file);
      expected.push(want);
    }
    for (const jdk of jdks) {
      files.forEach((file, i) => {
        const output = execFileSync(jdk.java, [reader, file, STORES[i]!, "changeit", "changeit"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const lines = new Map(output.trim().split("\n").map((line) => [line.split("\t")[0]!, line]));
        expect(lines.size).toBe(expected[i]!.length);
        for (const want of expected[i]!) expect(lines.get(want.alias), `${jdk.name} ${STORES[i]}`).toBe(want.line);
      });
    }
  }, 240_000);
});
