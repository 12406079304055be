import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, fixture, hasChromium, isDirty, messages, openStore, redo, rows, startApp, undo } from "./harness.js";

/**
 * The shell's edit seam, with stand-in panels (test/app/shell-panels.ts): an edit is one undoable
 * step, marks the store unsaved (and leaving the page asks), a failing edit changes nothing and
 * says why, and saving clears the mark.
 */
describe.skipIf(!hasChromium)("browser app shell: edit, undo, redo, unsaved changes", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp("shell-panels");
  });
  afterAll(async () => app?.close());

  it("edit → unsaved; Undo/Ctrl+Z and Redo/Ctrl+Shift+Z; a failing edit changes nothing; save clears the mark", async () => {
    const { page, errors } = await app.page();
    expect(await page.isDisabled('[data-panel="test-delete-first"]')).toBe(true);
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    const aliases = async () => (await rows(page)).map((row) => row.alias);
    expect(await aliases()).toEqual(["ca", "ed25519", "server"]);

    await page.click('[data-panel="test-delete-first"]');
    expect(await aliases()).toEqual(["ed25519", "server"]);
    expect(await isDirty(page)).toBe(true);
    expect(await page.textContent("#store-info")).toContain("Unsaved changes.");
    expect(await page.getAttribute("#undo-button", "title")).toBe("Undo delete ca (Ctrl+Z)");

    // Alt+D is the panel's shortcut.
    await page.keyboard.press("Alt+d");
    expect(await aliases()).toEqual(["server"]);

    await undo(page);
    expect(await aliases()).toEqual(["ed25519", "server"]);
    await page.focus("#entries");
    await page.keyboard.press("Control+z");
    expect(await aliases()).toEqual(["ca", "ed25519", "server"]);
    expect(await isDirty(page)).toBe(false);
    expect(await page.isDisabled("#undo-button")).toBe(true);
    await page.keyboard.press("Control+Shift+z");
    expect(await aliases()).toEqual(["ed25519", "server"]);
    await redo(page);
    expect(await aliases()).toEqual(["server"]);
    expect(await page.isDisabled("#redo-button")).toBe(true);

    await page.click('[data-panel="test-failing-edit"]');
    expect(await aliases()).toEqual(["server"]);
    expect((await messages(page)).alert).toContain("failing edit: this edit fails on purpose");

    // Leaving with unsaved changes asks first.
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    // The dismissed prompt keeps the page, so the reload never commits: its timeout ends the wait.
    await page.reload({ waitUntil: "commit", timeout: 3_000 }).catch(() => undefined);
    expect(dialogs).toContain("beforeunload");
    expect(await aliases()).toEqual(["server"]);

    // Saving clears the mark.
    await page.click("#save-button");
    await Promise.all([page.waitForEvent("download"), page.click("#save-submit")]);
    expect(await isDirty(page)).toBe(false);
    expect(await page.textContent("#store-info")).not.toContain("Unsaved");
    expect(errors).toEqual([]);
    await page.close();
  });
});
