// Form pieces the panels share: labelled fields, a paste-or-drop source, and the submit loop that
// shows the library's error message (inline in the dialog, and through ctx.notify).
import { isKeystoreError, KeystoreError, type Keystore } from "keystorekit";
import type { AppContext, OpenedStore } from "../context.js";
import { h } from "../dom.js";

let counter = 0;
/** A fresh element id (labels point at their controls with for=). */
export const uid = (name: string): string => `p-${name}-${++counter}`;

/** The message to show for a failure: the KeystoreError's own message (it says what to do). */
export function errorMessage(error: unknown): string {
  if (isKeystoreError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A label and its control, with an optional hint tied by aria-describedby. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid(control.name || "f");
  const hintElement = hint ? h("small", { id: `${control.id}-hint`, class: "hint" }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintElement);
}

export function textInput(name: string, options: { value?: string; placeholder?: string; required?: boolean; type?: string } = {}): HTMLInputElement {
  const input = h("input", { type: options.type ?? "text", name, "data-testid": `input-${name}`, autocomplete: "off", spellcheck: "false", required: options.required ?? false, placeholder: options.placeholder });
  if (options.value !== undefined) input.value = options.value;
  return input;
}

export function passwordInput(name: string, options: { required?: boolean; autocomplete?: string } = {}): HTMLInputElement {
  return h("input", { type: "password", name, "data-testid": `input-${name}`, autocomplete: options.autocomplete ?? "off", required: options.required ?? false });
}

export function select(name: string, choices: ReadonlyArray<{ value: string; label: string }>, selected?: string): HTMLSelectElement {
  const element = h("select", { name, "data-testid": `input-${name}` }, ...choices.map((c) => h("option", { value: c.value }, c.label)));
  if (selected !== undefined && choices.some((c) => c.value === selected)) element.value = selected;
  return element;
}

/** A list of the store's aliases (optionally only some kinds), preselecting the list's selection. */
export function aliasSelect(ctx: AppContext, store: Keystore, name: string, filter: (type: string) => boolean = () => true): HTMLSelectElement {
  const choices = store.entries().filter((entry) => filter(entry.type)).map((entry) => ({ value: entry.alias, label: `${entry.alias} (${entry.type === "privateKey" ? "key pair" : entry.type === "trustedCert" ? "trusted certificate" : "secret key"})` }));
  const selected = ctx.selected?.();
  return select(name, choices, selected === undefined ? undefined : store.resolveAlias(selected));
}

/** Pasted text and/or chosen or dropped files, read as the library takes them (text, or bytes). */
export interface Source {
  element: HTMLElement;
  /** The pasted text (if any) and each file's bytes. */
  read(): Promise<Array<Uint8Array | string>>;
}

/** A textarea to paste into, a file chooser, and a drop zone over both. */
export function sourceInput(name: string, label: string, options: { accept?: string; multiple?: boolean; placeholder?: string; rows?: number } = {}): Source {
  const text = h("textarea", { name: `${name}-text`, "data-testid": `input-${name}-text`, rows: options.rows ?? 6, spellcheck: "false", placeholder: options.placeholder ?? "-----BEGIN …-----" });
  const files = h("input", { type: "file", name: `${name}-file`, "data-testid": `input-${name}-file`, accept: options.accept, multiple: options.multiple ?? false });
  const dropped: File[] = [];
  const list = h("output", { class: "dropped", "aria-live": "polite" });
  const zone = h("fieldset", { class: "source", "data-testid": `source-${name}` }, h("legend", {}, label), field("Paste (PEM)", text), field(`Or choose ${options.multiple ? "files" : "a file"} (or drop onto this box)`, files), list);
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("drag");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("drag"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("drag");
    const given = Array.from(event.dataTransfer?.files ?? []);
    if (!options.multiple) dropped.length = 0;
    dropped.push(...given.slice(0, options.multiple ? given.length : 1));
    list.textContent = dropped.length > 0 ? `Dropped: ${dropped.map((f) => f.name).join(", ")}` : "";
  });
  return {
    element: zone,
    async read() {
      const inputs: Array<Uint8Array | string> = [];
      if (text.value.trim()) inputs.push(text.value);
      for (const file of [...Array.from(files.files ?? []), ...dropped]) inputs.push(new Uint8Array(await file.arrayBuffer()));
      return inputs;
    },
  };
}

/** The first input of a source; INVALID_ARGUMENT-like plain error when nothing was given. */
export async function readOne(source: Source, what: string): Promise<Uint8Array | string> {
  const [first] = await source.read();
  if (first === undefined) throw new KeystoreError("INVALID_ARGUMENT", `Paste or choose ${what}`);
  return first;
}

