import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { findRuntime } from "./runtime-bin.js";

/**
 * The portable suite under Deno with no permissions at all (no file, network or env access):
 * from the TypeScript sources (Deno's own TS support and npm resolution through node_modules),
 * and from the built dist/ (an import map sends src/ to dist/) when the build is current.
 */
const deno = findRuntime("deno");

function newestMtime(dir: string): number {
  return Math.max(0, ...readdirSync(dir).map((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return stat.isDirectory() ? newestMtime(path) : stat.mtimeMs;
  }));
}
const distJks = join(repoRoot, "dist/entries/jks.js");
const distIsCurrent = existsSync(distJks) && statSync(distJks).mtimeMs >= newestMtime(join(repoRoot, "src"));

function runSuite(extraArgs: string[]): void {
  const cache = mkdtempSync(join(tmpdir(), "kk-deno-"));
  try {
    const args = ["run", "--no-remote", "--no-prompt", "--node-modules-dir=manual", "--unstable-sloppy-imports"];
    if (extraArgs.includes("dist")) {
      const map = join(cache, "import_map.json");
      writeFileSync(map, JSON.stringify({ imports: { [pathToFileURL(join(repoRoot, "src/")).href]: pathToFileURL(join(repoRoot, "dist/")).href } }));
      args.push("--import-map", map);
    }
    const run = spawnSync(deno!.path, [...args, "test/runtimes/portable-suite.ts"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 90_000,
      env: { ...process.env, DENO_DIR: cache, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const summary = /(\d+) passed, (\d+) failed/.exec(run.stdout);
    expect(summary, output).not.toBeNull();
    expect(Number(summary![2]), output).toBe(0);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(20);
    expect(run.status, output).toBe(0);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

describe.skipIf(deno === null)(`portable suite under Deno (${deno?.version ?? "not installed"})`, () => {
  it("passes every check from the sources, with no permissions", () => runSuite([]));
  it.skipIf(!distIsCurrent)("passes every check from the built dist/, with no permissions", () => runSuite(["dist"]));
});
