// Delete and rename, on the draft the shell hands to ctx.edit (so both are undoable).
import { KeystoreError } from "keystorekit";
import type { OpenedStore } from "../context.js";

/** Deletes `alias` (keytool -delete); NOT_FOUND in keytool's words when there is no such entry. */
export function deleteEntry(draft: OpenedStore, alias: string): string {
  const stored = draft.store.resolveAlias(alias);
  if (stored === undefined) throw new KeystoreError("NOT_FOUND", `Alias <${alias}> does not exist`);
  draft.store.delete(stored);
  draft.keyPasswords.delete(stored);
  return stored;
}

/**
 * Renames `from` to `to` (keytool -changealias), keeping the entry's place and its key password.
 * A taken alias is refused with the library's error ("Alias <to> already exists").
 */
export function renameEntry(draft: OpenedStore, from: string, to: string): string {
  const target = to.trim();
  const stored = draft.store.resolveAlias(from);
  if (stored === undefined) throw new KeystoreError("NOT_FOUND", `Alias <${from}> does not exist`);
  const renamed = draft.store.rename(stored, target);
  const keyPassword = draft.keyPasswords.get(stored);
  if (keyPassword !== undefined) {
    draft.keyPasswords.delete(stored);
    draft.keyPasswords.set(renamed.alias, keyPassword);
  }
  return renamed.alias;
}
