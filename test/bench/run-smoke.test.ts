import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `node bench/run.mjs --quick` on one small input and one suite (a few seconds): the run ends, and
// its report carries the target table with the one target this subset measures. Needs the build
// (`npm run build`), as the bench does. No timings are checked.

const repo = join(import.meta.dirname, "..", "..");
const built = existsSync(join(repo, "dist", "index.js"));
// bench/inputs.mjs copies a cacerts from one of these (as it looks for them).
const cacerts = ["/work/shared/peer-corpus/stores/debian/cacerts-debian.jks", "/etc/ssl/certs/java/cacerts"].some((path) => existsSync(path));
const out = mkdtempSync(join(tmpdir(), "kk-bench-smoke-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!built || !cacerts)("bench run, quick subset (skipped without dist/: run npm run build; or without a Java cacerts)", () => {
  it("writes the subset report with the target table", () => {
    const run = spawnSync("node", ["bench/run.mjs", "--quick", "--only=keystorekit,lower-bound", "--inputs=synthetic-1k", `--out=${out}`], { cwd: repo, encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "subset.json"), "utf8")) as { loadAverage: { start: number[]; end: number[] }; targets: { label: string; status: string; ratio?: number }[] };
    expect(report.loadAverage.start).toHaveLength(3);
    expect(report.loadAverage.end).toHaveLength(3);
    const jks1k = report.targets.find((t) => t.label === "JKS 1k load ÷ native SHA-1 pass");
    expect(jks1k?.status).toMatch(/^(met|missed)$/);
    expect(jks1k?.ratio).toBeGreaterThan(0);
    // Nothing else was run, so every start-up target says so instead of a ratio.
    expect(report.targets.filter((t) => t.label.includes("node -e 0")).map((t) => t.status)).toEqual(["not measured", "not measured"]);
    const markdown = readFileSync(join(out, "subset.md"), "utf8");
    expect(markdown).toContain("## Issue #16 targets");
    expect(markdown).toMatch(/Load average \(1 \/ 5 \/ 15 min\) at start [\d.]+ \/ [\d.]+ \/ [\d.]+, at end/);
  });
});
