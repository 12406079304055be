/**
 * Byte-array helpers that behave the same for every Uint8Array subclass. Node's Buffer overrides
 * `slice` to return a view rather than a copy, so code that copies with `slice` could write into
 * the caller's file buffer; these helpers never depend on the subclass.
 */

/** A plain Uint8Array view over the same memory (drops subclasses such as Buffer). */
export function plainView(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A fresh copy of `bytes` that shares no memory with it. */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}
