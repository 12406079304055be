import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";

/**
 * What `npm pack` ships (dist with types, README, LICENSE; no tests, fixtures or sources), checked
 * with publint and @arethetypeswrong/cli (profile esm-only: the package is ESM and needs Node
 * 20.19+, where require() of ESM works), then installed into a new project the way a user would.
 * Needs a build (CI: `npm ci` runs preprepare → build).
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
    execFileSync("tar", ["-xzf", tarball, "-C", dir], { stdio: "ignore" });
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

  it("has no install script: nothing a consumer's install would run (prepare included), and the build in prepack", () => {
    const shipped = JSON.parse(readFileSync(join(dir, "package", "package.json"), "utf8")) as { scripts?: Record<string, string> };
    // npm runs preinstall/install/postinstall of every dependency, and prepare of one from a tarball,
    // a folder or git; pre/post-prepare never run for a dependency.
    for (const script of ["preinstall", "install", "postinstall", "prepare"]) expect(shipped.scripts?.[script], script).toBeUndefined();
    expect(shipped.scripts?.prepack).toMatch(/npm run build/);
    // A clone's `npm install` (no arguments) runs these on the clone itself: one of them builds.
    const rootInstall = ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"];
    expect(rootInstall.some((script) => /npm run build/.test(shipped.scripts?.[script] ?? ""))).toBe(true);
  });

  it("ships no source map that points at a file it does not ship", () => {
    const inTarball = new Set(files);
    const maps = files.filter((f) => f.endsWith(".map"));
    for (const map of maps) {
      const { sources = [], sourcesContent = [] } = JSON.parse(readFileSync(join(dir, "package", map), "utf8")) as { sources?: string[]; sourcesContent?: (string | null)[] };
      sources.forEach((source, i) => {
        if (typeof sourcesContent[i] === "string") return;
        expect(inTarball.has(posix.normalize(posix.join(posix.dirname(map), source))), `${map} → ${source}`).toBe(true);
      });
    }
    // No shipped file names a map that is not there either (tools warn on a dangling sourceMappingURL).
    for (const file of files.filter((f) => /\.(m?js|d\.ts)$/.test(f))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, "package", file), "utf8"))?.[1];
      if (url === undefined || url.startsWith("data:")) continue;
      expect(inTarball.has(posix.normalize(posix.join(posix.dirname(file), url))), `${file} → ${url}`).toBe(true);
    }
  });

  it("installs into a new project with no install-script warning; it imports and its bin runs", { timeout: 120_000 }, () => {
    // The dependencies as tarballs of the copies in node_modules, so that the install needs no network.
    const hashes = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir, join(repoRoot, "node_modules/@noble/hashes")], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as { filename: string }[];
    // A control package with a prepare script: the warning npm gives for it shows that this npm warns at all.
    const control = join(dir, "control");
    mkdirSync(control);
    writeFileSync(join(control, "package.json"), JSON.stringify({ name: "kk-control", version: "1.0.0", scripts: { prepare: "node -e 0" } }));
    const controlTgz = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: control, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as { filename: string }[];
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", type: "module", private: true }));
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    const install = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, hashes[0]!.filename), join(dir, controlTgz[0]!.filename), tarball], { cwd: project, encoding: "utf8", env });
    const output = install.stdout + install.stderr;
    expect(install.status, output).toBe(0);
    const warnings = output.split("\n").filter((line) => /install.scripts?/i.test(line));
    const npmMajor = Number(execFileSync("npm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split(".")[0]);
    if (npmMajor >= 11) expect(warnings.join("\n"), output).toContain("kk-control");
    expect(warnings.filter((line) => line.includes("keystorekit")), output).toEqual([]);

    const imported = spawnSync(process.execPath, ["--input-type=module", "-e", 'const m = await import("keystorekit"); const j = await import("keystorekit/jks"); console.log(typeof m.decodeKeystore, m.Keystore === j.Keystore)'], { cwd: project, encoding: "utf8" });
    expect(imported.stdout + imported.stderr).toBe("function true\n");
    const version = spawnSync(join(project, "node_modules/.bin/keystorekit"), ["--version"], { encoding: "utf8" });
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(version.stdout, version.stderr).toBe(`${pkg.version}\n`);
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
