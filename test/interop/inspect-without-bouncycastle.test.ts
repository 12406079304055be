import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sharedRoot } from "../helpers/corpus.js";
import { inspectSource, jdks } from "../helpers/java.js";

/**
 * Inspect.java imports BouncyCastle, so on a machine with Java but without bcprov.jar it does not
 * compile. The tests that use it must then skip, saying why, not fail. This runs one such test file
 * in a child vitest with BCPROV pointing nowhere, which reproduces that machine wherever Java is.
 */
describe.skipIf(jdks.length === 0 || !existsSync(inspectSource))("Inspect-based tests on a machine without BouncyCastle", () => {
  it("skip with the reason instead of failing", { timeout: 120_000 }, () => {
    const vitest = join(repoRoot, "node_modules", "vitest", "vitest.mjs");
    const run = spawnSync(process.execPath, [vitest, "run", "test/formats/pkcs12/java-rules.test.ts", "--reporter=verbose"], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", BCPROV: join(repoRoot, "no-such-dir", "bcprov.jar"), KEYSTOREKIT_SHARED: sharedRoot },
    });
    expect(run.status, run.stderr + run.stdout.slice(-2000)).toBe(0);
    expect(run.stdout).toMatch(/Java 17 reads each of these files the same way.*\[BouncyCastle not found at .*no-such-dir.*Inspect\.java imports it/);
  });
});
