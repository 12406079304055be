import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { type App, addTestFile, fixture, hasChromium, openStore, startApp } from "./harness.js";

const axePath = join(repoRoot, "node_modules/axe-core/axe.min.js");
let axeUrl: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Served from the app's origin: the page's CSP (script-src 'self') refuses an inline copy.
  axeUrl ??= await addTestFile("axe.min.js", new Uint8Array(readFileSync(axePath)));
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ url: axeUrl });
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)`)) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

describe.skipIf(!hasChromium)("browser app: accessibility (axe-core)", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => app?.close());

  for (const scheme of ["light", "dark"] as const) {
    it(`no serious or critical violations (${scheme}): empty page, list, details, save dialog, password prompt`, async () => {
      const { page, errors } = await app.page({ beforeLoad: (p) => p.emulateMedia({ colorScheme: scheme }) });
      expect(await seriousViolations(page), "empty page").toEqual([]);

      await page.setInputFiles("#file", fixture("../app/fixtures/explorer.p12"));
      await page.waitForSelector("#password-form");
      expect(await seriousViolations(page), "password prompt").toEqual([]);
      await page.keyboard.press("Escape");

      expect(await openStore(page, fixture("../app/fixtures/explorer.p12"), "changeit")).toBe("opened");
      expect(await seriousViolations(page), "list").toEqual([]);

      await page.click('#entries [data-alias="web"]');
      await page.waitForSelector("#details:not([hidden])");
      expect(await seriousViolations(page), "details").toEqual([]);

      await page.click("#save-button");
      await page.waitForSelector("#save-form");
      await page.selectOption("#save-profile", "java-legacy");
      expect(await seriousViolations(page), "save dialog").toEqual([]);
      // The check can fail: a button without a name is reported.
      await page.evaluate(() => document.querySelector("dialog[open] form")!.append(document.createElement("button")));
      expect((await seriousViolations(page)).join("\n")).toContain("button-name (critical)");
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("every shell action is reachable by keyboard: Alt+O opens the picker, Alt+S the save dialog, Escape closes it", async () => {
    const { page } = await app.page();
    await page.bringToFront();
    await page.focus("body");
    const chooser = page.waitForEvent("filechooser", { timeout: 10_000 });
    await page.keyboard.press("Alt+o");
    await chooser;
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    await page.keyboard.press("Alt+s");
    await page.waitForSelector("dialog[open] #save-form");
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    // Tab order reaches the toolbar buttons, the filter and the entry grid.
    const reached = new Set<string>();
    await page.focus("body");
    // 4 shell buttons and 12 panel buttons come before the filter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute("data-column") || document.activeElement?.tagName || ""));
    }
    for (const id of ["open-button", "save-button", "search", "entries"]) expect(reached).toContain(id);
    await page.close();
  });
});
