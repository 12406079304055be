/**
 * SHA-1 and SHA-256 at the level of single compression calls, for the keystore formats' two hot
 * loops that hash one short block thousands of times (issue #7):
 *
 * - the PKCS#12 KDF's A = H^r(D ‖ I), where every iteration after the first hashes a 20- or
 *   32-byte digest (up to 10,000 times per PKCS#12 load), see {@link iterateSha1} / {@link iterateSha256};
 * - Sun's JKS key protector, one SHA-1(password ‖ previous digest) per 20 bytes of key, see
 *   {@link xorSha1Keystream}.
 *
 * A general hash object spends most of such a call on bookkeeping (cloning state, buffering,
 * converting between bytes and words, allocating the digest). Here state and message stay in
 * 32-bit words in buffers allocated once, and the constant parts of each block (padding, length,
 * a fixed password prefix) are laid out once per call rather than once per hash. The
 * compression functions themselves are in sha-compress.ts.
 */

import { SHA1_IV, SHA256_IV, sha1Compress, sha256Compress } from "./sha-compress.js";
import { sha256Iterator } from "./sha256-wasm.js";

/** Bytes per compression block, for both digests. */
const BLOCK_BYTES = 64;
/** The padding's first byte (a single 1 bit) and the 64-bit message length after it. */
const PAD_BYTE = 0x80;
const LENGTH_BYTES = 8;

// Scratch buffers, shared: every function here runs to completion synchronously and never
// calls out, so no call can observe another's use of them.
const scratchBlock = new Int32Array(16);
const scratchState = new Int32Array(8);
const keystreamMidstate = new Int32Array(5);
const keystreamState = new Int32Array(5);
const keystreamTail = new Int32Array(32);

/** The big-endian word at `bytes[offset … offset + 3]`. */
function readWord(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
}

/** Stores `count` words big-endian into `bytes` from byte 0. */
function writeWords(words: Int32Array, count: number, bytes: Uint8Array): void {
  for (let i = 0; i < count; i++) {
    const word = words[i]!;
    bytes[4 * i] = word >>> 24;
    bytes[4 * i + 1] = word >>> 16;
    bytes[4 * i + 2] = word >>> 8;
    bytes[4 * i + 3] = word;
  }
}

type Compress = (state: Int32Array, block: Int32Array, offset: number) => void;

/**
 * digest ← H^times(digest), in place. A digest of n ≤ 8 words is a one-block message whose
 * padding never changes, so the block is laid out once and only its first n words are rewritten,
 * straight from the previous state, between iterations.
 */
function iterate(compress: Compress, iv: Int32Array, digest: Uint8Array, times: number): void {
  const words = iv.length;
  if (digest.length !== 4 * words) throw new RangeError(`expected a ${4 * words}-byte digest, got ${digest.length}`);
  if (times <= 0) return;
  const block = scratchBlock;
  const state = scratchState;
  block.fill(0);
  for (let i = 0; i < words; i++) block[i] = readWord(digest, 4 * i);
  block[words] = PAD_BYTE << 24;
  block[15] = digest.length * 8;
  for (let round = 0; round < times; round++) {
    for (let i = 0; i < words; i++) state[i] = iv[i]!;
    compress(state, block, 0);
    for (let i = 0; i < words; i++) block[i] = state[i]!;
  }
  writeWords(block, words, digest);
}

/** Replaces the 20-byte `digest` with SHA-1 applied to it `times` times (0 leaves it as is). */
export function iterateSha1(digest: Uint8Array, times: number): void {
  iterate(sha1Compress, SHA1_IV, digest, times);
}

/**
 * Replaces the 32-byte `digest` with SHA-256 applied to it `times` times (0 leaves it as is):
 * in WebAssembly where the runtime allows (sha256-wasm.ts), else in JavaScript.
 */
export function iterateSha256(digest: Uint8Array, times: number): void {
  const wasm = times > 0 && digest.length === 32 ? sha256Iterator() : null;
  if (!wasm) return iterate(sha256Compress, SHA256_IV, digest, times);
  const words = scratchState;
  for (let i = 0; i < 8; i++) words[i] = readWord(digest, 4 * i);
  wasm(words, times);
  writeWords(words, 8, digest);
}

