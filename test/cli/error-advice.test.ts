import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliMessage } from "../../src/cli/error-advice.js";
import { Certificate, Keystore, decodeKeystore, encodeKeystore, isKeystoreError, javaOptionsFor, type KeystoreError } from "../../src/index.js";
import { errors } from "../../src/model/errors.js";
import { saveKeystoreFile } from "../../src/node/files.js";
import { fetchServerChain } from "../../src/node/tls.js";
import { fixtureCertificate } from "../helpers/crafted-stores.js";
import { repoRoot } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

/**
 * Library messages name no CLI flag (issue 16); the CLI's error printer (src/cli/error-advice.ts)
 * says the advice its own way.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Messages of diagnose() / javaOptionsFor() findings (not errors) that still name a bare flag, in
 * files other helpers own; listed so that any new one fails. A message may name a full command
 * ("keystorekit convert IN OUT --trust-certificates"): that says which tool it means.
 */
const KNOWN_FINDINGS = new Set<string>();

describe("library messages carry no CLI flags", () => {
  it("no --flag in src/ outside src/cli, except in a full `keystorekit …` command", () => {
    const found: string[] = [];
    for (const file of sourceFiles(join(repoRoot, "src")).filter((f) => !relative(repoRoot, f).startsWith("src/cli/"))) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue; // comments may say what the CLI does
        for (const match of line.matchAll(/(?<![-\w])--[a-z][a-z-]*/g)) {
          if (/keystorekit [a-z-]+ [^"`]*$/.test(line.slice(0, match.index))) continue;
          found.push(`${relative(repoRoot, file)}: ${match[0]}`);
        }
      }
    }
    expect(found.filter((f) => !KNOWN_FINDINGS.has(f))).toEqual([]);
    // The list is kept short: a finding fixed upstream must leave it.
    for (const known of KNOWN_FINDINGS) expect(found, known).toContain(known);
  });
});

/** The error `run` throws (a KeystoreError), and what the CLI prints for it. */
async function advised(run: () => unknown): Promise<{ library: string; cli: string }> {
  try {
    await run();
  } catch (error) {
    if (!isKeystoreError(error)) throw error;
    expect(error.message).not.toMatch(/(?<![-\w])--[a-z]/);
    return { library: error.message, cli: cliMessage(error as KeystoreError) };
  }
  throw new Error("nothing was thrown");
}

describe("the CLI's advice for each library message that needs a flag", () => {
  const dir = mkdtempSync(join(tmpdir(), "kk-advice-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("WRONG_KEY_PASSWORD: --keypass", async () => {
    const { cli: printed } = await advised(() => {
      throw errors.wrongKeyPassword("rsa");
    });
    expect(printed).toBe('Cannot recover key: the key password for alias "rsa" is wrong (give it with --keypass)');
  });

  it("a read-only target: --force-read-only", async () => {
    const file = join(dir, "read-only.jks");
    copyFileSync(join(repoRoot, "test/fixtures/jks/j17-trusted.jks"), file);
    chmodSync(file, 0o444);
    const store = decodeKeystore(readFileSync(file), { password: "changeit" });
    const { library, cli: printed } = await advised(() => saveKeystoreFile(file, store, { password: "changeit" }));
    expect(library).toMatch(/allowReadOnly/);
    expect(printed).toMatch(/\(make it writable first, or pass --force-read-only\)$/);
  });

  it("a TLS handshake that never comes: --timeout", async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { cli: printed } = await advised(() => fetchServerChain({ host: "127.0.0.1", port, timeoutMs: 50 }));
      expect(printed).toMatch(/no TLS handshake within 50 ms \(--timeout\)$/);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it("aliases that fold to one: keystorekit convert --rename-collisions", async () => {
    const store = new Keystore({ format: "BKS", caseSensitiveAliases: true });
    store.set({ type: "trustedCert", alias: "Same", created: new Date(1000), certificate: new Certificate(fixtureCertificate("ca.pem")) });
    store.set({ type: "trustedCert", alias: "same", created: new Date(2000), certificate: new Certificate(fixtureCertificate("server.pem")) });
    const { library, cli: printed } = await advised(() => encodeKeystore(store, { format: "JKS", password: "changeit" }));
    expect(library).toContain("renameAliasCollisions(store)");
    expect(printed).toContain("(keystorekit convert --rename-collisions, or renameAliasCollisions(store) in the library)");
  });

  it("a password with both quotes for JDK_JAVA_OPTIONS: --show-password, --form args", async () => {
    const settings = { path: "/etc/trust.jks", password: `a'b"c`, format: "JKS" as const, role: "truststore" as const, passwordReference: "$SP" };
    const { cli: printed } = await advised(() => javaOptionsFor(settings, "jdk-java-options"));
    expect(printed).toMatch(/Print it in clear with --show-password \(it is then quoted piece by piece\), or use --form args\.$/);
  });

  it("the CLI prints them: export-key with a wrong key password, delete from a read-only store", async () => {
    const keys = join(repoRoot, "test/fixtures/jks/j17-keypass.jks");
    const wrong = await cli(["export-key", keys, "--alias", "rsa", "--storepass-env", "SP", "--keypass-env", "KP"], { SP: "changeit", KP: "wrong-one" });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/the key password for alias "rsa" is wrong \(give it with --keypass\)\n$/);
    const file = join(dir, "delete-read-only.jks");
    copyFileSync(join(repoRoot, "test/fixtures/jks/j17-trusted.jks"), file);
    chmodSync(file, 0o444);
    const alias = decodeKeystore(readFileSync(file), { password: "changeit" }).aliases()[0]!;
    const refused = await cli(["delete", file, "--alias", alias, "--storepass-env", "SP", "--json"], { SP: "changeit" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("or pass --force-read-only)");
    expect((JSON.parse(refused.stdout) as { error: { message: string } }).error.message).toContain("--force-read-only");
  });
});
