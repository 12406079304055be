import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keystore, decodeKeystore, encodeKeystore } from "../../src/index.js";
import { type App, addTestFile, fixture, hasChromium, rows, startApp } from "./harness.js";

const COUNT = 10_000;
/** Generous: the app's open (file read, decode, first rows) and its scroll to the end, each against the library's decode alone. */
const RATIO_BOUND = 5;

describe.skipIf(!hasChromium)("browser app: a 10,000-entry store", () => {
  let app: App;
  const work = mkdtempSync(join(tmpdir(), "kk-app-10k-"));
  const file = join(work, "big-10000.jks");
  beforeAll(async () => {
    // 10,000 trusted certificates (the 1,000 of j17-1000.jks, each under ten aliases).
    const source = decodeKeystore(new Uint8Array(readFileSync(fixture("jks/j17-1000.jks"))), { password: "changeit" });
    const certificates = source.aliases().map((alias) => source.certificates(alias)[0]!);
    const big = new Keystore({ format: "JKS" });
    for (let i = 0; i < COUNT; i++) big.set({ type: "trustedCert", alias: `cert-${String(i).padStart(5, "0")}`, created: new Date(0), certificate: certificates[i % certificates.length]! });
    writeFileSync(file, encodeKeystore(big, { format: "JKS", password: "changeit" }));
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it(`opens and scrolls to the end within ${RATIO_BOUND}× the library's own decode time; only visible rows are in the DOM and parsed`, async () => {
    const { page, errors } = await app.page({ width: 1280, height: 800 });
    await page.setInputFiles("#file", file);
    await page.waitForSelector("#password-form");
    await page.fill("#store-password", "changeit");

    // The app: from submitting the password to the first rows in the DOM.
    const openMs = await page.evaluate(async () => {
      const body = document.querySelector("#entries .body")!;
      const start = performance.now();
      const shown = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (body.querySelector("[role=row]")) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(body, { childList: true });
      });
      document.querySelector<HTMLButtonElement>("#open-submit")!.click();
      return shown;
    });
    const firstRows = await rows(page);
    expect(firstRows[0]!.alias).toBe("cert-00000");
    // Virtualised: a screenful of rows, and only their certificates parsed.
    expect(firstRows.length).toBeLessThan(60);
    const parsedAfterOpen = Number(await page.getAttribute("#entries", "data-parsed"));
    expect(parsedAfterOpen).toBeLessThanOrEqual(firstRows.length);

    // Scroll to the end: the last row appears.
    const scrollMs = await page.evaluate(async (count) => {
      const grid = document.querySelector<HTMLElement>("#entries")!;
      const body = grid.querySelector(".body")!;
      const start = performance.now();
      const shown = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (body.querySelector(`[aria-rowindex="${count + 1}"]`)) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(body, { childList: true });
      });
      grid.scrollTop = grid.scrollHeight;
      return shown;
    }, COUNT);
    const lastRows = await rows(page);
    expect(lastRows.at(-1)!.alias).toBe(`cert-${String(COUNT - 1).padStart(5, "0")}`);
    expect(lastRows.length).toBeLessThan(60);
    expect(Number(await page.getAttribute("#entries", "data-parsed"))).toBeLessThanOrEqual(parsedAfterOpen + lastRows.length);

    // The library alone, same bytes, same page (best of three, after a warm-up run).
    const url = await addTestFile("big-10000.jks", new Uint8Array(readFileSync(file)));
    // A string, not a function: vitest would rewrite a function's import() for Node.
    const decodeMs = (await page.evaluate(`(async () => {
      const { decodeKeystoreAsync } = await import("/test-probe/decode.js");
      const input = new Uint8Array(await (await fetch(${JSON.stringify(url)})).arrayBuffer());
      await decodeKeystoreAsync(input, { password: "changeit" });
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const store = await decodeKeystoreAsync(input, { password: "changeit" });
        if (store.size !== ${COUNT}) throw new Error("decoded " + store.size + " entries");
        best = Math.min(best, performance.now() - start);
      }
      return best;
    })()`)) as number;

    const openRatio = openMs / decodeMs;
    const scrollRatio = scrollMs / decodeMs;
    console.log(`10,000 entries: library decode ${decodeMs.toFixed(1)} ms; app open to first rows ${openMs.toFixed(1)} ms (${openRatio.toFixed(2)}×); scroll to end ${scrollMs.toFixed(1)} ms (${scrollRatio.toFixed(2)}×)`);
    expect(openRatio).toBeLessThan(RATIO_BOUND);
    expect(scrollRatio).toBeLessThan(RATIO_BOUND);
    expect(errors).toEqual([]);
    await page.close();
  });
});
