/**
 * Twofish (Schneier, Kelsey, Whiting, Wagner, Hall, Ferguson, 1998) with 128-, 192- and 256-bit
 * keys, and Twofish-CBC with PKCS#7 padding.
 *
 * Needed only to read BouncyCastle UBER keystores (PBEWithSHAAndTwofish-CBC, 256-bit key). The
 * fixed permutations q0/q1 are built from the paper's 4-bit tables, and at key setup the
 * key-dependent S-boxes are folded together with the MDS matrix into four 256-word tables
 * ("full keying"), so g() costs four lookups.
 */

import { KeystoreError } from "../model/errors.js";
import { type BlockCipher, cbcDecrypt, cbcEncrypt } from "./cbc.js";

// --- Fixed tables (paper §4.3.5 and §4.3.2) ---------------------------------------------------

const Q_TABLES = [
  // q0: t0, t1, t2, t3
  [
    [0x8, 0x1, 0x7, 0xd, 0x6, 0xf, 0x3, 0x2, 0x0, 0xb, 0x5, 0x9, 0xe, 0xc, 0xa, 0x4],
    [0xe, 0xc, 0xb, 0x8, 0x1, 0x2, 0x3, 0x5, 0xf, 0x4, 0xa, 0x6, 0x7, 0x0, 0x9, 0xd],
    [0xb, 0xa, 0x5, 0xe, 0x6, 0xd, 0x9, 0x0, 0xc, 0x8, 0xf, 0x3, 0x2, 0x4, 0x7, 0x1],
    [0xd, 0x7, 0xf, 0x4, 0x1, 0x2, 0x6, 0xe, 0x9, 0xb, 0x3, 0x0, 0x8, 0x5, 0xc, 0xa],
  ],
  // q1: t0, t1, t2, t3
  [
    [0x2, 0x8, 0xb, 0xd, 0xf, 0x7, 0x6, 0xe, 0x3, 0x1, 0x9, 0x4, 0x0, 0xa, 0xc, 0x5],
    [0x1, 0xe, 0x2, 0xb, 0x4, 0xc, 0x3, 0x7, 0x6, 0xd, 0xa, 0x5, 0xf, 0x9, 0x0, 0x8],
    [0x4, 0xc, 0x7, 0x5, 0x1, 0x6, 0x9, 0xa, 0x0, 0xe, 0xd, 0x8, 0x2, 0xb, 0x3, 0xf],
    [0xb, 0x9, 0x5, 0x1, 0xc, 0x3, 0xd, 0xe, 0x6, 0x4, 0x7, 0xf, 0x2, 0x0, 0x8, 0xa],
  ],
];

/** The byte permutation q built from four nibble S-boxes (paper §4.3.5). */
function buildQ(t: number[][]): Uint8Array {
  const ror4 = (x: number) => ((x >> 1) | (x << 3)) & 15;
  const q = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    let a = x >> 4;
    let b = x & 15;
    for (let step = 0; step < 2; step++) {
      const a1 = a ^ b;
      const b1 = (a ^ ror4(b) ^ (8 * a)) & 15;
      a = t[2 * step]![a1]!;
      b = t[2 * step + 1]![b1]!;
    }
    q[x] = (b << 4) | a;
  }
  return q;
}

// q0, q1 and the MDS columns are built on the first key setup, not at import (issue 16: every
// importer of the library would pay for them, and only UBER stores need Twofish).
let Q0: Uint8Array = new Uint8Array(0);
let Q1: Uint8Array = new Uint8Array(0);
let MDS_COLUMNS: Uint32Array[] = [];

let fixedTableBuilds = 0;

/** How many times the fixed tables were built (for the test that importing builds nothing). */
export function twofishTableBuilds(): number {
  return fixedTableBuilds;
}

function buildFixedTables(): void {
  fixedTableBuilds++;
  Q0 = buildQ(Q_TABLES[0]!);
  Q1 = buildQ(Q_TABLES[1]!);
  MDS_COLUMNS = buildMdsColumns();
}

/** Multiplication in GF(2^8) modulo the given degree-8 polynomial. */
function gfMul(a: number, b: number, poly: number): number {
  let result = 0;
  while (b > 0) {
    if (b & 1) result ^= a;
    a <<= 1;
    if (a & 0x100) a ^= poly;
    b >>= 1;
  }
  return result;
}

