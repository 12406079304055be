import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { toHex } from "../binary/encoding.js";
import { HASHES, type HashName } from "./hash.js";
import { subtleCrypto } from "./webcrypto.js";

/**
 * PBKDF2 (RFC 8018) for PBES2 and PBMAC1: pure code when called synchronously, WebCrypto's native
 * implementation when computed ahead of time by an async decoder (several times faster). The
 * async decoders derive every key a file needs first and hand the results to the sync code.
 */
export interface Pbkdf2Request {
  /** The hash of the HMAC pseudo-random function. */
  prf: HashName;
  /** The password bytes. */
  password: Uint8Array;
  /** The salt. */
  salt: Uint8Array;
  /** Iteration count. */
  iterations: number;
  /** Length of the derived key, in bytes. */
  length: number;
}

/**
 * Keys derived ahead of time, looked up by their full request: PBKDF2 keys from WebCrypto, and
 * PKCS#12 KDF keys an async decoder computed while WebCrypto was busy (see pkcs12-kdf.ts).
 */
export class DerivedKeys {
  private readonly results = new Map<string, Uint8Array>();

  /** The key derived for the request identified by `id`, or undefined when it was not computed ahead. */
  get(id: string): Uint8Array | undefined {
    return this.results.get(id);
  }

  /** Records the key derived for the request identified by `id`. */
  set(id: string, key: Uint8Array): void {
    this.results.set(id, key);
  }
}

/** The identity of a PBKDF2 request in {@link DerivedKeys}. */
export function pbkdf2RequestId(request: Pbkdf2Request): string {
  return `pbkdf2|${request.prf}|${toHex(request.password)}|${toHex(request.salt)}|${request.iterations}|${request.length}`;
}

/** A synchronous native PBKDF2 a platform adapter may install (the Node adapter installs node:crypto's). */
export type NativePbkdf2 = (request: Pbkdf2Request) => Uint8Array;

let nativePbkdf2: NativePbkdf2 | null = null;

/** Installs (or, with null, removes) the native PBKDF2 used by {@link pbkdf2Sync}. */
export function setNativePbkdf2(implementation: NativePbkdf2 | null): void {
  nativePbkdf2 = implementation;
}

/** PBKDF2 now: a precomputed result when there is one, else native code if installed, else pure code. */
export function pbkdf2Sync(request: Pbkdf2Request, precomputed?: DerivedKeys): Uint8Array {
  const ready = precomputed?.get(pbkdf2RequestId(request));
  if (ready) return ready;
  if (nativePbkdf2) return nativePbkdf2(request);
  return pbkdf2(HASHES[request.prf].noble, request.password, request.salt, { c: request.iterations, dkLen: request.length });
}

const WEBCRYPTO_HASHES: Partial<Record<HashName, string>> = { "SHA-1": "SHA-1", "SHA-256": "SHA-256", "SHA-384": "SHA-384", "SHA-512": "SHA-512" };

/** PBKDF2 through WebCrypto where the runtime and the PRF allow, else pure code. */
export async function pbkdf2Async(request: Pbkdf2Request): Promise<Uint8Array> {
  return (await startPbkdf2(request)).result;
}

/**
 * Starts PBKDF2 through WebCrypto and resolves once the derivation is running elsewhere (WebCrypto
 * starts its work when deriveBits is called; importing the key comes first), so that a caller can
 * do other work meanwhile and await `result` after. Without WebCrypto or for its unsupported PRFs,
 * the key is derived synchronously.
 */
export async function startPbkdf2(request: Pbkdf2Request): Promise<{ result: Promise<Uint8Array> }> {
  const subtle = subtleCrypto();
  const hash = WEBCRYPTO_HASHES[request.prf];
  if (!subtle || !hash) return { result: Promise.resolve(pbkdf2Sync(request)) };
  const key = await subtle.importKey("raw", copy(request.password), "PBKDF2", false, ["deriveBits"]);
  const bits = subtle.deriveBits({ name: "PBKDF2", hash, salt: copy(request.salt), iterations: request.iterations }, key, request.length * 8);
  return { result: bits.then((buffer) => new Uint8Array(buffer)) };
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}
