import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // The last line of a run: which groups were skipped, why, and how to enable each.
    reporters: ["default", "./test/skip-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