/** MDS matrix (GF(2^8) mod x^8+x^6+x^5+x^3+1 = 0x169), columns pre-multiplied into words. */
const MDS = [
  [0x01, 0xef, 0x5b, 0x5b],
  [0x5b, 0xef, 0xef, 0x01],
  [0xef, 0x5b, 0x01, 0xef],
  [0xef, 0x01, 0xef, 0x5b],
];
function buildMdsColumns(): Uint32Array[] {
  return [0, 1, 2, 3].map((col) => {
    const table = new Uint32Array(256);
    for (let x = 0; x < 256; x++) {
      let word = 0;
      for (let row = 0; row < 4; row++) word |= gfMul(x, MDS[row]![col]!, 0x169) << (8 * row);
      table[x] = word >>> 0;
    }
    return table;
  });
}

/** RS matrix (GF(2^8) mod x^8+x^6+x^3+x^2+1 = 0x14d), which derives the S-box key words. */
const RS = [
  [0x01, 0xa4, 0x55, 0x87, 0x5a, 0x58, 0xdb, 0x9e],
  [0xa4, 0x56, 0x82, 0xf3, 0x1e, 0xc6, 0x68, 0xe5],
  [0x02, 0xa1, 0xfc, 0xc1, 0x47, 0xae, 0x3d, 0x19],
  [0xa4, 0x55, 0x87, 0x5a, 0x58, 0xdb, 0x9e, 0x03],
];

/**
 * The q-box chain of h() for byte position `pos` (paper figure 2): for k = 4 and 3 the extra
 * stages come first, then the two stages every key size has. `l` = (L0, …, L(k−1)).
 */
function qChain(pos: number, x: number, l: readonly number[]): number {
  const byte = (word: number) => (word >>> (8 * pos)) & 0xff;
  const k = l.length;
  let y = x;
  if (k === 4) y = (pos === 0 || pos === 3 ? Q1 : Q0)[y]! ^ byte(l[3]!);
  if (k >= 3) y = (pos <= 1 ? Q1 : Q0)[y]! ^ byte(l[2]!);
  // Final two stages: pos 0: q1(q0(q0(y)^l1)^l0), 1: q0(q0(q1(y)^l1)^l0),
  //                   pos 2: q1(q1(q0(y)^l1)^l0), 3: q0(q1(q1(y)^l1)^l0).
  const first = pos === 0 || pos === 2 ? Q0 : Q1;
  const second = pos <= 1 ? Q0 : Q1;
  const third = pos === 0 || pos === 2 ? Q1 : Q0;
  return third[second[first[y]! ^ byte(l[1]!)]! ^ byte(l[0]!)]!;
}

function h(x: number, l: readonly number[]): number {
  let result = 0;
  for (let pos = 0; pos < 4; pos++) result ^= MDS_COLUMNS[pos]![qChain(pos, (x >>> (8 * pos)) & 0xff, l)]!;
  return result >>> 0;
}

const rol = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const ror = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const readLE = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
function writeLE(b: Uint8Array, o: number, v: number): void {
  b[o] = v; b[o + 1] = v >>> 8; b[o + 2] = v >>> 16; b[o + 3] = v >>> 24;
}

