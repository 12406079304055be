// Driving the feature panels in the real page (on top of the shell's harness): open a panel,
// fill its fields by data-testid, submit, and wait for the outcome.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { clickPanel } from "./harness.js";

/** A selector inside the open panel dialog. */
export const inPanel = (id: string, selector = ""): string => `dialog[open] [data-panel="${id}"] ${selector}`.trim();
export const byTestId = (id: string, testId: string): string => inPanel(id, `[data-testid="${testId}"]`);

/** Clicks the toolbar button and waits for the panel's dialog. */
export async function openPanel(page: Page, id: string): Promise<void> {
  await clickPanel(page, id);
  await page.waitForSelector(inPanel(id));
}

/**
 * Submits the panel form and waits until it is done: the dialog closed, a result shown, or an
 * error shown in the dialog. Returns which.
 */
export async function submitPanel(page: Page, id: string, form = id): Promise<"closed" | "result" | "error"> {
  const scope = `dialog[open] [data-panel="${form}"]`;
  await page.evaluate((s) => {
    const result = document.querySelector(`${s} [data-testid="panel-result"]`);
    if (result) result.replaceChildren();
  }, scope);
  await page.click(`${scope} [data-testid="panel-submit"]`);
  const outcome = await page.waitForFunction(
    ({ s, panel }) => {
      if (!document.querySelector(`dialog[open] [data-panel="${panel}"]`)) return "closed";
      const form = document.querySelector(s);
      const error = form?.querySelector<HTMLElement>('[data-testid="panel-error"]');
      if (error && !error.hidden && error.textContent) return "error";
      if (form?.getAttribute("aria-busy") === "true") return false;
      return form?.querySelector('[data-testid="panel-result"]')?.childNodes.length ? "result" : false;
    },
    { s: scope, panel: id },
    { timeout: 60_000 },
  );
  return (await outcome.jsonValue()) as "closed" | "result" | "error";
}

/** The text of the error shown in the panel. */
export async function panelError(page: Page, id: string): Promise<string> {
  return (await page.textContent(`dialog[open] [data-panel="${id}"] [data-testid="panel-error"]`)) ?? "";
}

/** Closes the open dialog with Escape. */
export async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog[open]"));
}

/** axe-core on the page as it is (a panel dialog open), through DevTools (the page's CSP forbids injected scripts). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; help: string; nodes: string[] }>> {
  const source = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
}
