/**
 * keystorekit for Node: files (safe saves, bounded reads, the edit lock), the JVM's default trust
 * store, and node:crypto's native hashing for the sync codecs. The only module, with the CLI,
 * that uses Node APIs.
 *
 * @example
 * ```ts
 * import { readKeystoreFile, editKeystoreFile, findDefaultTrustStore } from "keystorekit/node";
 * const found = findDefaultTrustStore();
 * const store = readKeystoreFile(found!.path, { password: "changeit" });
 * await editKeystoreFile("truststore.jks", { password: "changeit" }, (s) => void s.delete("old-ca"));
 * ```
 * @module
 */
import { useNodeCrypto } from "./native-digest.js";

export {
  editKeystoreFile,
  keystoreContents,
  openKeystoreFile,
  readBytes,
  readCertificateFile,
  readKeystoreFile,
  saveKeystoreFile,
  type SavedKeystore,
} from "./files.js";
export { saveFileAtomic, type FileContents, type SaveOptions, type SaveReport } from "./safe-write.js";
export { readFileBounded, type FileSnapshot, type ReadResult } from "./read-file.js";
export { acquireEditLock, STALE_LOCK_MS, type EditLock } from "./lock.js";
export { installInterruptCleanup } from "./cleanup.js";
export { realTargetOf } from "./targets.js";
export { findDefaultTrustStore, type DefaultTrustStore } from "./java-home.js";
export { useNodeCrypto } from "./native-digest.js";
export { fetchServerChain, tlsOptions, tlsOptionsFromJava, tlsOptionsFromProperties, type FetchChainOptions, type FetchedChain, type NodeTlsOptions, type StoreSource } from "./tls.js";

// Importing the Node entry point opts the sync codecs into native hashing.
useNodeCrypto();
