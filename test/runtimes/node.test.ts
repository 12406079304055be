import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { runPortableSuite } from "./portable-suite.js";

describe("portable suite under Node (src)", () => {
  it("fixtures.generated.ts is up to date with test/fixtures", () => {
    execFileSync(process.execPath, [join(repoRoot, "scripts/gen-runtime-fixtures.mjs"), "--check"], { stdio: "pipe" });
  });

  it("passes every check", async () => {
    const result = await runPortableSuite();
    expect(result.failures).toEqual([]);
    expect(result.passed).toBeGreaterThanOrEqual(20);
  });
});
