/**
 * The shape every editing command shares: open the store under its edit lock, change it, save it
 * with the snapshot of what was read, release the lock (also on failure).
 */
import type { Keystore } from "../model/keystore.js";
import type { FileSnapshot } from "../node/read-file.js";
import type { ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { openStore, type OpenedStore } from "./open-store.js";
import { profileOption, saveStore } from "./store-io.js";

/**
 * Opens STORE for editing under its edit lock (the store password is required: it protects the
 * saved file), runs `body`, and releases the lock whatever happens.
 */
export async function editStore<T>(args: ParsedArgs, io: CliIo, body: (opened: OpenedStore & { password: string }) => Promise<T> | T): Promise<T> {
  const opened = await openStore(args, io, { requirePassword: true, edit: true });
  try {
    return await body({ ...opened, password: opened.password ?? "" });
  } finally {
    opened.lock?.release();
  }
}

/** Saves an edited store with the command's --profile, refusing when the file changed since `expected`. */
export function saveEdited(args: ParsedArgs, io: CliIo, path: string, store: Keystore, password: string, expected: FileSnapshot | "absent"): void {
  const profile = profileOption(args);
  saveStore(path, store, { password, ...(profile ? { profile } : {}), expected, args }, io);
}
