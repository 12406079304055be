// The toolbar: Open, Save, Undo, Redo, then one button per feature panel (data-panel="<id>"),
// each with its Alt+key shortcut.
import type { AppContext, Panel } from "./context.js";
import { h } from "./dom.js";

export interface ShellActions {
  open(): void;
  save(): void;
  undo(): void;
  redo(): void;
}

export interface Toolbar {
  update(state: { hasStore: boolean; canUndo: boolean; canRedo: boolean; undoLabel?: string; redoLabel?: string }): void;
}

function button(label: string, attrs: Record<string, string>, onclick: () => void): HTMLButtonElement {
  return h("button", { type: "button", ...attrs, onclick: () => onclick() }, label);
}

export function renderToolbar(container: HTMLElement, panels: readonly Panel[], ctx: AppContext, actions: ShellActions): Toolbar {
  const open = button("Open…", { id: "open-button", "aria-keyshortcuts": "Alt+O", title: "Open a keystore (Alt+O)" }, actions.open);
  const save = button("Save…", { id: "save-button", "aria-keyshortcuts": "Alt+S", title: "Save or convert (Alt+S)" }, actions.save);
  const undo = button("Undo", { id: "undo-button", "aria-keyshortcuts": "Control+Z" }, actions.undo);
  const redo = button("Redo", { id: "redo-button", "aria-keyshortcuts": "Control+Shift+Z" }, actions.redo);
  const panelButtons = panels.map((panel) => {
    const attrs: Record<string, string> = { "data-panel": panel.id };
    if (panel.shortcut) {
      attrs["aria-keyshortcuts"] = `Alt+${panel.shortcut.toUpperCase()}`;
      attrs.title = `${panel.label} (Alt+${panel.shortcut.toUpperCase()})`;
    }
    return { panel, element: button(panel.label, attrs, () => void runPanel(panel)) };
  });
  container.replaceChildren(open, save, undo, redo, ...(panelButtons.length ? [h("span", { class: "sep", "aria-hidden": "true" })] : []), ...panelButtons.map((b) => b.element));

  async function runPanel(panel: Panel): Promise<void> {
    if (panel.needsStore && !ctx.current()) {
      ctx.notify("warning", `${panel.label}: open a keystore first.`);
      return;
    }
    try {
      await panel.open(ctx);
    } catch (error) {
      ctx.notify("error", `${panel.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const shortcuts = new Map<string, () => void>([["o", actions.open], ["s", actions.save]]);
  for (const { panel } of panelButtons) if (panel.shortcut) shortcuts.set(panel.shortcut.toLowerCase(), () => void runPanel(panel));
  document.addEventListener("keydown", (event) => {
    if (document.querySelector("dialog[open]")) return;
    const key = event.key.toLowerCase();
    if (event.altKey && !event.ctrlKey && !event.metaKey && shortcuts.has(key)) {
      event.preventDefault();
      shortcuts.get(key)!();
      return;
    }
    const inField = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if ((event.ctrlKey || event.metaKey) && key === "z" && !inField) {
      event.preventDefault();
      if (event.shiftKey) actions.redo();
      else actions.undo();
    } else if ((event.ctrlKey || event.metaKey) && key === "y" && !inField) {
      event.preventDefault();
      actions.redo();
    }
  });

  return {
    update(state) {
      save.disabled = !state.hasStore;
      undo.disabled = !state.canUndo;
      redo.disabled = !state.canRedo;
      undo.title = state.undoLabel ? `Undo ${state.undoLabel} (Ctrl+Z)` : "Nothing to undo";
      redo.title = state.redoLabel ? `Redo ${state.redoLabel} (Ctrl+Shift+Z)` : "Nothing to redo";
      for (const { panel, element } of panelButtons) element.disabled = panel.needsStore && !state.hasStore;
    },
  };
}
