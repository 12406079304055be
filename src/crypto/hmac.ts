import { hmac } from "@noble/hashes/hmac.js";
import type { HashAlgorithm, HashName } from "./hash.js";

/**
 * HMAC for the PKCS#12 and BKS integrity checks: pure code by default; a platform adapter may
 * install a native one (the Node adapter installs node:crypto's), which matters for large files.
 */
export type NativeHmac = (hash: HashName, key: Uint8Array, data: Uint8Array) => Uint8Array;

let native: NativeHmac | null = null;

/** Installs (or, with null, removes) the native HMAC used by {@link hmacSync}. */
export function setNativeHmac(implementation: NativeHmac | null): void {
  native = implementation;
}

/** HMAC of `data` under `key` with `hash`. */
export function hmacSync(hash: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return native ? native(hash.name, key, data) : hmac(hash.noble, key, data);
}
