/**
 * MD5 at the level of single compression calls, for the JCEKS key derivation of
 * PBEWithMD5AndTripleDES (pbe-md5-des3.ts), which hashes x ← MD5(x ‖ password) 200,000 times per
 * salt half with Java's default count, twice per key (issue #7). The same approach as
 * sha-blocks.ts: the message (16-byte digest, password, padding, length) is laid out once in
 * words, and each iteration only writes the previous state into its first four words.
 *
 * MD5 words are little-endian (RFC 1321 §3.4), so the digest, which is the state serialised
 * little-endian, always sits word-aligned at the start of the message.
 */

const MD5_IV = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 16;
/** The padding's first byte (a single 1 bit) and the 64-bit message length after it. */
const PAD_BYTE = 0x80;
const LENGTH_BYTES = 8;

/**
 * One MD5 compression: folds the 16 words `block[offset … offset + 15]` into the 4-word `state`.
 *
 * Unrolled with the block in locals and the constants as immediates, like the SHA compression
 * functions, because that is what lets V8 keep everything in registers (MD5 has no message
 * expansion: each round reads one of the 16 words). Each round is
 * (a, b, c, d) ← (d, b + ROTL_s(a + f(b, c, d) + K_i + X_g), b, c), written with moves so every
 * line has the same shape; K_i = floor(|sin(i + 1)| · 2^32), and f, g and s per round follow
 * RFC 1321.
 */
