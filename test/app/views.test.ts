import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { type App, fixture, hasChromium, messages, openStore, startApp } from "./harness.js";

/**
 * The main views (empty, list, details), compared loosely with the screenshots committed in
 * docs/: the layout's landmarks are there, no error shows, and the committed PNG has the size
 * this test renders at. `APP_SCREENSHOTS=1 npx vitest run test/app/views.test.ts` rewrites
 * docs/app-*.png; otherwise the shots go to test-output/.
 */
const VIEWPORT = { width: 1280, height: 800 };
const write = process.env.APP_SCREENSHOTS === "1";
const outputDir = write ? join(repoRoot, "docs") : join(repoRoot, "test-output");

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function landmarks(page: Page): Promise<Record<string, boolean>> {
  return page.evaluate(() => ({
    banner: document.querySelector("header.banner h1") !== null,
    toolbar: document.querySelector('[role="toolbar"] button') !== null,
    main: document.querySelector("main") !== null,
    status: document.querySelector('[role="status"]') !== null,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]') !== null,
  }));
}

describe.skipIf(!hasChromium)("browser app: main views and their screenshots", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    mkdirSync(outputDir, { recursive: true });
    if (!write) writeFileSync(join(outputDir, ".gitignore"), "*\n");
  });
  afterAll(async () => app?.close());

  it("empty, list and details: landmarks present, no error, same size as docs/app-*.png", async () => {
    const { page, errors } = await app.page({ ...VIEWPORT, beforeLoad: (p) => p.emulateMedia({ colorScheme: "light" }) });
    const shots: Record<string, string> = {};
    const shoot = async (name: string) => {
      expect(await landmarks(page)).toEqual({ banner: true, toolbar: true, main: true, status: true, csp: true });
      expect((await messages(page)).alert).toBe("");
      const path = join(outputDir, `app-${name}.png`);
      await page.screenshot({ path });
      shots[name] = path;
    };
    expect(await page.isVisible("#empty")).toBe(true);
    await shoot("empty");
    expect(await openStore(page, fixture("jceks/jdk17.jceks"), "changeit")).toBe("opened");
    await shoot("list");
    expect(await openStore(page, fixture("../app/fixtures/explorer.p12"), "changeit")).toBe("opened");
    await page.click('#entries [data-alias="web"]');
    await page.waitForSelector("#details:not([hidden])");
    await shoot("details");
    expect(errors).toEqual([]);
    for (const name of Object.keys(shots)) {
      const committed = join(repoRoot, "docs", `app-${name}.png`);
      expect(existsSync(committed), `${committed} (APP_SCREENSHOTS=1 writes it)`).toBe(true);
      expect(pngSize(committed)).toEqual(pngSize(shots[name]!));
    }
    await page.close();
  });

  it("without WebCrypto (an insecure context) a banner says so plainly", async () => {
    const { page, errors } = await app.page({
      beforeLoad: (p) => p.addInitScript(() => Object.defineProperty(globalThis.crypto, "subtle", { value: undefined, configurable: true })),
    });
    expect(await page.textContent("#webcrypto-banner")).toContain("signatures cannot be checked here");
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    expect(errors).toEqual([]);
    await page.close();
    const secure = await app.page();
    expect(await secure.page.$("#webcrypto-banner")).toBeNull();
    await secure.page.close();
  });
});
