/**
 * Access to the platform's WebCrypto (native SHA, PBKDF2, AES, HMAC) where the runtime has it:
 * Node ≥ 20, Deno, Bun and browsers. Async APIs use it and fall back to the pure code when absent.
 */

/** The SubtleCrypto of this runtime, or null. */
export function subtleCrypto(): SubtleCrypto | null {
  const cryptoApi = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto;
  return cryptoApi?.subtle ?? null;
}

/** Copies into a fresh ArrayBuffer-backed array, as some WebCrypto implementations require. */
export function toArrayBufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}
