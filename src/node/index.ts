/**
 * keystorekit for Node: files (atomic saves), the JVM's default trust store, and node:crypto's
 * native hashing for the sync codecs. The only module, with the CLI, that uses Node APIs.
 *
 * @example
 * ```ts
 * import { readKeystoreFile, saveKeystoreFile, findDefaultTrustStore } from "keystorekit/node";
 * const found = findDefaultTrustStore();
 * const store = readKeystoreFile(found!.path, { password: "changeit" });
 * ```
 * @module
 */
import { decodeKeystore, encodeKeystore, type EncodeOptions } from "../formats/codec.js";
import type { Keystore } from "../model/keystore.js";
import { saveFileAtomic } from "./files.js";
import { useNodeCrypto } from "./native-digest.js";

export { readBytes, readKeystoreFile, saveFileAtomic } from "./files.js";
export { findDefaultTrustStore, type DefaultTrustStore } from "./java-home.js";
export { useNodeCrypto } from "./native-digest.js";

// Importing the Node entry point opts the sync codecs into native hashing.
useNodeCrypto();

/**
 * Encodes `store` and writes it atomically; the written bytes are decoded again before they
 * replace the file, so a store that could not be read back never overwrites a good one.
 */
export function saveKeystoreFile(path: string, store: Keystore, options: EncodeOptions): Uint8Array {
  const bytes = encodeKeystore(store, options);
  saveFileAtomic(path, bytes, {
    verify: (written) => {
      const reread = decodeKeystore(written, { password: options.password, format: options.format });
      if (reread.size !== store.size) throw new Error(`re-read check failed: ${reread.size} entries instead of ${store.size}`);
    },
  });
  return bytes;
}