const SHA1_BYTES = 20;

/**
 * XORs `data` in place with the chained keystream d_i = SHA-1(prefix ‖ d_(i−1)), d_0 = `seed`
 * (20 bytes), one digest per 20 bytes of data (the last one cut short): Sun's JKS key protector,
 * whose prefix is the UTF-16BE password.
 *
 * Every hash has the same prefix and length, so the prefix's whole blocks are compressed once
 * into a midstate, and the rest (prefix tail, a 20-byte hole for the digest, padding, length)
 * is laid out once as one or two blocks of words; each step then only writes the previous digest
 * into the hole, word-shifted when the prefix tail is not a multiple of 4 bytes long.
 */
export function xorSha1Keystream(prefix: Uint8Array, seed: Uint8Array, data: Uint8Array): void {
  if (seed.length !== SHA1_BYTES) throw new RangeError(`expected a 20-byte seed, got ${seed.length}`);
  const midstate = keystreamMidstate;
  midstate.set(SHA1_IV);
  const wholeBlocks = Math.floor(prefix.length / BLOCK_BYTES);
  for (let block = 0; block < wholeBlocks; block++) {
    for (let i = 0; i < 16; i++) scratchBlock[i] = readWord(prefix, block * BLOCK_BYTES + 4 * i);
    sha1Compress(midstate, scratchBlock, 0);
  }

  // The constant tail, built straight into words: prefix rest, zeros where the digest goes,
  // the padding byte, the bit length.
  const restStart = wholeBlocks * BLOCK_BYTES;
  const restLength = prefix.length - restStart;
  const tailBlocks = restLength + SHA1_BYTES + 1 + LENGTH_BYTES <= BLOCK_BYTES ? 1 : 2;
  const tailWords = tailBlocks * 16;
  const tail = keystreamTail;
  tail.fill(0);
  const orByte = (at: number, byte: number) => (tail[at >>> 2]! |= byte << (24 - 8 * (at & 3)));
  for (let i = 0; i < restLength; i++) orByte(i, prefix[restStart + i]!);
  orByte(restLength + SHA1_BYTES, PAD_BYTE);
  const bitLength = (prefix.length + SHA1_BYTES) * 8;
  tail[tailWords - 2] = Math.floor(bitLength / 2 ** 32);
  tail[tailWords - 1] = bitLength >>> 0;

  // The digest's words land at word `first`, shifted right by `shift` bits when unaligned; the
  // words at both ends keep their prefix / padding bytes from the template.
  const first = restLength >>> 2;
  const shift = (restLength & 3) * 8;
  const firstKept = tail[first]!;
  const lastKept = tail[first + 5]!;

  const state = keystreamState;
  for (let i = 0; i < 5; i++) state[i] = readWord(seed, 4 * i);
  for (let offset = 0; offset < data.length; offset += SHA1_BYTES) {
    if (shift === 0) {
      for (let i = 0; i < 5; i++) tail[first + i] = state[i]!;
    } else {
      const back = 32 - shift;
      tail[first] = firstKept | (state[0]! >>> shift);
      for (let i = 1; i < 5; i++) tail[first + i] = (state[i - 1]! << back) | (state[i]! >>> shift);
      tail[first + 5] = (state[4]! << back) | lastKept;
    }
    for (let i = 0; i < 5; i++) state[i] = midstate[i]!;
    sha1Compress(state, tail, 0);
    if (tailBlocks === 2) sha1Compress(state, tail, 16);

    if (offset + SHA1_BYTES <= data.length) {
      for (let i = 0; i < 5; i++) {
        const word = state[i]!;
        const at = offset + 4 * i;
        data[at]! ^= word >>> 24;
        data[at + 1]! ^= word >>> 16;
        data[at + 2]! ^= word >>> 8;
        data[at + 3]! ^= word;
      }
    } else {
      for (let i = offset; i < data.length; i++) {
        const byteInDigest = i - offset;
        data[i]! ^= state[byteInDigest >>> 2]! >>> (24 - 8 * (byteInDigest & 3));
      }
    }
  }
}
