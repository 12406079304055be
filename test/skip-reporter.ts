import { readFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";
import { skipSummary } from "./helpers/requirements.js";

/**
 * Ends the run with one line: which test groups were skipped, why (no Java, no BouncyCastle, no
 * ../shared, no Chromium, …) and how to enable each (issue 16). Registered after the default
 * reporter in vitest.config.ts, so the line comes after its summary.
 */
export default class SkipReporter implements Reporter {
  private readonly write: (text: string) => void;

  /** Vitest passes reporter options (none here); a test passes where to write. */
  constructor(write?: unknown) {
    this.write = typeof write === "function" ? (write as (text: string) => void) : (text) => void process.stdout.write(text);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const modules = testModules.map((module) => ({
      file: module.moduleId,
      skipped: [...module.children.allTests("skipped")].length,
      source: sourceOf(module.moduleId),
    }));
    this.write(`${skipSummary(modules)}\n`);
  }
}

function sourceOf(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
