import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildExample } from "../../examples/browser/build.mjs";
import { Certificate, decodeKeystore, parsePem } from "../../src/index.js";
import { repoRoot } from "../helpers/corpus.js";
import { hasChromium, launchChromium, serveFiles } from "./chromium.js";

/**
 * examples/browser, built with esbuild and driven in headless Chromium: pick a keystore, list it,
 * download a certificate as PEM. Leaves a screenshot in test-output/browser-example.png.
 */
describe.skipIf(!hasChromium)("browser example (examples/browser) in headless Chromium", () => {
  let server: Server | undefined;
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
    server?.close();
  });

  it("opens j17-trusted.jks, lists its entries and exports a PEM; screenshot saved", async () => {
    const { outdir } = await buildExample();
    const files = new Map<string, Uint8Array>(readdirSync(outdir).map((name) => [`/${name}`, readFileSync(join(outdir, name))]));
    ({ server } = await serveFiles(files));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

    const fixture = join(repoRoot, "test/fixtures/jks/j17-trusted.jks");
    const expected = decodeKeystore(new Uint8Array(readFileSync(fixture)), { password: "changeit" });

    const browser = await launchChromium();
    close = browser.close;
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 520 });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(url);
    await page.fill("#password", "changeit");
    await page.setInputFiles("#file", fixture);
    await page.waitForSelector("#entries:not([hidden]) tbody tr", { timeout: 30_000 });

    const rows = await page.$$eval("#entries tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")));
    const want = expected.entries().map((entry) => {
      const leaf = expected.certificates(entry.alias)[0]!;
      return [entry.alias, entry.type, leaf.subject, leaf.notAfter.toISOString().slice(0, 10), "Download PEM"];
    });
    expect(rows).toEqual(want);
    expect(await page.textContent("#status")).toBe("j17-trusted.jks: JKS, 3 entries, integrity verified.");

    // The PEM link downloads the certificate itself.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('tr[data-alias="ca"] a')]);
    expect(download.suggestedFilename()).toBe("ca.pem");
    const pem = readFileSync((await download.path())!, "utf8");
    const blocks = parsePem(pem);
    expect(blocks.length).toBe(1);
    expect(new Certificate(blocks[0]!.der).sha256).toBe(expected.certificates("ca")[0]!.sha256);

    const outputDir = join(repoRoot, "test-output");
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, ".gitignore"), "*\n");
    await page.screenshot({ path: join(outputDir, "browser-example.png"), fullPage: true });

    // A wrong password is reported, not thrown.
    await page.fill("#password", "wrong");
    await page.click("#submit");
    await page.waitForSelector("#status.error");
    expect(await page.textContent("#status")).toContain("INTEGRITY");
    expect(errors).toEqual([]);
  });
});
