import { KeystoreError } from "../model/errors.js";

/** A source of random bytes; injectable so that tests can make encoders deterministic. */
export type RandomSource = (length: number) => Uint8Array;

/** Cryptographically strong random bytes from WebCrypto (Node ≥ 20, Deno, Bun and browsers). */
export const secureRandom: RandomSource = (length) => {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (!cryptoApi?.getRandomValues) {
    throw new KeystoreError("UNSUPPORTED", "No WebCrypto getRandomValues in this runtime: pass a random source");
  }
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes a call.
  for (let offset = 0; offset < length; offset += 65536) {
    cryptoApi.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  }
  return out;
};