export function md5Compress(state: Int32Array, block: Int32Array, offset: number): void {
  const w0 = block[offset]!, w1 = block[offset + 1]!, w2 = block[offset + 2]!, w3 = block[offset + 3]!;
  const w4 = block[offset + 4]!, w5 = block[offset + 5]!, w6 = block[offset + 6]!, w7 = block[offset + 7]!;
  const w8 = block[offset + 8]!, w9 = block[offset + 9]!, w10 = block[offset + 10]!, w11 = block[offset + 11]!;
  const w12 = block[offset + 12]!, w13 = block[offset + 13]!, w14 = block[offset + 14]!, w15 = block[offset + 15]!;
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let t = 0;
  // Round 1.
  t = (a + (d ^ (b & (c ^ d))) + 0xd76aa478 + w0) | 0; a = d; d = c; c = b; b = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xe8c7b756 + w1) | 0; a = d; d = c; c = b; b = (b + ((t << 12) | (t >>> 20))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x242070db + w2) | 0; a = d; d = c; c = b; b = (b + ((t << 17) | (t >>> 15))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xc1bdceee + w3) | 0; a = d; d = c; c = b; b = (b + ((t << 22) | (t >>> 10))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xf57c0faf + w4) | 0; a = d; d = c; c = b; b = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x4787c62a + w5) | 0; a = d; d = c; c = b; b = (b + ((t << 12) | (t >>> 20))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xa8304613 + w6) | 0; a = d; d = c; c = b; b = (b + ((t << 17) | (t >>> 15))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xfd469501 + w7) | 0; a = d; d = c; c = b; b = (b + ((t << 22) | (t >>> 10))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x698098d8 + w8) | 0; a = d; d = c; c = b; b = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x8b44f7af + w9) | 0; a = d; d = c; c = b; b = (b + ((t << 12) | (t >>> 20))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xffff5bb1 + w10) | 0; a = d; d = c; c = b; b = (b + ((t << 17) | (t >>> 15))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x895cd7be + w11) | 0; a = d; d = c; c = b; b = (b + ((t << 22) | (t >>> 10))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x6b901122 + w12) | 0; a = d; d = c; c = b; b = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xfd987193 + w13) | 0; a = d; d = c; c = b; b = (b + ((t << 12) | (t >>> 20))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0xa679438e + w14) | 0; a = d; d = c; c = b; b = (b + ((t << 17) | (t >>> 15))) | 0;
  t = (a + (d ^ (b & (c ^ d))) + 0x49b40821 + w15) | 0; a = d; d = c; c = b; b = (b + ((t << 22) | (t >>> 10))) | 0;
  // Round 2.
  t = (a + (c ^ (d & (b ^ c))) + 0xf61e2562 + w1) | 0; a = d; d = c; c = b; b = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xc040b340 + w6) | 0; a = d; d = c; c = b; b = (b + ((t << 9) | (t >>> 23))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0x265e5a51 + w11) | 0; a = d; d = c; c = b; b = (b + ((t << 14) | (t >>> 18))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xe9b6c7aa + w0) | 0; a = d; d = c; c = b; b = (b + ((t << 20) | (t >>> 12))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xd62f105d + w5) | 0; a = d; d = c; c = b; b = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0x02441453 + w10) | 0; a = d; d = c; c = b; b = (b + ((t << 9) | (t >>> 23))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xd8a1e681 + w15) | 0; a = d; d = c; c = b; b = (b + ((t << 14) | (t >>> 18))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xe7d3fbc8 + w4) | 0; a = d; d = c; c = b; b = (b + ((t << 20) | (t >>> 12))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0x21e1cde6 + w9) | 0; a = d; d = c; c = b; b = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xc33707d6 + w14) | 0; a = d; d = c; c = b; b = (b + ((t << 9) | (t >>> 23))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xf4d50d87 + w3) | 0; a = d; d = c; c = b; b = (b + ((t << 14) | (t >>> 18))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0x455a14ed + w8) | 0; a = d; d = c; c = b; b = (b + ((t << 20) | (t >>> 12))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xa9e3e905 + w13) | 0; a = d; d = c; c = b; b = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0xfcefa3f8 + w2) | 0; a = d; d = c; c = b; b = (b + ((t << 9) | (t >>> 23))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0x676f02d9 + w7) | 0; a = d; d = c; c = b; b = (b + ((t << 14) | (t >>> 18))) | 0;
  t = (a + (c ^ (d & (b ^ c))) + 0x8d2a4c8a + w12) | 0; a = d; d = c; c = b; b = (b + ((t << 20) | (t >>> 12))) | 0;
  // Round 3.
  t = (a + (b ^ c ^ d) + 0xfffa3942 + w5) | 0; a = d; d = c; c = b; b = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (a + (b ^ c ^ d) + 0x8771f681 + w8) | 0; a = d; d = c; c = b; b = (b + ((t << 11) | (t >>> 21))) | 0;
  t = (a + (b ^ c ^ d) + 0x6d9d6122 + w11) | 0; a = d; d = c; c = b; b = (b + ((t << 16) | (t >>> 16))) | 0;
  t = (a + (b ^ c ^ d) + 0xfde5380c + w14) | 0; a = d; d = c; c = b; b = (b + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (b ^ c ^ d) + 0xa4beea44 + w1) | 0; a = d; d = c; c = b; b = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (a + (b ^ c ^ d) + 0x4bdecfa9 + w4) | 0; a = d; d = c; c = b; b = (b + ((t << 11) | (t >>> 21))) | 0;
  t = (a + (b ^ c ^ d) + 0xf6bb4b60 + w7) | 0; a = d; d = c; c = b; b = (b + ((t << 16) | (t >>> 16))) | 0;
  t = (a + (b ^ c ^ d) + 0xbebfbc70 + w10) | 0; a = d; d = c; c = b; b = (b + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (b ^ c ^ d) + 0x289b7ec6 + w13) | 0; a = d; d = c; c = b; b = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (a + (b ^ c ^ d) + 0xeaa127fa + w0) | 0; a = d; d = c; c = b; b = (b + ((t << 11) | (t >>> 21))) | 0;
  t = (a + (b ^ c ^ d) + 0xd4ef3085 + w3) | 0; a = d; d = c; c = b; b = (b + ((t << 16) | (t >>> 16))) | 0;
  t = (a + (b ^ c ^ d) + 0x04881d05 + w6) | 0; a = d; d = c; c = b; b = (b + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (b ^ c ^ d) + 0xd9d4d039 + w9) | 0; a = d; d = c; c = b; b = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (a + (b ^ c ^ d) + 0xe6db99e5 + w12) | 0; a = d; d = c; c = b; b = (b + ((t << 11) | (t >>> 21))) | 0;
  t = (a + (b ^ c ^ d) + 0x1fa27cf8 + w15) | 0; a = d; d = c; c = b; b = (b + ((t << 16) | (t >>> 16))) | 0;
  t = (a + (b ^ c ^ d) + 0xc4ac5665 + w2) | 0; a = d; d = c; c = b; b = (b + ((t << 23) | (t >>> 9))) | 0;
  // Round 4.
  t = (a + (c ^ (b | ~d)) + 0xf4292244 + w0) | 0; a = d; d = c; c = b; b = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x432aff97 + w7) | 0; a = d; d = c; c = b; b = (b + ((t << 10) | (t >>> 22))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xab9423a7 + w14) | 0; a = d; d = c; c = b; b = (b + ((t << 15) | (t >>> 17))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xfc93a039 + w5) | 0; a = d; d = c; c = b; b = (b + ((t << 21) | (t >>> 11))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x655b59c3 + w12) | 0; a = d; d = c; c = b; b = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x8f0ccc92 + w3) | 0; a = d; d = c; c = b; b = (b + ((t << 10) | (t >>> 22))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xffeff47d + w10) | 0; a = d; d = c; c = b; b = (b + ((t << 15) | (t >>> 17))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x85845dd1 + w1) | 0; a = d; d = c; c = b; b = (b + ((t << 21) | (t >>> 11))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x6fa87e4f + w8) | 0; a = d; d = c; c = b; b = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xfe2ce6e0 + w15) | 0; a = d; d = c; c = b; b = (b + ((t << 10) | (t >>> 22))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xa3014314 + w6) | 0; a = d; d = c; c = b; b = (b + ((t << 15) | (t >>> 17))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x4e0811a1 + w13) | 0; a = d; d = c; c = b; b = (b + ((t << 21) | (t >>> 11))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xf7537e82 + w4) | 0; a = d; d = c; c = b; b = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xbd3af235 + w11) | 0; a = d; d = c; c = b; b = (b + ((t << 10) | (t >>> 22))) | 0;
  t = (a + (c ^ (b | ~d)) + 0x2ad7d2bb + w2) | 0; a = d; d = c; c = b; b = (b + ((t << 15) | (t >>> 17))) | 0;
  t = (a + (c ^ (b | ~d)) + 0xeb86d391 + w9) | 0; a = d; d = c; c = b; b = (b + ((t << 21) | (t >>> 11))) | 0;
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

