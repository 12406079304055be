import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/corpus.js";

/**
 * What openssl, keytool and java print must not leak into the test log. execFileSync and execSync
 * inherit stderr unless told otherwise (`openssl pkcs12 -in` prints its bag listing and
 * "Warning: MAC is absent!" there), so every such call in the tests names its stdio, and no test
 * hands a child the log's streams ("inherit"). spawnSync pipes everything by default.
 */
function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : testSources(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

/** The text of each `name(…)` call, to its matching parenthesis. */
function callsOf(code: string, name: string): string[] {
  const calls: string[] = [];
  for (let start = code.indexOf(`${name}(`); start !== -1; start = code.indexOf(`${name}(`, start + 1)) {
    let depth = 0;
    let end = start + name.length;
    for (; end < code.length; end++) {
      if (code[end] === "(") depth++;
      else if (code[end] === ")" && --depth === 0) break;
    }
    calls.push(code.slice(start, end + 1));
  }
  return calls;
}

describe("external tools run quietly in tests", () => {
  const files = testSources(join(repoRoot, "test"));

  it("has files to check", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("every execFileSync/execSync names its stdio, and nothing inherits the log's streams", () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (file.endsWith("quiet-tools.test.ts")) continue;
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const call of [...callsOf(code, "execFileSync"), ...callsOf(code, "execSync")]) {
        if (!/\bstdio\s*:/.test(call)) offenders.push(`${relative(repoRoot, file)}: ${call.slice(0, 80)}`);
      }
      if (/["']inherit["']/.test(code)) offenders.push(`${relative(repoRoot, file)}: stdio "inherit"`);
    }
    expect(offenders).toEqual([]);
  });
});
