/**
 * SHAKE256 (FIPS 202), for the one place that needs SHA-3: the Ed448 public key computed from a
 * PKCS#8 v1 seed (RFC 8032 §5.2.5). Written here rather than imported from @noble/hashes/sha3.js,
 * whose module computes its Keccak constants with BigInt loops at import: every importer of the
 * library paid for them (issue 16), while this file costs nothing until an Ed448 key is compared.
 *
 * Keccak-f[1600] on 25 lanes of 64 bits, each held as two 32-bit halves (`hi`, `lo`), with the
 * round constants and rotation offsets of FIPS 202 §3.2 written out. The tests compare it with
 * @noble/hashes and node:crypto over many lengths.
 */

/** ι's round constants RC[i] (FIPS 202 §3.2.5), high and low halves. */
const RC_HI = Int32Array.of(
  0, 0, 0x80000000, 0x80000000, 0, 0, 0x80000000, 0x80000000, 0, 0, 0, 0,
  0, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0, 0x80000000, 0x80000000, 0x80000000, 0, 0x80000000,
);
const RC_LO = Int32Array.of(
  0x00000001, 0x00008082, 0x0000808a, 0x80008000, 0x0000808b, 0x80000001, 0x80008081, 0x00008009, 0x0000008a, 0x00000088, 0x80008009, 0x8000000a,
  0x8000808b, 0x0000008b, 0x00008089, 0x00008003, 0x00008002, 0x00000080, 0x0000800a, 0x8000000a, 0x80008081, 0x00008080, 0x80000001, 0x80008008,
);
/** ρ's rotation offsets of lane x + 5y (FIPS 202 §3.2.2, table 2). */
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
/** π: lane x + 5y moves to lane y + 5·((2x + 3y) mod 5). */
const PI = RHO.map((_, i) => (i / 5 | 0) + 5 * ((2 * (i % 5) + 3 * (i / 5 | 0)) % 5));

const RATE = 136; // SHAKE256: 1600 − 2·256 bits
const DOMAIN = 0x1f; // SHAKE's suffix 1111, then the first bit of pad10*1

function keccakF(hi: Int32Array, lo: Int32Array): void {
  const cHi = new Int32Array(5), cLo = new Int32Array(5), bHi = new Int32Array(25), bLo = new Int32Array(25);
  for (let round = 0; round < 24; round++) {
    // θ: every lane takes the parity of two neighbouring columns.
    for (let x = 0; x < 5; x++) {
      cHi[x] = hi[x]! ^ hi[x + 5]! ^ hi[x + 10]! ^ hi[x + 15]! ^ hi[x + 20]!;
      cLo[x] = lo[x]! ^ lo[x + 5]! ^ lo[x + 10]! ^ lo[x + 15]! ^ lo[x + 20]!;
    }
    for (let x = 0; x < 5; x++) {
      const nHi = cHi[(x + 1) % 5]!, nLo = cLo[(x + 1) % 5]!;
      const dHi = cHi[(x + 4) % 5]! ^ ((nHi << 1) | (nLo >>> 31));
      const dLo = cLo[(x + 4) % 5]! ^ ((nLo << 1) | (nHi >>> 31));
      for (let y = 0; y < 25; y += 5) {
        hi[x + y]! ^= dHi;
        lo[x + y]! ^= dLo;
      }
    }
    // ρ and π: rotate each lane by its offset into its new place.
    for (let i = 0; i < 25; i++) {
      const n = RHO[i]!, h = hi[i]!, l = lo[i]!, to = PI[i]!;
      if (n === 0) {
        bHi[to] = h;
        bLo[to] = l;
      } else if (n < 32) {
        bHi[to] = (h << n) | (l >>> (32 - n));
        bLo[to] = (l << n) | (h >>> (32 - n));
      } else if (n === 32) {
        bHi[to] = l;
        bLo[to] = h;
      } else {
        bHi[to] = (l << (n - 32)) | (h >>> (64 - n));
        bLo[to] = (h << (n - 32)) | (l >>> (64 - n));
      }
    }
    // χ, then ι.
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const a = x + y, b = ((x + 1) % 5) + y, c = ((x + 2) % 5) + y;
        hi[a] = bHi[a]! ^ (~bHi[b]! & bHi[c]!);
        lo[a] = bLo[a]! ^ (~bLo[b]! & bLo[c]!);
      }
    }
    hi[0]! ^= RC_HI[round]!;
    lo[0]! ^= RC_LO[round]!;
  }
}

/** XORs byte `i` of the state (lanes little-endian) with `value`. */
function xorByte(hi: Int32Array, lo: Int32Array, i: number, value: number): void {
  const lane = i >>> 3, shift = 8 * (i & 3);
  if (i & 4) hi[lane]! ^= value << shift;
  else lo[lane]! ^= value << shift;
}

function stateByte(hi: Int32Array, lo: Int32Array, i: number): number {
  const lane = i >>> 3, shift = 8 * (i & 3);
  return ((i & 4 ? hi[lane]! : lo[lane]!) >>> shift) & 0xff;
}

/** SHAKE256(`data`, `length` bytes). */
export function shake256(data: Uint8Array, length: number): Uint8Array {
  const hi = new Int32Array(25), lo = new Int32Array(25);
  let at = 0;
  for (; at + RATE <= data.length; at += RATE) {
    for (let i = 0; i < RATE; i++) xorByte(hi, lo, i, data[at + i]!);
    keccakF(hi, lo);
  }
  for (let i = 0; at + i < data.length; i++) xorByte(hi, lo, i, data[at + i]!);
  xorByte(hi, lo, data.length - at, DOMAIN);
  xorByte(hi, lo, RATE - 1, 0x80);
  keccakF(hi, lo);
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += RATE) {
    if (offset > 0) keccakF(hi, lo);
    for (let i = 0; i < RATE && offset + i < length; i++) out[offset + i] = stateByte(hi, lo, i);
  }
  return out;
}