/** A form for a panel: data-panel for tests, an inline error area, and the buttons. */
export function panelForm(id: string, label: string, body: Array<Node | null>, submitLabel: string): { form: HTMLFormElement; error: HTMLElement; submit: HTMLButtonElement; cancel: HTMLButtonElement; result: HTMLElement } {
  const error = h("p", { class: "panel-error error", role: "alert", "data-testid": "panel-error", hidden: true });
  const result = h("div", { class: "panel-result", "data-testid": "panel-result", "aria-live": "polite" });
  const submit = h("button", { type: "submit", "data-testid": "panel-submit" }, submitLabel);
  const cancel = h("button", { type: "button", value: "cancel", "data-testid": "panel-cancel" }, "Close");
  const form = h("form", { "data-panel": id, "aria-label": label, class: "panel-form", novalidate: true }, ...body, error, h("div", { class: "buttons" }, submit, cancel), result);
  return { form, error, submit, cancel, result };
}

/**
 * Runs `action` on submit, with the button disabled meanwhile. A failure shows the library's
 * message in the dialog and (unless `notified`, as ctx.edit does itself) in the status area.
 */
export function onSubmit(ctx: AppContext, parts: ReturnType<typeof panelForm>, action: () => Promise<void>): void {
  parts.form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run();
  });
  async function run(): Promise<void> {
    parts.submit.disabled = true;
    parts.error.hidden = true;
    parts.error.textContent = "";
    parts.form.setAttribute("aria-busy", "true");
    try {
      await action();
    } catch (error) {
      showError(parts, error);
      if (!(error instanceof EditFailed)) ctx.notify("error", errorMessage(error));
    } finally {
      parts.submit.disabled = false;
      parts.form.removeAttribute("aria-busy");
    }
  }
}

function showError(parts: ReturnType<typeof panelForm>, error: unknown): void {
  parts.error.textContent = errorMessage(error instanceof EditFailed ? error.cause : error);
  parts.error.hidden = false;
}

/** A failure inside ctx.edit: the shell has shown it already. */
class EditFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(errorMessage(cause));
  }
}

/**
 * One undoable step through ctx.edit, returning what `change` returned. The error of a failed
 * change is rethrown (as EditFailed, which onSubmit shows in the dialog only: the shell shows it too).
 */
export async function edit<T>(ctx: AppContext, label: string, change: (draft: OpenedStore) => T | Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  try {
    await ctx.edit(label, async (draft) => {
      try {
        result = { value: await change(draft) };
      } catch (error) {
        failure = { error };
        throw error;
      }
    });
  } catch (error) {
    if (!failure) throw error;
  }
  if (failure) throw new EditFailed(failure.error);
  if (!result) throw new KeystoreError("INVALID_ARGUMENT", `${label}: the change was not applied`);
  return result.value;
}

/** The status line after an undoable step (the shell's own line says how to undo; this one says what happened). */
export function done(ctx: AppContext, message: string, kind: "info" | "warning" = "info"): void {
  ctx.notify(kind, `${message}. Undo with Ctrl+Z.`);
}

/** The open store, or an error telling the user to open one (panels with needsStore get one). */
export function requireStore(ctx: AppContext): OpenedStore {
  const opened = ctx.current();
  if (!opened) throw new KeystoreError("INVALID_ARGUMENT", "Open a keystore first");
  return opened;
}

/** A details list of PEM text with copy and download buttons. */
export function pemOutput(ctx: AppContext, pem: string, fileName: string, label: string): HTMLElement {
  const text = h("textarea", { readonly: true, rows: 8, "data-testid": "pem-output", "aria-label": label, spellcheck: "false" });
  text.value = pem;
  const copy = h("button", { type: "button", "data-testid": "pem-copy" }, "Copy");
  copy.addEventListener("click", () => {
    void navigator.clipboard?.writeText(pem).then(
      () => ctx.notify("info", `${label} copied`),
      () => ctx.notify("warning", "The clipboard is not available here: select the text and copy it"),
    );
  });
  const download = h("button", { type: "button", "data-testid": "pem-download" }, `Download ${fileName}`);
  download.addEventListener("click", () => ctx.download(fileName, pem, "application/x-pem-file"));
  return h("div", { class: "pem-output" }, text, h("div", { class: "buttons" }, copy, download));
}

/** Shows the form in a dialog; Close closes it. */
export function showPanel(ctx: AppContext, title: string, parts: ReturnType<typeof panelForm>): { close(): void; closed: Promise<void> } {
  const dialog = ctx.dialog(title, parts.form);
  parts.cancel.addEventListener("click", () => dialog.close());
  return dialog;
}
