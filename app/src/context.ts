// The one seam between the app shell (app/src/main.ts, list, details, state) and the feature panels
// (app/src/panels/*, app/src/actions/*). Panels get an AppContext and never reach into the shell:
// everything they change goes through `edit`, so it is undoable until saved.
import type { IntegrityStatus, Keystore, KeystoreFormat } from "keystorekit";

/** The store the page has open. */
export interface OpenedStore {
  /** The file name it was opened from (used as the default download name). */
  fileName: string;
  /** The format sniffed from the bytes. */
  format: KeystoreFormat;
  /** The store as edited so far (never mutate it directly: use AppContext.edit). */
  store: Keystore;
  /** The store password as given ("" or undefined: read without the integrity check). */
  password: string | undefined;
  /** Whether the digest/MAC was checked on open. */
  integrity: IntegrityStatus;
  /** Key passwords that differ from the store password, by alias, as the user typed them. */
  keyPasswords: Map<string, string>;
}

/** What a panel gets from the shell. */
export interface AppContext {
  /** The open store, or undefined before one is opened. */
  current(): OpenedStore | undefined;
  /**
   * One undoable step. `change` receives a copy of the open store (and its passwords) and may
   * mutate that copy or return a new one; if it throws, nothing changes and the error is shown.
   */
  edit(label: string, change: (draft: OpenedStore) => void | OpenedStore | Promise<void | OpenedStore>): Promise<void>;
  /** Shows a message in the status area (errors as role="alert"). */
  notify(kind: "info" | "warning" | "error", message: string): void;
  /** Opens a modal dialog (a <dialog> element) with a title and body; resolves when it closes. */
  dialog(title: string, body: HTMLElement): { close(): void; closed: Promise<void> };
  /** Offers bytes for download under a file name. */
  download(fileName: string, bytes: Uint8Array | string, mimeType?: string): void;
  /** Selects an entry in the list and shows its details. */
  select(alias: string): void;
  /**
   * The alias of the entry selected in the list, if any (panels preselect it: delete, rename,
   * CSR, CA reply). Optional: a shell without it makes panels start with the first alias.
   */
  selected?(): string | undefined;
  /**
   * Whether WebCrypto (crypto.subtle) is there. Without it (an insecure context) signatures cannot
   * be checked: panels must say so rather than show them as failed.
   */
  hasWebCrypto(): boolean;
}

/** A feature panel: a labelled action in the toolbar/menu that renders into a dialog or side panel. */
export interface Panel {
  /** Stable id, used for test selectors (`data-panel="<id>"`) and keyboard shortcuts. */
  id: string;
  /** Button label. */
  label: string;
  /** Optional single-key shortcut (with Alt), e.g. "k". */
  shortcut?: string;
  /** Whether it needs an open store. */
  needsStore: boolean;
  /** Runs the panel: typically builds a form and shows it with ctx.dialog. */
  open(ctx: AppContext): void | Promise<void>;
}
