import { createHash } from "node:crypto";
import { setNativeDigest, type NativeDigest } from "../crypto/digest.js";

/** node:crypto's native SHA-1/SHA-256 for the sync hot paths (about ten times faster than pure code). */
const nodeDigest: NativeDigest = (algorithm, parts) => {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  const digest = hash.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
};

/** Makes the sync codecs and certificate fingerprints use node:crypto. Idempotent. */
export function useNodeCrypto(): void {
  setNativeDigest(nodeDigest);
}
