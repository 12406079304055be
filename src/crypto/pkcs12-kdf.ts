/**
 * The PKCS#12 key-derivation function (RFC 7292 Appendix B.2) and the BMPString password
 * encoding it takes (keystore-formats.md §1.2, §4.6).
 *
 * Used for the legacy PKCS#12 PBE ciphers (ID 1 key, ID 2 IV), the classic PKCS#12 MAC (ID 3)
 * and BouncyCastle BKS/UBER. It runs for thousands of iterations per call (Java's MAC default:
 * SHA-256, 10,000), so the iterations of the two common digests, SHA-1 and SHA-256, run on
 * compression functions over words (sha-blocks.ts); the other digests reuse one hash instance
 * (cloned from a pristine one) and one digest buffer instead of allocating per iteration.
 * B + 1 is added to each I_j in place.
 */

import { KeystoreError } from "../model/errors.js";
import { type HashAlgorithm, type HashName, HASHES } from "./hash.js";
import { utf16be } from "./password.js";
import type { DerivedKeys } from "./pbkdf2.js";
import { toHex } from "../binary/encoding.js";
import { iterateSha1, iterateSha256 } from "./sha-blocks.js";

/** Purpose byte of the derivation (RFC 7292 B.3). */
export type Pkcs12KdfId = 1 | 2 | 3;
/** Key material for encryption. */
export const PKCS12_KEY_ID = 1;
/** Initialisation vector. */
export const PKCS12_IV_ID = 2;
/** MAC key. */
export const PKCS12_MAC_ID = 3;

/**
 * The password as Java's PKCS#12 code feeds it to the KDF: the UTF-16BE code units plus a
 * `00 00` terminator, so `""` gives `00 00`. One Java quirk is kept: the one-character password
 * U+0000 gives the empty byte string (`PKCS12PBECipherCore`), which is what Java retries with
 * after an empty password fails (see {@link bmpPasswordCandidates}).
 */
export function bmpPassword(password: string): Uint8Array {
  if (password === "\u0000") return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  out.set(utf16be(password));
  return out;
}

/**
 * The byte strings to try, in order, when opening a store with `password`: just its BMP form,
 * except for `""`, where Java also accepts a store protected with the empty byte string
 * (`RetryWithZero` in `PKCS12KeyStore`), e.g. files written by tools that omit the terminator.
 */
export function bmpPasswordCandidates(password: string): Uint8Array[] {
  return password === "" ? [bmpPassword(""), new Uint8Array(0)] : [bmpPassword(password)];
}

/**
 * digest ← H^times(digest) for the digests with a word-level fast path. Keyed by the registry
 * entries themselves, so a caller-made HashAlgorithm that merely reuses a name takes the generic path.
 */
const FAST_ITERATIONS = new Map<HashAlgorithm, (digest: Uint8Array, times: number) => void>([
  [HASHES["SHA-1"], iterateSha1],
  [HASHES["SHA-256"], iterateSha256],
]);

/** `data` repeated to the next multiple of v bytes (empty stays empty): RFC 7292 B.2 steps 2–3. */
function fillToMultiple(data: Uint8Array, v: number): Uint8Array {
  const out = new Uint8Array(v * Math.ceil(data.length / v));
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length]!;
  return out;
}

/**
 * Derives `n` bytes with the PKCS#12 KDF.
 *
 * @param hash digest name ("SHA-1", "SHA-256", …) or a registry entry; MD5 also works (v = 64).
 * @param password the password bytes, normally from {@link bmpPassword}.
 * @param salt any length (empty allowed).
 * @param iterations r ≥ 1; callers enforce their own upper limits before calling.
 * @param id 1 = key, 2 = IV, 3 = MAC key.
 * @param n bytes wanted, ≥ 0.
 */
export function pkcs12Kdf(
  hash: HashName | HashAlgorithm,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: Pkcs12KdfId,
  n: number,
): Uint8Array {
  const algorithm = typeof hash === "string" ? HASHES[hash] : hash;
  if (algorithm === undefined) throw new KeystoreError("INVALID_ARGUMENT", `Unknown digest ${String(hash)}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new KeystoreError("INVALID_ARGUMENT", `PKCS#12 KDF iteration count must be a positive integer, got ${iterations}`);
  }
  if (id !== 1 && id !== 2 && id !== 3) throw new KeystoreError("INVALID_ARGUMENT", `PKCS#12 KDF ID must be 1, 2 or 3, got ${String(id)}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new KeystoreError("INVALID_ARGUMENT", `PKCS#12 KDF length must be ≥ 0, got ${n}`);

  const u = algorithm.outputLength;
  const v = algorithm.blockLength;
  const diversifier = new Uint8Array(v).fill(id);
  // I = S ‖ P, updated in place between output blocks.
  const s = fillToMultiple(salt, v);
  const p = fillToMultiple(password, v);
  const bigI = new Uint8Array(s.length + p.length);
  bigI.set(s);
  bigI.set(p, s.length);

  const blocks = Math.ceil(n / u);
  const out = new Uint8Array(blocks * u);
  const a = new Uint8Array(u);
  const b = new Uint8Array(v);
  const pristine = algorithm.create();
  const work = algorithm.create();
  const fastIterate = FAST_ITERATIONS.get(algorithm);

  for (let block = 0; block < blocks; block++) {
    // A = H^r(D ‖ I).
    pristine._cloneInto(work).update(diversifier).update(bigI).digestInto(a);
    if (fastIterate) fastIterate(a, iterations - 1);
    else for (let r = 1; r < iterations; r++) pristine._cloneInto(work).update(a).digestInto(a);
    out.set(a, block * u);
    if (block === blocks - 1) break;
    // B = A repeated to v bytes; every v-byte I_j becomes (I_j + B + 1) mod 2^(8v), big-endian.
    for (let i = 0; i < v; i++) b[i] = a[i % u]!;
    for (let j = 0; j < bigI.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = bigI[j + k]! + b[k]! + carry;
        bigI[j + k] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

/** One PKCS#12 KDF derivation, as {@link pkcs12KdfFor} takes it. */
export interface Pkcs12KdfRequest {
  hash: HashName;
  /** The password bytes (from {@link bmpPassword}). */
  password: Uint8Array;
  salt: Uint8Array;
  iterations: number;
  id: Pkcs12KdfId;
  /** Bytes wanted. */
  length: number;
}

/** The identity of a PKCS#12 KDF request in {@link DerivedKeys}. */
export function pkcs12KdfRequestId(request: Pkcs12KdfRequest): string {
  const { hash, password, salt, iterations, id, length } = request;
  return `pkcs12|${hash}|${toHex(password)}|${toHex(salt)}|${iterations}|${id}|${length}`;
}

/**
 * The key for `request`: derived ahead of time when `precomputed` has it (an async decoder runs
 * this KDF while WebCrypto's PBKDF2 works on other threads), else derived now.
 */
export function pkcs12KdfFor(request: Pkcs12KdfRequest, precomputed?: DerivedKeys): Uint8Array {
  return (
    precomputed?.get(pkcs12KdfRequestId(request)) ??
    pkcs12Kdf(request.hash, request.password, request.salt, request.iterations, request.id, request.length)
  );
}
