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

/** A short name of the JavaScript runtime, for messages ("Node.js 20.20.2", "Deno 2.1", a browser's user agent). */
export function runtimeName(): string {
  const global = globalThis as { process?: { versions?: { node?: string; bun?: string } }; Deno?: { version?: { deno?: string } }; navigator?: { userAgent?: string } };
  // Feature detection only: the core never relies on a runtime's own globals.
  const versions = global.process?.versions;
  if (global.Deno?.version?.deno) return `Deno ${global.Deno.version.deno}`;
  if (versions?.bun) return `Bun ${versions.bun}`;
  if (versions?.node) return `Node.js ${versions.node}`;
  return global.navigator?.userAgent ?? "an unknown JavaScript runtime";
}