/**
 * Replaces the 16-byte `digest` with MD5(digest ‖ suffix), `times` times over (0 leaves it as
 * is). The suffix may have any length; past 39 bytes the message takes more than one block.
 */
export function iterateMd5WithSuffix(digest: Uint8Array, suffix: Uint8Array, times: number): void {
  if (digest.length !== DIGEST_BYTES) throw new RangeError(`expected a 16-byte digest, got ${digest.length}`);
  if (times <= 0) return;
  const length = DIGEST_BYTES + suffix.length;
  const blocks = Math.floor((length + 1 + LENGTH_BYTES + BLOCK_BYTES - 1) / BLOCK_BYTES);
  const message = new Int32Array(blocks * 16);
  const orByte = (at: number, byte: number) => (message[at >>> 2]! |= byte << (8 * (at & 3)));
  for (let i = 0; i < DIGEST_BYTES; i++) orByte(i, digest[i]!);
  for (let i = 0; i < suffix.length; i++) orByte(DIGEST_BYTES + i, suffix[i]!);
  orByte(length, PAD_BYTE);
  const bitLength = length * 8;
  message[message.length - 2] = bitLength >>> 0;
  message[message.length - 1] = Math.floor(bitLength / 2 ** 32);

  const state = new Int32Array(4);
  for (let round = 0; round < times; round++) {
    for (let i = 0; i < 4; i++) state[i] = MD5_IV[i]!;
    for (let block = 0; block < blocks; block++) md5Compress(state, message, 16 * block);
    for (let i = 0; i < 4; i++) message[i] = state[i]!;
  }
  for (let i = 0; i < DIGEST_BYTES; i++) digest[i] = message[i >>> 2]! >>> (8 * (i & 3));
}
