import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";

/**
 * What `npm pack` ships (dist with types, README, LICENSE; no tests, fixtures or sources), checked
 * with publint and @arethetypeswrong/cli (profile esm-only: the package is ESM and needs Node
 * 20.19+, where require() of ESM works). Needs a build (CI: `npm ci` runs prepare → build).
 */
const built = existsSync(join(repoRoot, "dist/entries/jks.js"));
const bin = (name: string) => join(repoRoot, "node_modules/.bin", name);

describe.skipIf(!built)("the npm package", () => {
  const dir = mkdtempSync(join(tmpdir(), "kk-pack-"));
  let tarball = "";
  let files: string[] = [];
  beforeAll(() => {
    // --ignore-scripts: pack the existing dist instead of rebuilding it under other running tests.
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = join(dir, info!.filename);
    files = info!.files.map((f) => f.path);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("holds dist (JS + types for every export), README and LICENSE, and nothing else", () => {
    expect(files.filter((f) => !f.startsWith("dist/")).sort()).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(files.filter((f) => /test|fixture|bench|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { exports: Record<string, string | { types: string; default: string }> };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(files, subpath).toContain(target.default.replace(/^\.\//, ""));
      expect(files, subpath).toContain(target.types.replace(/^\.\//, ""));
    }
  });

  it("its bin (the bundled CLI, dist/cli/main.js + chunks) runs from the unpacked tarball", () => {
    execFileSync("tar", ["-xzf", tarball, "-C", dir], { stdio: "ignore" });
    // The dependencies as an install would provide them.
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "package", "node_modules"));
    const cli = join(dir, "package", "dist", "cli", "main.js");
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
    expect(pkg.bin.keystorekit).toBe("./dist/cli/main.js");
    const version = spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8" });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const store = join(repoRoot, "test/fixtures/jks/j17-trusted.jks");
    const list = spawnSync(process.execPath, [cli, "list", store, "--storepass-env", "P", "--json"], { encoding: "utf8", env: { ...process.env, P: "changeit" } });
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { format: string }).format).toBe("JKS");
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.stdout).toMatch(/^ {2}verify /m);
  });

  it("its bundled entries (scripts/build-dist.mjs) share one instance of every module", async () => {
    const url = (file: string) => pathToFileURL(join(repoRoot, "dist", file)).href;
    const [root, jks, truststore, node] = await Promise.all(["index.js", "entries/jks.js", "entries/truststore.js", "node/index.js"].map((file) => import(url(file)) as Promise<Record<string, unknown>>));
    expect(jks!.Keystore).toBe(root!.Keystore);
    expect(truststore!.Certificate).toBe(root!.Certificate);
    expect(typeof node!.useNodeCrypto).toBe("function");
  });

  it("publint reports nothing", () => {
    const run = spawnSync(bin("publint"), [tarball, "--strict"], { encoding: "utf8" });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("All good");
  });

  it("@arethetypeswrong/cli reports nothing (esm-only profile)", () => {
    const run = spawnSync(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"], { encoding: "utf8" });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
