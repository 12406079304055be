import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/corpus.js";

/**
 * The core (everything in src/ outside src/node and src/cli) must run unchanged in Deno, Bun and
 * browsers: no node:* modules, no Buffer, no process.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("portable core", () => {
  const core = sourceFiles(join(repoRoot, "src")).filter((file) => !/[/\\]src[/\\](node|cli)[/\\]/.test(file));

  it("has files to check", () => {
    expect(core.length).toBeGreaterThan(10);
  });

  it("imports no Node-only module and uses no Buffer or process", () => {
    const offenders: string[] = [];
    for (const file of core) {
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      if (/from\s+["'](node:|fs|path|os|crypto|buffer|child_process|url)["']/.test(code)) offenders.push(`${relative(repoRoot, file)}: node import`);
      if (/\brequire\s*\(\s*["'`]/.test(code)) offenders.push(`${relative(repoRoot, file)}: require()`);
      if (/\bBuffer\b/.test(code)) offenders.push(`${relative(repoRoot, file)}: Buffer`);
      if (/\bprocess\./.test(code)) offenders.push(`${relative(repoRoot, file)}: process`);
    }
    expect(offenders).toEqual([]);
  });
});
