// The app shell: wires the toolbar, the open flow, the list, the details view and the history.
// Feature panels (panels/index.ts) get an AppContext and change the store only through edit().
import type { AppContext, OpenedStore } from "./context.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { renderDetails } from "./details.js";
import { createEntryList } from "./list.js";
import { FORMAT_WORDS, integrityWords, openFile } from "./open.js";
import { PANELS } from "./panels/index.js";
import { openSaveDialog } from "./save.js";
import { History } from "./state.js";
import { errorText, notify } from "./status.js";
import { renderToolbar } from "./toolbar.js";

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const history = new History();
const fileInput = byId<HTMLInputElement>("file");
const storeSection = byId("store");
const detailsSection = byId("details");
const banners = byId("banners");
const search = byId<HTMLInputElement>("search");
let shownAlias: string | undefined;

const webCrypto = typeof globalThis.crypto?.subtle?.digest === "function";

const ctx: AppContext = {
  current: () => history.current(),
  async edit(label, change) {
    try {
      await history.edit(label, change);
      notify("info", `${label}. Undo with Ctrl+Z.`);
    } catch (error) {
      notify("error", `${label}: ${errorText(error)}`);
    }
  },
  notify,
  dialog: openDialog,
  download(fileName, bytes, mimeType = "application/octet-stream") {
    const blob = new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], { type: mimeType });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
  select(alias) {
    list.select(alias);
    showDetails(alias);
  },
  hasWebCrypto: () => webCrypto,
};

const list = createEntryList(
  (alias) => {
    showDetails(alias);
    detailsSection.focus();
  },
  (alias) => showDetails(alias),
);
byId("list").append(list.element);

function showDetails(alias: string): void {
  const opened = history.current();
  if (!opened) return;
  shownAlias = alias;
  renderDetails(ctx, detailsSection, opened, alias);
}

const toolbar = renderToolbar(byId("toolbar"), PANELS, ctx, {
  open: () => fileInput.click(),
  save: () => {
    if (history.current()) openSaveDialog(ctx, () => history.markSaved());
  },
  undo: () => {
    const label = history.undoLabel();
    if (history.undo()) notify("info", `Undid ${label}.`);
  },
  redo: () => {
    const label = history.redoLabel();
    if (history.redo()) notify("info", `Redid ${label}.`);
  },
});

function renderStore(): void {
  const opened = history.current();
  toolbar.update({ hasStore: opened !== undefined, canUndo: history.canUndo(), canRedo: history.canRedo(), undoLabel: history.undoLabel(), redoLabel: history.redoLabel() });
  byId("empty").hidden = opened !== undefined;
  storeSection.hidden = opened === undefined;
  if (!opened) return;
  const title = byId("store-title");
  title.textContent = opened.fileName;
  title.classList.toggle("dirty", history.dirty());
  title.title = history.dirty() ? "Unsaved changes" : "";
  const count = opened.store.size;
  const untrusted = opened.store.untrustedCertificates.length;
  byId("store-info").textContent = [
    `${opened.store.format === "PKCS12" ? "PKCS#12" : opened.store.format}, ${count} ${count === 1 ? "entry" : "entries"}.`,
    integrityWords(opened),
    untrusted > 0 ? `${untrusted} certificate${untrusted === 1 ? "" : "s"} without Java's trusted attribute: Java ignores ${untrusted === 1 ? "it" : "them"}.` : "",
    history.dirty() ? "Unsaved changes." : "",
  ].filter(Boolean).join(" ");
  list.show(opened.store);
  byId("count").textContent = search.value ? `${list.filter(search.value)} of ${count} shown` : "";
  if (shownAlias !== undefined && opened.store.has(shownAlias)) renderDetails(ctx, detailsSection, opened, shownAlias);
  else {
    shownAlias = undefined;
    detailsSection.hidden = true;
  }
  renderIntegrityBanner(opened);
}

function renderIntegrityBanner(opened: OpenedStore): void {
  document.getElementById("integrity-banner")?.remove();
  if (opened.integrity !== "unchecked") return;
  banners.append(h("p", { id: "integrity-banner", class: "banner-warning", role: "note" }, `${opened.fileName} was read without its integrity check: no password was given, so nothing proves the file was not altered.`));
}

history.onChange(renderStore);

async function open(file: File): Promise<void> {
  if (history.dirty() && !confirm(`${history.current()!.fileName} has unsaved changes. Open ${file.name} anyway?`)) return;
  try {
    const opened = await openFile(file);
    if (!opened) return;
    shownAlias = undefined;
    search.value = "";
    list.filter("");
    history.reset(opened);
    notify(opened.integrity === "unchecked" ? "warning" : "info", `Opened ${opened.fileName}: ${FORMAT_WORDS[opened.format]}, ${opened.store.size} ${opened.store.size === 1 ? "entry" : "entries"}. ${integrityWords(opened)}`);
    list.focus();
  } catch (error) {
    notify("error", `Could not open ${file.name}: ${errorText(error)}`);
  }
}

byId("choose").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  fileInput.value = "";
  if (file) void open(file);
});

search.addEventListener("input", () => {
  const opened = history.current();
  if (!opened) return;
  const shown = list.filter(search.value);
  byId("count").textContent = search.value ? `${shown} of ${opened.store.size} shown` : "";
});

// Drag and drop anywhere on the page.
const drop = byId("drop");
let dragDepth = 0;
document.addEventListener("dragenter", (event) => {
  if (!event.dataTransfer?.types.includes("Files")) return;
  dragDepth++;
  drop.hidden = false;
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) drop.hidden = true;
});
document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", (event) => {
  event.preventDefault();
  dragDepth = 0;
  drop.hidden = true;
  // A panel's own drop zone (a dialog) handles its files itself.
  if (document.querySelector("dialog[open]")) return;
  const file = event.dataTransfer?.files[0];
  if (file) void open(file);
});

window.addEventListener("beforeunload", (event) => {
  if (!history.dirty()) return;
  event.preventDefault();
  event.returnValue = "";
});

if (!webCrypto) {
  banners.append(
    h("p", { id: "webcrypto-banner", class: "banner-warning", role: "note" }, "This page is not in a secure context (HTTPS or localhost), so the browser gives it no WebCrypto. Keystores still open, but signatures cannot be checked here: no signature is shown as failed because of that. Serve the page over HTTPS or from 127.0.0.1 for signature checks."),
  );
}

renderStore();
document.documentElement.dataset.ready = "true";
