import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The browser app's modules import the library by its package name (test/app/actions-*.test.ts).
  resolve: { alias: [{ find: /^keystorekit$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) }] },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // The last line of a run: which groups were skipped, why, and how to enable each.
    reporters: ["default", "./test/skip-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
