import type { Server } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { hasChromium, launchChromium, serveFiles } from "./chromium.js";
import type { SuiteResult } from "./portable-suite.js";

/**
 * The portable suite in headless Chromium: bundled for the browser by esbuild (no Node polyfills;
 * a node:* import would fail the build), served on 127.0.0.1, run in a page.
 */
describe.skipIf(!hasChromium)("portable suite in headless Chromium", () => {
  let server: Server | undefined;
  let close: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await close?.();
    server?.close();
  });

  let url = "";
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(repoRoot, "test/runtimes/browser-entry.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const files = new Map<string, string | Uint8Array>([
      ["/index.html", `<!doctype html><meta charset="utf-8"><title>keystorekit portable suite</title><script type="module" src="/suite.js"></script>`],
      ["/suite.js", bundle.outputFiles[0]!.contents],
    ]);
    ({ url, server } = await serveFiles(files));
  });

  it("passes every check", async () => {
    const browser = await launchChromium();
    close = browser.close;
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => globalThis.__portableSuite !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(async () => {
      const r = await globalThis.__portableSuite!;
      return { ...r, userAgent: navigator.userAgent };
    });
    console.log(`Chromium (${result.userAgent}): ${result.passed} passed, ${result.failed} failed`);
    expect(errors).toEqual([]);
    expect(result.failures).toEqual([]);
    expect((result satisfies SuiteResult).passed).toBeGreaterThanOrEqual(20);
  });
});
