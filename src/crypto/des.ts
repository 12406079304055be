/**
 * DES (FIPS 46-3) and Triple DES / TDEA in EDE form (NIST SP 800-67), with CBC + PKCS#5.
 *
 * Needed by JCEKS (PBEWithMD5AndTripleDES), PKCS#12 (pbeWithSHAAnd3-KeyTripleDES-CBC and the 2-key
 * variant) and BKS sealed entries. The implementation is the classic 32-bit one: the initial and
 * final permutations are done with five masked bit-swaps, and S-boxes + P are merged into eight
 * 64-entry "SP" tables computed from the FIPS tables below on first use (so the constants stay
 * reviewable against the standard instead of being 512 opaque numbers, and importing the library
 * does not pay for them: issue 16).
 */

import { KeystoreError } from "../model/errors.js";
import { type BlockCipher, cbcDecrypt, cbcEncrypt } from "./cbc.js";

// --- FIPS 46-3 tables (1-based bit numbers, bit 1 = most significant) ------------------------

const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
// S1…S8, each 4 rows × 16 columns.
const S = [
  "14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13",
  "15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9",
  "10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12",
  "7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14",
  "2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3",
  "12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13",
  "4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12",
  "13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11",
].map((row) => row.split(" ").map(Number));

/**
 * SP[64·j + v] = P(S_{j+1}(v) placed in output nibble j), for the 6-bit S-box input v
 * (v's top bit is the first expanded bit). One table lookup per S-box per round.
 */
function buildSp(): Int32Array {
  const table = new Int32Array(512);
  for (let j = 0; j < 8; j++) {
    const box = S[j]!;
    for (let v = 0; v < 64; v++) {
      const row = ((v >> 4) & 2) | (v & 1);
      const col = (v >> 1) & 15;
      const nibble = (box[row * 16 + col]! << (28 - 4 * j)) >>> 0;
      let permuted = 0;
      for (let k = 0; k < 32; k++) {
        if ((nibble >>> (32 - P[k]!)) & 1) permuted |= 1 << (31 - k);
      }
      table[64 * j + v] = permuted;
    }
  }
  return table;
}

/** Empty until the first key schedule builds it (every cipher starts with one). */
let SP: Int32Array = new Int32Array(0);
let spBuilds = 0;

/** How many times the SP table was built (for the test that importing builds nothing). */
export function desTableBuilds(): number {
  return spBuilds;
}

/**
 * The 16 round keys of one DES key, two words per round in the layout the round function uses:
 * word 0 holds the 6-bit pieces for S-boxes 1, 3, 5, 7 in its bytes (high to low), word 1 those
 * for S-boxes 2, 4, 6, 8. Parity bits of the key are ignored, as every implementation does.
 */
export function desKeySchedule(key: Uint8Array, decrypt = false): Int32Array {
  if (key.length !== 8) throw new KeystoreError("INVALID_ARGUMENT", `DES key must be 8 bytes, got ${key.length}`);
  if (SP.length === 0) {
    SP = buildSp();
    spBuilds++;
  }
  const bit = (n: number) => ((key[(n - 1) >> 3]! >> (7 - ((n - 1) & 7))) & 1);
  const cd = PC1.map(bit); // C = cd[0..27], D = cd[28..55]
  const out = new Int32Array(32);
  for (let round = 0; round < 16; round++) {
    for (let s = 0; s < SHIFTS[round]!; s++) {
      const c0 = cd[0]!;
      const d0 = cd[28]!;
      for (let i = 0; i < 27; i++) {
        cd[i] = cd[i + 1]!;
        cd[28 + i] = cd[29 + i]!;
      }
      cd[27] = c0;
      cd[55] = d0;
    }
    const chunk = (j: number) => {
      let v = 0;
      for (let i = 0; i < 6; i++) v = (v << 1) | cd[PC2[6 * j + i]! - 1]!;
      return v;
    };
    const slot = decrypt ? 15 - round : round;
    out[2 * slot] = (chunk(0) << 24) | (chunk(2) << 16) | (chunk(4) << 8) | chunk(6);
    out[2 * slot + 1] = (chunk(1) << 24) | (chunk(3) << 16) | (chunk(5) << 8) | chunk(7);
  }
  return out;
}

// Left/right halves shared by the block functions (single-threaded JS, no re-entrancy).
let L = 0;
let R = 0;

/** Initial permutation IP as five masked swaps between the two halves. */
function initialPermutation(): void {
  let t = ((L >>> 4) ^ R) & 0x0f0f0f0f; R ^= t; L ^= t << 4;
  t = ((L >>> 16) ^ R) & 0x0000ffff; R ^= t; L ^= t << 16;
  t = ((R >>> 2) ^ L) & 0x33333333; L ^= t; R ^= t << 2;
  t = ((R >>> 8) ^ L) & 0x00ff00ff; L ^= t; R ^= t << 8;
  t = ((L >>> 1) ^ R) & 0x55555555; R ^= t; L ^= t << 1;
}

/** Final permutation IP⁻¹: the same swaps in reverse order (each swap is its own inverse). */
function finalPermutation(): void {
  let t = ((L >>> 1) ^ R) & 0x55555555; R ^= t; L ^= t << 1;
  t = ((R >>> 8) ^ L) & 0x00ff00ff; L ^= t; R ^= t << 8;
  t = ((R >>> 2) ^ L) & 0x33333333; L ^= t; R ^= t << 2;
  t = ((L >>> 16) ^ R) & 0x0000ffff; R ^= t; L ^= t << 16;
  t = ((L >>> 4) ^ R) & 0x0f0f0f0f; R ^= t; L ^= t << 4;
}