/** A keyed Twofish {@link BlockCipher} (16-byte blocks; key 16, 24 or 32 bytes). */
export function twofishCipher(key: Uint8Array): BlockCipher {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new KeystoreError("INVALID_ARGUMENT", `Twofish key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
  if (Q0.length === 0) buildFixedTables();
  const k = key.length / 8;
  const me: number[] = [];
  const mo: number[] = [];
  const sKey: number[] = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    me.push(readLE(key, 8 * i));
    mo.push(readLE(key, 8 * i + 4));
    let s = 0;
    for (let row = 0; row < 4; row++) {
      let acc = 0;
      for (let col = 0; col < 8; col++) acc ^= gfMul(key[8 * i + col]!, RS[row]![col]!, 0x14d);
      s |= acc << (8 * row);
    }
    sKey[k - 1 - i] = s; // S = (S_{k-1}, …, S_0)
  }
  // 40 round subkeys (paper §4.3.7): a PHT of h(2iρ, Me) and ROL(h((2i+1)ρ, Mo), 8).
  const subkeys = new Int32Array(40);
  for (let i = 0; i < 20; i++) {
    const a = h(Math.imul(2 * i, 0x01010101), me);
    const b = rol(h(Math.imul(2 * i + 1, 0x01010101), mo), 8);
    subkeys[2 * i] = a + b;
    subkeys[2 * i + 1] = rol((a + 2 * b) | 0, 9);
  }
  // Full keying: g(X) = S0[x0] ^ S1[x1] ^ S2[x2] ^ S3[x3].
  const [s0, s1, s2, s3] = [0, 1, 2, 3].map((pos) => {
    const table = new Int32Array(256);
    for (let x = 0; x < 256; x++) table[x] = MDS_COLUMNS[pos]![qChain(pos, x, sKey)]!;
    return table;
  }) as [Int32Array, Int32Array, Int32Array, Int32Array];
  const g = (x: number) => s0[x & 0xff]! ^ s1[(x >>> 8) & 0xff]! ^ s2[(x >>> 16) & 0xff]! ^ s3[x >>> 24]!;
  const K = subkeys;

  return {
    blockSize: 16,
    encryptBlock(input, io, output, oo) {
      let x0 = readLE(input, io) ^ K[0]!;
      let x1 = readLE(input, io + 4) ^ K[1]!;
      let x2 = readLE(input, io + 8) ^ K[2]!;
      let x3 = readLE(input, io + 12) ^ K[3]!;
      for (let r = 0; r < 16; r += 2) {
        let t0 = g(x0);
        let t1 = g(rol(x1, 8));
        x2 = ror(x2 ^ ((t0 + t1 + K[2 * r + 8]!) | 0), 1);
        x3 = rol(x3, 1) ^ ((t0 + 2 * t1 + K[2 * r + 9]!) | 0);
        t0 = g(x2);
        t1 = g(rol(x3, 8));
        x0 = ror(x0 ^ ((t0 + t1 + K[2 * r + 10]!) | 0), 1);
        x1 = rol(x1, 1) ^ ((t0 + 2 * t1 + K[2 * r + 11]!) | 0);
      }
      // The last round's swap is undone: output words are (R2, R3, R0, R1) whitened with K4…K7.
      writeLE(output, oo, x2 ^ K[4]!);
      writeLE(output, oo + 4, x3 ^ K[5]!);
      writeLE(output, oo + 8, x0 ^ K[6]!);
      writeLE(output, oo + 12, x1 ^ K[7]!);
    },
    decryptBlock(input, io, output, oo) {
      let x2 = readLE(input, io) ^ K[4]!;
      let x3 = readLE(input, io + 4) ^ K[5]!;
      let x0 = readLE(input, io + 8) ^ K[6]!;
      let x1 = readLE(input, io + 12) ^ K[7]!;
      for (let r = 14; r >= 0; r -= 2) {
        let t0 = g(x2);
        let t1 = g(rol(x3, 8));
        x0 = rol(x0, 1) ^ ((t0 + t1 + K[2 * r + 10]!) | 0);
        x1 = ror(x1 ^ ((t0 + 2 * t1 + K[2 * r + 11]!) | 0), 1);
        t0 = g(x0);
        t1 = g(rol(x1, 8));
        x2 = rol(x2, 1) ^ ((t0 + t1 + K[2 * r + 8]!) | 0);
        x3 = ror(x3 ^ ((t0 + 2 * t1 + K[2 * r + 9]!) | 0), 1);
      }
      writeLE(output, oo, x0 ^ K[0]!);
      writeLE(output, oo + 4, x1 ^ K[1]!);
      writeLE(output, oo + 8, x2 ^ K[2]!);
      writeLE(output, oo + 12, x3 ^ K[3]!);
    },
  };
}

function oneBlock(cipher: BlockCipher, block: Uint8Array, encrypt: boolean): Uint8Array {
  if (block.length !== 16) throw new KeystoreError("INVALID_ARGUMENT", `Twofish block must be 16 bytes, got ${block.length}`);
  const out = new Uint8Array(16);
  if (encrypt) cipher.encryptBlock(block, 0, out, 0);
  else cipher.decryptBlock(block, 0, out, 0);
  return out;
}

/** Twofish-encrypts one 16-byte block (ECB). */
export const twofishEncryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => oneBlock(twofishCipher(key), block, true);
/** Twofish-decrypts one 16-byte block (ECB). */
export const twofishDecryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => oneBlock(twofishCipher(key), block, false);

/** Twofish-CBC with PKCS#7 padding (16-byte IV). */
export function twofishCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return cbcEncrypt(twofishCipher(key), iv, plaintext);
}

/** Twofish-CBC decryption and PKCS#7 unpadding. @throws PaddingError on a bad pad or length. */
export function twofishCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return cbcDecrypt(twofishCipher(key), iv, ciphertext);
}
