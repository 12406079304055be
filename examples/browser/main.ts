// The browser example: pick a keystore, list it, export certificates as PEM.
// Built by examples/browser/build.mjs (esbuild) into examples/browser/dist.
import { decodeKeystoreAsync, isKeystoreError, type Entry, type Keystore } from "keystorekit";

const form = document.querySelector<HTMLFormElement>("#open")!;
const fileInput = document.querySelector<HTMLInputElement>("#file")!;
const passwordInput = document.querySelector<HTMLInputElement>("#password")!;
const status = document.querySelector<HTMLParagraphElement>("#status")!;
const table = document.querySelector<HTMLTableElement>("#entries")!;
const tbody = table.tBodies[0]!;
const urls: string[] = [];

function setStatus(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function pemLink(store: Keystore, entry: Entry): HTMLTableCellElement {
  const td = document.createElement("td");
  const chain = store.certificates(entry.alias);
  if (chain.length === 0) {
    td.textContent = "—";
    return td;
  }
  const pem = chain.map((certificate) => certificate.toPem()).join("");
  const url = URL.createObjectURL(new Blob([pem], { type: "application/x-pem-file" }));
  urls.push(url);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${entry.alias}.pem`;
  link.textContent = chain.length > 1 ? `Download PEM (chain of ${chain.length})` : "Download PEM";
  td.append(link);
  return td;
}

function render(store: Keystore): void {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
  tbody.replaceChildren();
  for (const entry of store) {
    const leaf = store.certificates(entry.alias)[0];
    const row = document.createElement("tr");
    row.dataset.alias = entry.alias;
    const type = document.createElement("span");
    type.className = "type";
    type.textContent = entry.type;
    const typeCell = document.createElement("td");
    typeCell.append(type);
    row.append(
      cell(entry.alias, "alias"),
      typeCell,
      cell(leaf?.subject ?? (entry.type === "secretKey" ? `secret key${entry.algorithm ? ` (${entry.algorithm})` : ""}` : "—"), "subject"),
      cell(leaf ? leaf.notAfter.toISOString().slice(0, 10) : "—", "not-after"),
      pemLink(store, entry),
    );
    tbody.append(row);
  }
  table.hidden = false;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void open();
});
fileInput.addEventListener("change", () => void open());

async function open(): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) return;
  setStatus(`Reading ${file.name}…`);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const password = passwordInput.value;
    const store = await decodeKeystoreAsync(bytes, password === "" ? {} : { password });
    render(store);
    const checked = store.integrity === "verified" ? "integrity verified" : "integrity not checked (no password)";
    setStatus(`${file.name}: ${store.format}, ${store.size} ${store.size === 1 ? "entry" : "entries"}, ${checked}.`);
  } catch (error) {
    table.hidden = true;
    const message = isKeystoreError(error) ? `${error.code}: ${error.message}` : String(error);
    setStatus(`Could not open ${file.name}: ${message}`, true);
  }
}
