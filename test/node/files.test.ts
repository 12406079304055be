import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Keystore } from "../../src/index.js";
import { findDefaultTrustStore, readKeystoreFile, saveFileAtomic, saveKeystoreFile } from "../../src/node/index.js";
import { repoRoot } from "../helpers/corpus.js";

describe("atomic saves", () => {
  it("a failed verification leaves the original file untouched and no temporary file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-save-"));
    const path = join(dir, "store.jks");
    writeFileSync(path, "original", { mode: 0o640 });
    expect(() =>
      saveFileAtomic(path, new TextEncoder().encode("new"), {
        verify: () => {
          throw new Error("re-read failed");
        },
      }),
    ).toThrow("re-read failed");
    expect(readFileSync(path, "utf8")).toBe("original");
    expect(readdirSync(dir)).toEqual(["store.jks"]);
  });

  it("replaces the file, keeping its permission bits; a new store of certificates follows the umask", () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-save-"));
    const path = join(dir, "store.jks");
    writeFileSync(path, "original", { mode: 0o640 });
    saveFileAtomic(path, new TextEncoder().encode("new"));
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(statSync(path).mode & 0o777).toBe(0o640);
    const fresh = join(dir, "fresh.jks");
    const store = new Keystore({ format: "JKS" });
    saveKeystoreFile(fresh, store, { format: "JKS", password: "changeit" });
    expect(statSync(fresh).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(readKeystoreFile(fresh, { password: "changeit" }).integrity).toBe("verified");
    expect(readdirSync(dir).sort()).toEqual(["fresh.jks", "store.jks"]);
  });

  it("a missing directory fails without creating anything", () => {
    expect(() => saveFileAtomic("/no/such/dir/x.jks", new Uint8Array(1))).toThrow();
  });
});

describe("findDefaultTrustStore", () => {
  it("prefers JAVA_HOME's jssecacerts, then its cacerts (also in a JDK 8 jre/ layout)", () => {
    const home = mkdtempSync(join(tmpdir(), "kk-jh-"));
    mkdirSync(join(home, "jre", "lib", "security"), { recursive: true });
    writeFileSync(join(home, "jre", "lib", "security", "cacerts"), "x");
    expect(findDefaultTrustStore({ JAVA_HOME: home, PATH: "" })).toEqual({ path: join(home, "jre", "lib", "security", "cacerts"), source: "JAVA_HOME" });
    mkdirSync(join(home, "lib", "security"), { recursive: true });
    writeFileSync(join(home, "lib", "security", "cacerts"), "x");
    expect(findDefaultTrustStore({ JAVA_HOME: home, PATH: "" })?.path).toBe(join(home, "lib", "security", "cacerts"));
    writeFileSync(join(home, "lib", "security", "jssecacerts"), "x");
    expect(findDefaultTrustStore({ JAVA_HOME: home, PATH: "" })?.path).toBe(join(home, "lib", "security", "jssecacerts"));
  });

  it("finds the home of the java on PATH", () => {
    const home = mkdtempSync(join(tmpdir(), "kk-jh-"));
    mkdirSync(join(home, "bin"));
    mkdirSync(join(home, "lib", "security"), { recursive: true });
    writeFileSync(join(home, "bin", "java"), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(home, "lib", "security", "cacerts"), "x");
    expect(findDefaultTrustStore({ PATH: join(home, "bin") })).toEqual({ path: join(home, "lib", "security", "cacerts"), source: "PATH" });
  });

  it("with an empty environment falls back to the usual system locations (or null)", () => {
    const found = findDefaultTrustStore({});
    if (found) expect(found.source).toBe("system");
  });
});

describe.skipIf(!existsSync(join(repoRoot, "dist/cli/main.js")))("the installed bin", () => {
  it("runs as an executable and prints its version", () => {
    const result = spawnSync(join(repoRoot, "dist/cli/main.js"), ["--version"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version);
  });
});
