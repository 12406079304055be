// AppContext.dialog: a modal <dialog> with a title, a close button and the caller's body.
import { h } from "./dom.js";

let counter = 0;

export function openDialog(title: string, body: HTMLElement): { close(): void; closed: Promise<void> } {
  const id = `dialog-title-${++counter}`;
  const close = h("button", { type: "button", class: "close", "aria-label": "Close" }, "×");
  const dialog = h("dialog", { "aria-labelledby": id }, h("header", {}, h("h2", { id }, title), close), h("div", { class: "dialog-body" }, body));
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(dialog);
  const closed = new Promise<void>((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      opener?.focus();
      resolve();
    });
  });
  close.addEventListener("click", () => dialog.close());
  dialog.showModal();
  // Focus the first field of the body rather than the close button.
  body.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button")?.focus();
  return { close: () => dialog.close(), closed };
}
