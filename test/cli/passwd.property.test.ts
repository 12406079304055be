import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { jdks } from "../helpers/java.js";
import { javaMajor } from "../e2e/tls-helpers.js";
import { cli } from "./helpers.js";

/**
 * Property: for random new store and key passwords (any Unicode, astral characters included, at
 * least keytool's 6 characters), `storepasswd` then `keypasswd` leave a store that opens with the
 * new passwords only and gives the same key: checked by the library for every case, then by Java 17
 * and Temurin 25 (one JVM each for all cases) where they are installed. One exception, measured:
 * Java 17's PKCS#12 keystore takes only ASCII passwords, so it cannot open such a store (the CLI
 * warns when it writes one); Temurin 25 can.
 */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const expectedKey = sha256(readFileSync(join(K, "ec256", "expected.der")));
const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);
const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

const password = fc
  .oneof(fc.string({ unit: "grapheme-ascii", minLength: 6, maxLength: 16 }), fc.string({ unit: "grapheme", minLength: 6, maxLength: 16 })).filter((p) => !p.includes("\0") && p.trim() === p && p.length >= 6);

interface Case {
  file: string;
  format: "JKS" | "JCEKS" | "PKCS12";
  storePassword: string;
  keyPassword: string;
}

describe("storepasswd and keypasswd with random passwords", () => {
  it("the store opens with the new passwords only and holds the same key (library, then Java)", { timeout: 300_000 }, async () => {
    const cases: Case[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("JKS" as const, "JCEKS" as const, "PKCS12" as const), password, password, async (format, newStorePassword, newKeyPassword) => {
        const file = join(mkdtempSync(join(tmpdir(), "kk-passwd-prop-")), `s.${format.toLowerCase()}`);
        const env = { SP: "changeit", NEW: newStorePassword, NEWK: newKeyPassword };
        const made = await cli(["import-key", "-keystore", file, "-storetype", format, "-alias", "k", "--key", join(K, "ec256", "pkcs8.pem"), "--cert", join(K, "ec256", "cert.pem"), "--storepass-env", "SP"], env);
        expect(made.status, made.stderr).toBe(0);
        const changed = await cli(["storepasswd", "-keystore", file, "--storepass-env", "SP", "--new-storepass-env", "NEW"], env);
        expect(changed.status, changed.stderr).toBe(0);
        expect(changed.stderr.includes("Java 17 and older cannot")).toBe(format === "PKCS12" && !isAscii(newStorePassword));
        // PKCS#12 keys follow the store password (Java's rule); JKS/JCEKS keys keep theirs until keypasswd.
        let keyPassword = newStorePassword;
        if (format !== "PKCS12") {
          const key = await cli(["keypasswd", "-keystore", file, "--storepass-env", "NEW", "-alias", "k", "--keypass-env", "SP", "--new-keypass-env", "NEWK"], env);
          expect(key.status, key.stderr).toBe(0);
          expect(key.stderr.includes("Java 17 and older cannot")).toBe(format === "JCEKS" && !isAscii(newKeyPassword));
          keyPassword = newKeyPassword;
        }
        const bytes = readFileSync(file);
        expect(() => decodeKeystore(bytes, { password: "changeit" })).toThrow();
        const entry = decodeKeystore(bytes, { password: newStorePassword }).entry("k");
        expect(entry.type).toBe("privateKey");
        if (entry.type === "privateKey") expect(sha256(entry.key.protected!.decrypt(keyPassword))).toBe(expectedKey);
        cases.push({ file, format, storePassword: newStorePassword, keyPassword });
      }),
      { numRuns: 12, seed: 20261201 },
    );
    for (const jdk of jdks) {
      const input = cases.map((c) => [c.file, c.format, hex(c.storePassword), hex(c.keyPassword)].join("\t")).join("\n") + "\n";
      const run = spawnSync(jdk.java, [join(import.meta.dirname, "PasswdCheck.java")], { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.trim().split("\n");
      cases.forEach((c, i) => {
        const what = `${jdk.name} ${c.format} ${JSON.stringify(c.storePassword)} / ${JSON.stringify(c.keyPassword)}`;
        // Java 17's PBE keys take only ASCII passwords: the PKCS#12 store password, a JCEKS key password.
        const java17Refuses = (c.format === "PKCS12" && !isAscii(c.storePassword)) || (c.format === "JCEKS" && !isAscii(c.keyPassword));
        if (java17Refuses && javaMajor(jdk) < 25) expect(lines[i], what).toMatch(/Password is not ASCII|keystore password was incorrect|UnrecoverableKeyException/);
        else expect(lines[i], what).toBe(expectedKey);
      });
    }
  });
});
