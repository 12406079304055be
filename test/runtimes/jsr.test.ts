import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { findRuntime } from "./runtime-bin.js";

/**
 * deno.json (Deno, `deno publish`) and jsr.json (the `jsr` CLI) publish the TypeScript sources to
 * JSR with the same subpaths as package.json's "exports", which point at their built dist/ files.
 */
type Json = Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(join(repoRoot, file), "utf8")) as Json;
const pkg = read("package.json") as { version: string; license: string; exports: Record<string, string | { default: string }>; dependencies: Record<string, string> };
const deno = findRuntime("deno");

/** package.json's exports as JSR's: every subpath but ./package.json, dist/x.js → src/x.ts. */
function expectedJsrExports(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pkg.exports).flatMap(([subpath, target]) =>
      typeof target === "string" ? [] : [[subpath, target.default.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts")]],
    ),
  );
}

describe("deno.json and jsr.json", () => {
  for (const file of ["deno.json", "jsr.json"]) {
    it(`${file}: package.json's exports (on the TS sources), version, license and dependencies`, () => {
      const config = read(file) as { version: string; license: string; exports: Record<string, string>; imports: Record<string, string> };
      expect(config.exports).toEqual(expectedJsrExports());
      expect(config.version).toBe(pkg.version);
      expect(config.license).toBe(pkg.license);
      // Every runtime dependency at package.json's range (the sources import subpaths: "@noble/hashes/sha2.js").
      expect(config.imports).toEqual(Object.fromEntries(Object.entries(pkg.dependencies).map(([name, range]) => [`${name}/`, `npm:/${name}@${range}/`])));
    });
  }

  it("jsr.json is deno.json without Deno's own settings", () => {
    const { unstable, ...shared } = read("deno.json");
    // The sources import "./x.js" for Node's resolution; Deno finds ./x.ts through sloppy imports.
    expect(unstable).toEqual(["sloppy-imports"]);
    expect(read("jsr.json")).toEqual(shared);
  });
});

function runDeno(args: string[]): { status: number | null; output: string } {
  const cache = mkdtempSync(join(tmpdir(), "kk-deno-jsr-"));
  try {
    // --node-modules-dir=manual: npm packages from node_modules, no download; a fresh DENO_DIR.
    const run = spawnSync(deno!.path, [...args, "--node-modules-dir=manual"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 240_000,
      env: { ...process.env, DENO_DIR: cache, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

describe.skipIf(deno === null)(`JSR publishing under Deno (${deno?.version ?? "not installed"})`, () => {
  it("deno check passes on every export", { timeout: 300_000 }, () => {
    const run = runDeno(["check", "--no-remote", ...Object.values(expectedJsrExports())]);
    expect(run.status, run.output).toBe(0);
  });

  it("deno publish --dry-run passes (type check, slow types, the files it would publish: no CLI, no tests)", { timeout: 300_000 }, () => {
    const run = runDeno(["publish", "--dry-run", "--allow-dirty"]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain("Dry run complete");
    const root = pathToFileURL(repoRoot).href;
    const published = [...run.output.matchAll(/^\s+(file:\/\/\S+) \(/gm)].map((m) => m[1]!.slice(root.length + 1));
    expect(published).toContain("src/index.ts");
    expect(published).toContain("LICENSE");
    expect(published.filter((f) => f.startsWith("src/cli/") || !/^(src\/.*\.ts|README\.md|LICENSE|deno\.json)$/.test(f))).toEqual([]);
  });
});
