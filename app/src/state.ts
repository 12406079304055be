// The undo/redo history: a list of OpenedStore snapshots. An edit copies the current store (a new
// Keystore with the same entries, format and flags), lets the change work on the copy and pushes
// it; undo and redo move along the list. Entries themselves are immutable, so copies share them.
import type { Keystore } from "keystorekit";
import type { OpenedStore } from "./context.js";
import { loaded } from "./library.js";

/** A copy of `store` that can be edited without touching the original. */
export function copyStore(store: Keystore): Keystore {
  const { Keystore } = loaded();
  const copy = new Keystore({ format: store.format, integrity: store.integrity, caseSensitiveAliases: store.caseSensitiveAliases });
  // addDecoded keeps each alias exactly as stored (set would lower-case a decoded "CAcert").
  for (const entry of store) copy.addDecoded(entry);
  copy.untrustedCertificates.push(...store.untrustedCertificates);
  copy.passwordless = store.passwordless;
  return copy;
}

export function copyOpened(opened: OpenedStore): OpenedStore {
  return { ...opened, store: copyStore(opened.store), keyPasswords: new Map(opened.keyPasswords) };
}

export interface Step {
  label: string;
  opened: OpenedStore;
}

export class History {
  private steps: Step[] = [];
  private index = -1;
  private savedIndex = -1;
  private readonly listeners = new Set<() => void>();

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A newly opened store: the history starts again, with nothing unsaved. */
  reset(opened: OpenedStore): void {
    this.steps = [{ label: "open", opened }];
    this.index = 0;
    this.savedIndex = 0;
    this.changed();
  }

  current(): OpenedStore | undefined {
    return this.steps[this.index]?.opened;
  }

  /** Runs `change` on a copy of the current store; on success it becomes the new current step. */
  async edit(label: string, change: (draft: OpenedStore) => void | OpenedStore | Promise<void | OpenedStore>): Promise<void> {
    const current = this.current();
    if (!current) throw new Error("no keystore is open");
    const draft = copyOpened(current);
    const result = (await change(draft)) ?? draft;
    this.steps.splice(this.index + 1, Infinity, { label, opened: result });
    this.index = this.steps.length - 1;
    if (this.savedIndex >= this.index) this.savedIndex = -1;
    this.changed();
  }

  canUndo(): boolean {
    return this.index > 0;
  }

  canRedo(): boolean {
    return this.index < this.steps.length - 1;
  }

  /** The label of the step undo would take back / redo would apply. */
  undoLabel(): string | undefined {
    return this.canUndo() ? this.steps[this.index]!.label : undefined;
  }

  redoLabel(): string | undefined {
    return this.canRedo() ? this.steps[this.index + 1]!.label : undefined;
  }

  undo(): boolean {
    if (!this.canUndo()) return false;
    this.index--;
    this.changed();
    return true;
  }

  redo(): boolean {
    if (!this.canRedo()) return false;
    this.index++;
    this.changed();
    return true;
  }

  /** The current step has been downloaded. */
  markSaved(): void {
    this.savedIndex = this.index;
    this.changed();
  }

  dirty(): boolean {
    return this.index >= 0 && this.index !== this.savedIndex;
  }
}
