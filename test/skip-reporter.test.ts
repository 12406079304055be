import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TestModule } from "vitest/node";
import { REQUIREMENTS, skipSummary, type Requirement } from "./helpers/requirements.js";
import { repoRoot } from "./helpers/corpus.js";
import SkipReporter from "./skip-reporter.js";

/** The line `npm test` ends with (test/skip-reporter.ts, test/helpers/requirements.ts). */
const fake = (missing: string, markers: RegExp, available: boolean): Requirement => ({ missing, enable: `get ${missing}`, markers, available: () => available });
const java = fake("no Java", /\bjdks\b/, false);
const openssl = fake("no openssl", /\bhasOpenssl\b/, true);

describe("skipSummary", () => {
  it("names each missing group with its file count and how to enable it, and counts the rest as chosen skips", () => {
    const line = skipSummary(
      [
        { file: "a.test.ts", skipped: 3, source: "describe.skipIf(jdks.length === 0)" },
        { file: "b.test.ts", skipped: 2, source: "it.skipIf(jdks.length === 0); it.skipIf(!hasOpenssl)" },
        { file: "c.test.ts", skipped: 1, source: 'it.skip("a block marked docs-test: skip")' },
        { file: "d.test.ts", skipped: 0, source: "describe.skipIf(jdks.length === 0)" },
      ],
      [java, openssl],
    );
    expect(line).toBe("Skipped 6 tests in 3 files: no Java (2 files; to enable: get no Java); 1 skipped on purpose or by the test's own condition.");
    expect(line.split("\n")).toHaveLength(1);
  });

  it("says so when nothing was skipped", () => {
    expect(skipSummary([{ file: "a.test.ts", skipped: 0, source: "jdks" }], [java])).toBe("Skipped: nothing.");
  });
});

describe("SkipReporter", () => {
  it("writes the line once, at the end of the run, from the skipped tests of each module", () => {
    let written = "";
    const module = (moduleId: string, skipped: number) =>
      ({ moduleId, children: { allTests: (state?: string) => (state === "skipped" ? Array.from({ length: skipped }) : [])[Symbol.iterator]() } }) as unknown as TestModule;
    new SkipReporter((text: string) => void (written += text)).onTestRunEnd([module(join(repoRoot, "no-such.test.ts"), 2), module(join(repoRoot, "other.test.ts"), 0)]);
    expect(written).toBe("Skipped 2 tests in 1 file: 2 skipped on purpose or by the test's own condition.\n");
  });

  it("is the last reporter in vitest.config.ts, after the default one", () => {
    expect(readFileSync(join(repoRoot, "vitest.config.ts"), "utf8")).toMatch(/reporters: \["default", "\.\/test\/skip-reporter\.ts"\]/);
  });
});

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? testFiles(path) : path.endsWith(".test.ts") ? [path] : [];
  });
}

/** Gates that are a test's own condition (a file this machine may lack, a JDK version), not a tool to install. */
const OWN_CONDITIONS = new Set(["fifoMade", "realDefault", "sourceCacerts", "defaultStore", "debian", "christmas", "cacerts", "major", "hasBash", "source", "fifo", "path", "setup", "skip"]);
const NOT_GATES = new Set(["existsSync", "join", "repoRoot", "length", "null", "undefined", "true", "false"]);

describe("REQUIREMENTS", () => {
  it("knows every gate a test file skips on (a new tool-dependent skip needs a requirement, so the summary can name it)", () => {
    const unknown = new Set<string>();
    for (const file of testFiles(join(repoRoot, "test"))) {
      const source = readFileSync(file, "utf8");
      for (const [, condition] of source.matchAll(/skipIf\(((?:[^()]|\([^()]*\))*)\)|context\.skip\(([^,)]*)/g)) {
        for (const [name] of (condition ?? "").matchAll(/[A-Za-z_$][\w$]*/g)) {
          if (NOT_GATES.has(name) || OWN_CONDITIONS.has(name)) continue;
          // The gate itself (hasOpenssl), or the line that declares it (const deno = findRuntime("deno")).
          const declaration = new RegExp(`^(?:export )?const ${name.replace("$", "\\$")} = .*$`, "m").exec(source)?.[0] ?? "";
          if (!REQUIREMENTS.some((r) => r.markers.test(name) || r.markers.test(declaration))) unknown.add(`${name} (${file.slice(repoRoot.length + 1)})`);
        }
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it("each requirement's gate is used by some test file", () => {
    const sources = testFiles(join(repoRoot, "test")).map((file) => readFileSync(file, "utf8"));
    for (const requirement of REQUIREMENTS) expect(sources.some((s) => requirement.markers.test(s)), requirement.missing).toBe(true);
  });
});
