import { decodeKeystore, encodeKeystore, type DecodeOptions, type EncodeOptions } from "../formats/codec.js";
import type { Keystore } from "../model/keystore.js";
import { resolveLimits, type Limits } from "../model/limits.js";
import { acquireEditLock } from "./lock.js";
import { readFileBounded, readStdinBounded, type FileSnapshot } from "./read-file.js";
import { saveFileAtomic, type FileContents, type SaveReport } from "./safe-write.js";
import { realTargetOf } from "./targets.js";

/** Reads and decodes a keystore file (any supported format, recognised from its bytes). */
export function readKeystoreFile(path: string, options: DecodeOptions = {}): Keystore {
  return openKeystoreFile(path, options).store;
}

/** A decoded store and the snapshot of the file it came from (for a later {@link saveKeystoreFile}). */
export function openKeystoreFile(path: string, options: DecodeOptions = {}): { store: Keystore; snapshot: FileSnapshot } {
  const limits = resolveLimits(options.limits);
  const { bytes, snapshot } = readFileBounded(path, { maxBytes: limits.maxStoreFileBytes, what: "keystore" });
  return { store: decodeKeystore(bytes, options), snapshot };
}

/**
 * The bytes of a regular file of at most `maxBytes` (default: the keystore file limit).
 * Devices, FIFOs and directories are refused (IO), larger files with LIMIT, before reading.
 */
export function readBytes(path: string, maxBytes: number = resolveLimits().maxStoreFileBytes): Uint8Array {
  return readFileBounded(path, { maxBytes, what: "file" }).bytes;
}

/** A certificate or key file (PEM, DER, PKCS#7), or standard input for "-", bounded by the limits. */
export function readCertificateFile(path: string, limits?: Partial<Limits>): Uint8Array {
  const options = { maxBytes: resolveLimits(limits).maxCertificateFileBytes, what: "certificate file" };
  return path === "-" ? readStdinBounded(options) : readFileBounded(path, options).bytes;
}

/** What {@link saveKeystoreFile} wrote, and how. */
export interface SavedKeystore extends SaveReport {
  /** The encoded store as written. */
  bytes: Uint8Array;
}

/**
 * Encodes `store` and writes it with {@link saveFileAtomic}; the written bytes are decoded again
 * before they replace the file, so a store that could not be read back never overwrites a good
 * one. `expected` (from {@link openKeystoreFile}) refuses the save when the file changed since.
 */
export function saveKeystoreFile(
  path: string,
  store: Keystore,
  options: EncodeOptions & { expected?: FileSnapshot | "absent"; allowReadOnly?: boolean },
): SavedKeystore {
  const { expected, allowReadOnly, ...encodeOptions } = options;
  const bytes = encodeKeystore(store, encodeOptions);
  const report = saveFileAtomic(path, bytes, {
    contents: keystoreContents(store),
    ...(expected ? { expected } : {}),
    ...(allowReadOnly ? { allowReadOnly } : {}),
    verify: (written) => {
      const reread = decodeKeystore(written, { password: encodeOptions.password, format: encodeOptions.format });
      if (reread.size !== store.size) throw new Error(`re-read check failed: ${reread.size} entries instead of ${store.size}`);
    },
  });
  return { ...report, bytes };
}

/** "public" for a store of certificates only (a new file follows the umask), else "keys" (0600). */
export function keystoreContents(store: Keystore): FileContents {
  const hasKeys = store.entries().some((entry) => entry.type !== "trustedCert");
  if (!hasKeys) return "public";
  return store.format === "PEM" ? "plaintext-keys" : "keys";
}

/**
 * Reads, edits and saves a store under the edit lock (`STORE.lock`), refusing the save with
 * CONFLICT when someone else changed the file meanwhile. A missing file starts as `create()`.
 */
export async function editKeystoreFile(
  path: string,
  options: DecodeOptions & { password: string; create?: () => Keystore; encode?: Omit<EncodeOptions, "password"> },
  edit: (store: Keystore) => void | Promise<void>,
): Promise<SavedKeystore> {
  const lock = await acquireEditLock(realTargetOf(path), path);
  try {
    let store: Keystore;
    let expected: FileSnapshot | "absent";
    try {
      ({ store, snapshot: expected } = openKeystoreFile(path, options));
    } catch (error) {
      if (!options.create || !isMissing(error)) throw error;
      store = options.create();
      expected = "absent";
    }
    await edit(store);
    return saveKeystoreFile(path, store, { ...options.encode, password: options.password, expected });
  } finally {
    lock?.release();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "cause" in error && (error.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