/**
 * The 16 Feistel rounds, ending with the halves exchanged (the "pre-output" R16‖L16). Expansion
 * E is never materialised: rotating R right by 3 lines up the inputs of S1/S3/S5/S7 on byte
 * boundaries and rotating left by 1 those of S2/S4/S6/S8.
 */
function rounds(keys: Int32Array): void {
  let l = L;
  let r = R;
  for (let i = 0; i < 32; i += 2) {
    const x = ((r >>> 3) | (r << 29)) ^ keys[i]!;
    const y = ((r << 1) | (r >>> 31)) ^ keys[i + 1]!;
    const f =
      SP[(x >>> 24) & 63]! | SP[128 + ((x >>> 16) & 63)]! | SP[256 + ((x >>> 8) & 63)]! | SP[384 + (x & 63)]! |
      SP[64 + ((y >>> 24) & 63)]! | SP[192 + ((y >>> 16) & 63)]! | SP[320 + ((y >>> 8) & 63)]! | SP[448 + (y & 63)]!;
    const t = l ^ f;
    l = r;
    r = t;
  }
  L = r;
  R = l;
}

function load(input: Uint8Array, offset: number): void {
  L = (input[offset]! << 24) | (input[offset + 1]! << 16) | (input[offset + 2]! << 8) | input[offset + 3]!;
  R = (input[offset + 4]! << 24) | (input[offset + 5]! << 16) | (input[offset + 6]! << 8) | input[offset + 7]!;
}

function store(output: Uint8Array, offset: number): void {
  output[offset] = L >>> 24; output[offset + 1] = L >>> 16; output[offset + 2] = L >>> 8; output[offset + 3] = L;
  output[offset + 4] = R >>> 24; output[offset + 5] = R >>> 16; output[offset + 6] = R >>> 8; output[offset + 7] = R;
}

/**
 * Runs one block through a sequence of DES passes. IP⁻¹ followed by IP cancels, so Triple DES
 * only permutes once at each end, exactly as the standard's definition allows.
 */
function crypt(schedules: readonly Int32Array[], input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
  load(input, inOffset);
  initialPermutation();
  for (const keys of schedules) rounds(keys);
  finalPermutation();
  store(output, outOffset);
}

/** A keyed single-DES {@link BlockCipher} (8-byte key). */
export function desCipher(key: Uint8Array): BlockCipher {
  const enc = [desKeySchedule(key)];
  const dec = [desKeySchedule(key, true)];
  return {
    blockSize: 8,
    encryptBlock: (i, io, o, oo) => crypt(enc, i, io, o, oo),
    decryptBlock: (i, io, o, oo) => crypt(dec, i, io, o, oo),
  };
}

/**
 * A keyed Triple DES (EDE) {@link BlockCipher}: 24-byte key = K1‖K2‖K3 (keying option 1),
 * 16-byte key = K1‖K2 with K3 = K1 (keying option 2). E = E_K3(D_K2(E_K1(p))).
 */
export function tripleDesCipher(key: Uint8Array): BlockCipher {
  if (key.length !== 24 && key.length !== 16) {
    throw new KeystoreError("INVALID_ARGUMENT", `Triple DES key must be 16 or 24 bytes, got ${key.length}`);
  }
  const k1 = key.subarray(0, 8);
  const k2 = key.subarray(8, 16);
  const k3 = key.length === 24 ? key.subarray(16, 24) : k1;
  const enc = [desKeySchedule(k1), desKeySchedule(k2, true), desKeySchedule(k3)];
  const dec = [desKeySchedule(k3, true), desKeySchedule(k2), desKeySchedule(k1, true)];
  return {
    blockSize: 8,
    encryptBlock: (i, io, o, oo) => crypt(enc, i, io, o, oo),
    decryptBlock: (i, io, o, oo) => crypt(dec, i, io, o, oo),
  };
}

function oneBlock(cipher: BlockCipher, block: Uint8Array, encrypt: boolean): Uint8Array {
  if (block.length !== 8) throw new KeystoreError("INVALID_ARGUMENT", `DES block must be 8 bytes, got ${block.length}`);
  const out = new Uint8Array(8);
  if (encrypt) cipher.encryptBlock(block, 0, out, 0);
  else cipher.decryptBlock(block, 0, out, 0);
  return out;
}

/** DES-encrypts one 8-byte block (ECB). */
export const desEncryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => oneBlock(desCipher(key), block, true);
/** DES-decrypts one 8-byte block (ECB). */
export const desDecryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => oneBlock(desCipher(key), block, false);
/** Triple-DES-encrypts one 8-byte block (ECB); key 16 or 24 bytes. */
export const tripleDesEncryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array =>
  oneBlock(tripleDesCipher(key), block, true);
/** Triple-DES-decrypts one 8-byte block (ECB); key 16 or 24 bytes. */
export const tripleDesDecryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array =>
  oneBlock(tripleDesCipher(key), block, false);

/** DES-CBC with PKCS#5 padding (8-byte key, 8-byte IV). */
export function desCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return cbcEncrypt(desCipher(key), iv, plaintext);
}

/** DES-CBC decryption and PKCS#5 unpadding. @throws PaddingError on a bad pad or length. */
export function desCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return cbcDecrypt(desCipher(key), iv, ciphertext);
}

/** DES-EDE-CBC with PKCS#5 padding (16- or 24-byte key, 8-byte IV). */
export function tripleDesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return cbcEncrypt(tripleDesCipher(key), iv, plaintext);
}

/** DES-EDE-CBC decryption and PKCS#5 unpadding. @throws PaddingError on a bad pad or length. */
export function tripleDesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return cbcDecrypt(tripleDesCipher(key), iv, ciphertext);
}
