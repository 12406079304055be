// The browser app's test harness: builds app/ once per test process, serves it on 127.0.0.1 (a
// random port), drives it in Debian's Chromium (test/runtimes/chromium.ts) and offers helpers to
// open a fixture, answer the password prompt and read the list's rows.
//
//   const app = await startApp();            // in beforeAll; app.close() in afterAll
//   const page = await app.page();
//   await openStore(page, fixture("jks/j17-trusted.jks"), "changeit");
//   expect((await rows(page)).map((r) => r.alias)).toEqual([...]);
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { BrowserContext, Download, Page } from "playwright-core";
import { buildApp } from "../../scripts/build-app.mjs";
import { selfReference } from "../../scripts/bundle-size.mjs";
import { appServer } from "../../scripts/serve-app.mjs";
import { repoRoot } from "../helpers/corpus.js";
import { hasChromium, launchChromium } from "../runtimes/chromium.js";

export { hasChromium };

/** A committed fixture, by its path under test/fixtures. */
export const fixture = (path: string): string => join(repoRoot, "test/fixtures", path);

export interface AppPage {
  page: Page;
  /** Uncaught errors and console errors of the page. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export interface App {
  url: string;
  context: BrowserContext;
  /** A fresh page on the app, loaded and ready. */
  page(options?: { width?: number; height?: number; beforeLoad?: (page: Page) => Promise<void> }): Promise<AppPage>;
  close(): Promise<void>;
}

let built: Promise<string> | undefined;

/** Builds the app once per process into a temporary folder (never the user's dist-app/). */
export function buildOnce(): Promise<string> {
  built ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), "kk-app-"));
    await buildApp({ outdir });
    // The library alone, at /test-probe/decode.js, for timing its decode in the same page (scale.test.ts).
    await build({
      entryPoints: [join(repoRoot, "test/app/decode-probe.ts")],
      outfile: join(outdir, "test-probe", "decode.js"),
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      logLevel: "silent",
      plugins: [selfReference()],
    });
    process.on("exit", () => rmSync(outdir, { recursive: true, force: true }));
    return outdir;
  })();
  return built;
}

/** Puts a file beside the app, at /test-probe/<name> (a page can fetch it: same origin). */
export async function addTestFile(name: string, bytes: Uint8Array): Promise<string> {
  const outdir = await buildOnce();
  mkdirSync(join(outdir, "test-probe"), { recursive: true });
  writeFileSync(join(outdir, "test-probe", name), bytes);
  return `/test-probe/${name}`;
}

export async function startApp(): Promise<App> {
  const outdir = await buildOnce();
  const server = appServer(outdir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  return {
    url,
    context: browser.context,
    async page(options = {}) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: options.width ?? 1280, height: options.height ?? 800 });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("request", (request) => requests.push(request.url()));
      await options.beforeLoad?.(page);
      await page.goto(url);
      await page.waitForSelector("html[data-ready]");
      return { page, errors, requests };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Opens a file through the picker. `password`: typed into the prompt ("" opens without the
 * integrity check); for PEM without encrypted keys no prompt comes and it is ignored. Resolves
 * when the store is shown, the prompt shows an error (wrong password: the dialog stays open), or
 * the page shows an alert.
 */
export async function openStore(page: Page, path: string, password: string): Promise<"opened" | "prompt-error" | "alert"> {
  await page.evaluate(() => {
    document.getElementById("alert")!.textContent = "";
    document.getElementById("store")!.dataset.shown = document.getElementById("store")!.hidden ? "" : document.getElementById("store-title")!.textContent ?? "";
  });
  await page.setInputFiles("#file", path);
  return answerPrompt(page, password);
}

/** Answers the password prompt that an open brought up (or returns at once if the store opened without one). */
export async function answerPrompt(page: Page, password: string): Promise<"opened" | "prompt-error" | "alert"> {
  const first = await page.waitForFunction(() => {
    if (document.querySelector("#password-form")) return "prompt";
    if (document.getElementById("alert")!.textContent) return "alert";
    const store = document.getElementById("store")!;
    return !store.hidden && !document.querySelector("dialog[open]") && store.dataset.shown !== document.getElementById("store-title")!.textContent ? "opened" : false;
  }, undefined, { timeout: 30_000 });
  const state = (await first.jsonValue()) as string;
  if (state !== "prompt") return state as "opened" | "alert";
  await page.fill("#store-password", password);
  await page.click("#open-submit");
  const outcome = await page.waitForFunction(() => {
    const error = document.getElementById("open-error");
    if (error && !error.hidden) return "prompt-error";
    if (document.getElementById("alert")!.textContent) return "alert";
    return document.querySelector("#password-form") ? false : "opened";
  }, undefined, { timeout: 60_000 });
  return (await outcome.jsonValue()) as "opened" | "prompt-error" | "alert";
}

export interface Row {
  alias: string;
  type: string;
  typeLabel: string;
  subject: string;
  issuer: string;
  expiry: string;
  sha256: string;
  key: string;
  selected: boolean;
}

/** The rows the list has in the DOM (the visible ones and a few more), in display order. */
export async function rows(page: Page): Promise<Row[]> {
  return page.$$eval("#entries .body [role=row]", (elements) =>
    elements
      .map((row) => {
        const cells = Array.from(row.querySelectorAll("[role=gridcell]"), (cell) => cell.textContent ?? "");
        return {
          index: Number(row.getAttribute("aria-rowindex")),
          row: {
            alias: row.getAttribute("data-alias") ?? "",
            type: row.getAttribute("data-type") ?? "",
            typeLabel: cells[1] ?? "",
            subject: cells[2] ?? "",
            issuer: cells[3] ?? "",
            expiry: cells[4] ?? "",
            sha256: cells[5] ?? "",
            key: cells[6] ?? "",
            selected: row.getAttribute("aria-selected") === "true",
          },
        };
      })
      .sort((a, b) => a.index - b.index)
      .map((item) => item.row),
  );
}

/** Clicks a toolbar panel button (data-panel="<id>"). */
export async function clickPanel(page: Page, id: string): Promise<void> {
  await page.click(`#toolbar [data-panel="${id}"]`);
}

/** Runs `action` and returns the download it starts, with its bytes. */
export async function download(page: Page, action: () => Promise<void>): Promise<{ download: Download; name: string; bytes: Uint8Array }> {
  const [started] = await Promise.all([page.waitForEvent("download"), action()]);
  const path = await started.path();
  return { download: started, name: started.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

/** The status and alert texts. */
export async function messages(page: Page): Promise<{ status: string; alert: string }> {
  return page.evaluate(() => ({ status: document.getElementById("status")!.textContent ?? "", alert: document.getElementById("alert")!.textContent ?? "" }));
}

/** Only the app's own origin was contacted (blob: and data: URLs are the page's own). */
export function foreignRequests(app: App, requests: readonly string[]): string[] {
  return requests.filter((url) => !url.startsWith(app.url) && !url.startsWith("blob:") && !url.startsWith("data:"));
}
