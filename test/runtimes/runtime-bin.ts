import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/corpus.js";

/**
 * The path of a runtime's binary (deno, bun): the npm package's in node_modules/.bin, else one on
 * PATH; null when neither answers `--version`.
 */
export function findRuntime(name: string): { path: string; version: string } | null {
  const local = join(repoRoot, "node_modules/.bin", name);
  for (const candidate of existsSync(local) ? [local, name] : [name]) {
    const run = spawnSync(candidate, ["--version"], { encoding: "utf8", timeout: 20_000 });
    if (run.status === 0) return { path: candidate, version: run.stdout.trim().split("\n")[0] ?? "" };
  }
  return null;
}
