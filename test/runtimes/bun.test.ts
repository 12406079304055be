import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { findRuntime } from "./runtime-bin.js";

/** The portable suite under Bun, from the TypeScript sources (Bun's own TS and npm resolution). */
const bun = findRuntime("bun");

describe.skipIf(bun === null)(`portable suite under Bun (${bun?.version ?? "not installed"})`, () => {
  it("passes every check", () => {
    const run = spawnSync(bun!.path, ["run", "test/runtimes/portable-suite.ts"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const summary = /(\d+) passed, (\d+) failed/.exec(run.stdout);
    expect(summary, output).not.toBeNull();
    expect(Number(summary![2]), output).toBe(0);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(20);
    expect(run.status, output).toBe(0);
  });
});
