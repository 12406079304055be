// The entry list: an ARIA grid that is its own scroll container, fixed row height, and only the
// rows in view (plus a few) in the DOM. Certificate fields are parsed for the rows shown, or for
// all rows once a search or a sort needs them (fields.ts caches them per entry).
import type { Entry, Keystore } from "keystorekit";
import { h } from "./dom.js";
import { ENTRY_TYPE_NAMES, colonHex, expiryState, parsedCount, rowFields, type RowFields } from "./fields.js";

export const ROW_HEIGHT = 32;
const OVERSCAN = 6;

type Column = "alias" | "type" | "subject" | "issuer" | "expiry" | "sha256" | "key";
const COLUMNS: { id: Column; label: string }[] = [
  { id: "alias", label: "Alias" },
  { id: "type", label: "Type" },
  { id: "subject", label: "Subject" },
  { id: "issuer", label: "Issuer" },
  { id: "expiry", label: "Expires" },
  { id: "sha256", label: "SHA-256" },
  { id: "key", label: "Key" },
];

export interface EntryList {
  element: HTMLElement;
  show(store: Keystore): void;
  filter(query: string): number;
  select(alias: string): void;
  selected(): string | undefined;
  focus(): void;
}

export function createEntryList(onOpen: (alias: string) => void, onSelect: (alias: string) => void): EntryList {
  let entries: Entry[] = [];
  let view: Entry[] = [];
  let query = "";
  let sort: { column: Column; descending: boolean } | undefined;
  let selectedAlias: string | undefined;

  const headers = COLUMNS.map((column) => {
    const button = h("button", { type: "button", "data-column": column.id, onclick: () => toggleSort(column.id) }, column.label);
    return h("div", { role: "columnheader", "aria-sort": "none", "data-column": column.id }, button);
  });
  const head = h("div", { role: "rowgroup", class: "head" }, h("div", { role: "row", class: "row", "aria-rowindex": 1 }, ...headers));
  const body = h("div", { role: "rowgroup", class: "body" });
  const grid = h("div", { role: "grid", class: "grid", tabindex: 0, "aria-label": "Entries", "aria-colcount": COLUMNS.length, id: "entries" }, head, body);

  grid.addEventListener("scroll", () => render());
  grid.addEventListener("keydown", onKey);
  new ResizeObserver(() => render()).observe(grid);

  function toggleSort(column: Column): void {
    sort = sort?.column === column ? { column, descending: !sort.descending } : { column, descending: false };
    for (const header of headers) {
      const active = header.dataset.column === column;
      header.setAttribute("aria-sort", active ? (sort.descending ? "descending" : "ascending") : "none");
    }
    recompute();
  }

  function sortValue(entry: Entry, column: Column): string | number {
    if (column === "alias") return entry.alias;
    if (column === "type") return entry.type;
    const fields = rowFields(entry);
    if (column === "expiry") return fields.notAfter?.getTime() ?? Number.POSITIVE_INFINITY;
    return fields[column];
  }

  function matches(entry: Entry, needle: string, hexNeedle: string): boolean {
    if (entry.alias.toLowerCase().includes(needle)) return true;
    const fields = rowFields(entry);
    return fields.subject.toLowerCase().includes(needle) || (hexNeedle.length >= 4 && fields.sha256.includes(hexNeedle));
  }

  function recompute(): void {
    const needle = query.trim().toLowerCase();
    const hexNeedle = needle.replace(/[\s:]/g, "");
    view = needle === "" ? entries.slice() : entries.filter((entry) => matches(entry, needle, hexNeedle));
    if (sort) {
      const { column, descending } = sort;
      const keyed = view.map((entry) => ({ entry, key: sortValue(entry, column) }));
      keyed.sort((a, b) => {
        const order = typeof a.key === "number" && typeof b.key === "number" ? a.key - b.key : String(a.key).localeCompare(String(b.key));
        return descending ? -order : order;
      });
      view = keyed.map((item) => item.entry);
    }
    grid.setAttribute("aria-rowcount", String(view.length + 1));
    body.style.height = `${view.length * ROW_HEIGHT}px`;
    render();
  }

  function cell(text: string, className?: string, title?: string): HTMLElement {
    return h("div", { role: "gridcell", class: className, title }, text);
  }

  function row(entry: Entry, index: number): HTMLElement {
    const fields: RowFields = rowFields(entry);
    const state = expiryState(fields.notAfter);
    const expiry = h("div", { role: "gridcell" }, fields.notAfter ? fields.notAfter.toISOString().slice(0, 10) : "");
    if (state) expiry.append(" ", h("span", { class: `tag ${state === "expired" ? "expired" : "expiring"}` }, state === "expired" ? "expired" : "expires soon"));
    const selected = entry.alias === selectedAlias;
    const element = h(
      "div",
      { role: "row", class: "row", id: `entry-row-${index}`, "aria-rowindex": index + 2, "aria-selected": selected ? "true" : "false", "data-alias": entry.alias, "data-type": entry.type },
      cell(entry.alias, "alias", entry.alias),
      cell(ENTRY_TYPE_NAMES[entry.type]),
      cell(fields.subject, "subject", fields.subject),
      cell(fields.issuer, "issuer", fields.issuer),
      expiry,
      cell(fields.sha256.slice(0, 16), "mono sha256", fields.sha256 ? colonHex(fields.sha256) : undefined),
      cell(fields.key),
    );
    element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    element.addEventListener("click", () => {
      setSelected(entry.alias);
      onOpen(entry.alias);
    });
    return element;
  }

  function render(): void {
    const viewport = grid.clientHeight || 600;
    const top = Math.max(0, grid.scrollTop - ROW_HEIGHT);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(view.length, Math.ceil((top + viewport) / ROW_HEIGHT) + OVERSCAN);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) rows.push(row(view[i]!, i));
    body.replaceChildren(...rows);
    const index = selectedIndex();
    if (index >= first && index < last) grid.setAttribute("aria-activedescendant", `entry-row-${index}`);
    else grid.removeAttribute("aria-activedescendant");
    grid.dataset.parsed = String(parsedCount());
    grid.dataset.rendered = String(rows.length);
  }

  function selectedIndex(): number {
    return selectedAlias === undefined ? -1 : view.findIndex((entry) => entry.alias === selectedAlias);
  }

  /** Scrolls so that row `index` is in view (below the sticky header). */
  function reveal(index: number): void {
    const headerHeight = ROW_HEIGHT;
    const rowTop = index * ROW_HEIGHT;
    const visible = grid.clientHeight - headerHeight;
    if (rowTop < grid.scrollTop) grid.scrollTop = rowTop;
    else if (rowTop + ROW_HEIGHT > grid.scrollTop + visible) grid.scrollTop = rowTop + ROW_HEIGHT - visible;
  }

  function setSelected(alias: string | undefined): void {
    selectedAlias = alias;
    const index = selectedIndex();
    if (index >= 0) reveal(index);
    render();
    if (alias !== undefined) onSelect(alias);
  }

  function onKey(event: KeyboardEvent): void {
    if (view.length === 0) return;
    const index = selectedIndex();
    const page = Math.max(1, Math.floor(grid.clientHeight / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: view.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.min(view.length - 1, Math.max(0, index < 0 ? 0 : moves[event.key]!));
      setSelected(view[next]!.alias);
    } else if (event.key === "Enter" && selectedAlias !== undefined) {
      event.preventDefault();
      onOpen(selectedAlias);
    }
  }

  return {
    element: grid,
    show(store) {
      entries = store.entries();
      if (selectedAlias !== undefined && !store.has(selectedAlias)) selectedAlias = undefined;
      recompute();
    },
    filter(text) {
      query = text;
      recompute();
      return view.length;
    },
    select(alias) {
      setSelected(alias);
    },
    selected: () => selectedAlias,
    focus: () => grid.focus(),
  };
}
