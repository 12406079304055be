import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * One-shot SHA-1 / SHA-256 over several parts, for the hot paths (the store digest over the whole
 * file, certificate fingerprints). Pure code (@noble/hashes) by default, so the sync API works in
 * every runtime; a platform adapter may install a native implementation: the Node adapter
 * (`keystorekit/node`) installs node:crypto's, which is about ten times faster on large stores.
 */
export type DigestAlgorithm = "sha1" | "sha256";
export type NativeDigest = (algorithm: DigestAlgorithm, parts: readonly Uint8Array[]) => Uint8Array;

let native: NativeDigest | null = null;

/** Installs (or, with null, removes) a native digest used by {@link digestParts}. */
export function setNativeDigest(digest: NativeDigest | null): void {
  native = digest;
}

/** The digest of the concatenation of `parts`. */
export function digestParts(algorithm: DigestAlgorithm, parts: readonly Uint8Array[]): Uint8Array {
  if (native) return native(algorithm, parts);
  const hash = (algorithm === "sha1" ? sha1 : sha256).create();
  for (const part of parts) hash.update(part);
  return hash.digest();
}
