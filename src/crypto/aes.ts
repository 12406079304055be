/**
 * AES (FIPS-197) in CBC mode without padding, for runtimes without a native AES (padding and
 * argument checks: aes-cbc.ts). T-table implementation; the tables (8 KB) are built on the first
 * use, not when the module is loaded: a JKS read or `keystorekit list` must not pay for them, as
 * it did with @noble/ciphers, whose aes.js builds its tables at import (issue 16).
 */

interface Tables {
  sbox: Uint8Array;
  invSbox: Uint8Array;
  /** Encryption rounds: SubBytes + ShiftRows + MixColumns as four rotated word tables. */
  te: [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  /** Decryption rounds (inverse operations). */
  td: [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
}

let tables: Tables | null = null;
let tableBuilds = 0;

/** How many times the tables were built (0 until the first encryption or decryption; then 1). */
export function aesTableBuilds(): number {
  return tableBuilds;
}

const rotr8 = (word: number): number => ((word >>> 8) | (word << 24)) >>> 0;

function buildTables(): Tables {
  tableBuilds++;
  // GF(2^8) exp/log tables with the generator 3 (x + 1).
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0);
  }
  const mul = (a: number, b: number): number => (a && b ? exp[(log[a]! + log[b]!) % 255]! : 0);
  const sbox = new Uint8Array(256);
  const invSbox = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    const inverse = i === 0 ? 0 : exp[(255 - log[i]!) % 255]!;
    let s = inverse;
    for (let shift = 1; shift <= 4; shift++) s ^= ((inverse << shift) | (inverse >>> (8 - shift))) & 0xff;
    s ^= 0x63;
    sbox[i] = s;
    invSbox[s] = i;
  }
  const te = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)] as Tables["te"];
  const td = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)] as Tables["td"];
  for (let i = 0; i < 256; i++) {
    const s = sbox[i]!;
    const v = invSbox[i]!;
    let e = ((mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3)) >>> 0;
    let d = ((mul(v, 14) << 24) | (mul(v, 9) << 16) | (mul(v, 13) << 8) | mul(v, 11)) >>> 0;
    for (let t = 0; t < 4; t++) {
      te[t]![i] = e;
      td[t]![i] = d;
      e = rotr8(e);
      d = rotr8(d);
    }
  }
  return { sbox, invSbox, te, td };
}

/** The round keys for encryption (FIPS-197 5.2) and for the equivalent inverse cipher (5.3.5). */
function expandKey(key: Uint8Array, t: Tables): { enc: Uint32Array; dec: Uint32Array; rounds: number } {
  const nk = key.length / 4;
  const rounds = nk + 6;
  const total = 4 * (rounds + 1);
  const enc = new Uint32Array(total);
  for (let i = 0; i < nk; i++) enc[i] = ((key[4 * i]! << 24) | (key[4 * i + 1]! << 16) | (key[4 * i + 2]! << 8) | key[4 * i + 3]!) >>> 0;
  const sub = (w: number) => ((t.sbox[w >>> 24]! << 24) | (t.sbox[(w >>> 16) & 0xff]! << 16) | (t.sbox[(w >>> 8) & 0xff]! << 8) | t.sbox[w & 0xff]!) >>> 0;
  let rcon = 1;
  for (let i = nk; i < total; i++) {
    let w = enc[i - 1]!;
    if (i % nk === 0) {
      w = (sub(((w << 8) | (w >>> 24)) >>> 0) ^ (rcon << 24)) >>> 0;
      rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0);
    } else if (nk > 6 && i % nk === 4) w = sub(w);
    enc[i] = (enc[i - nk]! ^ w) >>> 0;
  }
  const dec = new Uint32Array(total);
  for (let round = 0; round <= rounds; round++) {
    for (let j = 0; j < 4; j++) {
      const w = enc[4 * (rounds - round) + j]!;
      // InvMixColumns of the middle round keys: td[k][sbox[b]] is the inverse column of b.
      dec[4 * round + j] =
        round === 0 || round === rounds
          ? w
          : (t.td[0][t.sbox[w >>> 24]!]! ^ t.td[1][t.sbox[(w >>> 16) & 0xff]!]! ^ t.td[2][t.sbox[(w >>> 8) & 0xff]!]! ^ t.td[3][t.sbox[w & 0xff]!]!) >>> 0;
    }
  }
  return { enc, dec, rounds };
}

const readWord = (bytes: Uint8Array, at: number): number => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word >>> 24;
  bytes[at + 1] = word >>> 16;
  bytes[at + 2] = word >>> 8;
  bytes[at + 3] = word;
}

/** One block forward (FIPS-197 5.1) in place: `s` holds the four state words. */
function encryptBlock(s: Uint32Array, rk: Uint32Array, rounds: number, t: Tables): void {
  const [T0, T1, T2, T3] = t.te;
  const box = t.sbox;
  let s0 = s[0]! ^ rk[0]!;
  let s1 = s[1]! ^ rk[1]!;
  let s2 = s[2]! ^ rk[2]!;
  let s3 = s[3]! ^ rk[3]!;
  let k = 4;
  for (let round = 1; round < rounds; round++, k += 4) {
    // ShiftRows: row r of column c comes from column c + r.
    const t0 = T0[s0 >>> 24]! ^ T1[(s1 >>> 16) & 0xff]! ^ T2[(s2 >>> 8) & 0xff]! ^ T3[s3 & 0xff]! ^ rk[k]!;
    const t1 = T0[s1 >>> 24]! ^ T1[(s2 >>> 16) & 0xff]! ^ T2[(s3 >>> 8) & 0xff]! ^ T3[s0 & 0xff]! ^ rk[k + 1]!;
    const t2 = T0[s2 >>> 24]! ^ T1[(s3 >>> 16) & 0xff]! ^ T2[(s0 >>> 8) & 0xff]! ^ T3[s1 & 0xff]! ^ rk[k + 2]!;
    const t3 = T0[s3 >>> 24]! ^ T1[(s0 >>> 16) & 0xff]! ^ T2[(s1 >>> 8) & 0xff]! ^ T3[s2 & 0xff]! ^ rk[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  s[0] = ((box[s0 >>> 24]! << 24) | (box[(s1 >>> 16) & 0xff]! << 16) | (box[(s2 >>> 8) & 0xff]! << 8) | box[s3 & 0xff]!) ^ rk[k]!;
  s[1] = ((box[s1 >>> 24]! << 24) | (box[(s2 >>> 16) & 0xff]! << 16) | (box[(s3 >>> 8) & 0xff]! << 8) | box[s0 & 0xff]!) ^ rk[k + 1]!;
  s[2] = ((box[s2 >>> 24]! << 24) | (box[(s3 >>> 16) & 0xff]! << 16) | (box[(s0 >>> 8) & 0xff]! << 8) | box[s1 & 0xff]!) ^ rk[k + 2]!;
  s[3] = ((box[s3 >>> 24]! << 24) | (box[(s0 >>> 16) & 0xff]! << 16) | (box[(s1 >>> 8) & 0xff]! << 8) | box[s2 & 0xff]!) ^ rk[k + 3]!;
}

/** One block backward (the equivalent inverse cipher, FIPS-197 5.3.5) in place. */
function decryptBlock(s: Uint32Array, rk: Uint32Array, rounds: number, t: Tables): void {
  const [T0, T1, T2, T3] = t.td;
  const box = t.invSbox;
  let s0 = s[0]! ^ rk[0]!;
  let s1 = s[1]! ^ rk[1]!;
  let s2 = s[2]! ^ rk[2]!;
  let s3 = s[3]! ^ rk[3]!;
  let k = 4;
  for (let round = 1; round < rounds; round++, k += 4) {
    // InvShiftRows: row r of column c comes from column c - r.
    const t0 = T0[s0 >>> 24]! ^ T1[(s3 >>> 16) & 0xff]! ^ T2[(s2 >>> 8) & 0xff]! ^ T3[s1 & 0xff]! ^ rk[k]!;
    const t1 = T0[s1 >>> 24]! ^ T1[(s0 >>> 16) & 0xff]! ^ T2[(s3 >>> 8) & 0xff]! ^ T3[s2 & 0xff]! ^ rk[k + 1]!;
    const t2 = T0[s2 >>> 24]! ^ T1[(s1 >>> 16) & 0xff]! ^ T2[(s0 >>> 8) & 0xff]! ^ T3[s3 & 0xff]! ^ rk[k + 2]!;
    const t3 = T0[s3 >>> 24]! ^ T1[(s2 >>> 16) & 0xff]! ^ T2[(s1 >>> 8) & 0xff]! ^ T3[s0 & 0xff]! ^ rk[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  s[0] = ((box[s0 >>> 24]! << 24) | (box[(s3 >>> 16) & 0xff]! << 16) | (box[(s2 >>> 8) & 0xff]! << 8) | box[s1 & 0xff]!) ^ rk[k]!;
  s[1] = ((box[s1 >>> 24]! << 24) | (box[(s0 >>> 16) & 0xff]! << 16) | (box[(s3 >>> 8) & 0xff]! << 8) | box[s2 & 0xff]!) ^ rk[k + 1]!;
  s[2] = ((box[s2 >>> 24]! << 24) | (box[(s1 >>> 16) & 0xff]! << 16) | (box[(s0 >>> 8) & 0xff]! << 8) | box[s3 & 0xff]!) ^ rk[k + 2]!;
  s[3] = ((box[s3 >>> 24]! << 24) | (box[(s2 >>> 16) & 0xff]! << 16) | (box[(s1 >>> 8) & 0xff]! << 8) | box[s0 & 0xff]!) ^ rk[k + 3]!;
}

/** AES-CBC over whole blocks (the caller pads and checks lengths). */
export function aesCbcRaw(key: Uint8Array, iv: Uint8Array, input: Uint8Array, encrypt: boolean): Uint8Array {
  const t = (tables ??= buildTables());
  const { enc, dec, rounds } = expandKey(key, t);
  const out = new Uint8Array(input.length);
  const state = new Uint32Array(4);
  let c0 = readWord(iv, 0);
  let c1 = readWord(iv, 4);
  let c2 = readWord(iv, 8);
  let c3 = readWord(iv, 12);
  for (let at = 0; at < input.length; at += 16) {
    const w0 = readWord(input, at);
    const w1 = readWord(input, at + 4);
    const w2 = readWord(input, at + 8);
    const w3 = readWord(input, at + 12);
    if (encrypt) {
      state[0] = w0 ^ c0;
      state[1] = w1 ^ c1;
      state[2] = w2 ^ c2;
      state[3] = w3 ^ c3;
      encryptBlock(state, enc, rounds, t);
      [c0, c1, c2, c3] = [state[0]!, state[1]!, state[2]!, state[3]!];
      writeWord(out, at, c0);
      writeWord(out, at + 4, c1);
      writeWord(out, at + 8, c2);
      writeWord(out, at + 12, c3);
    } else {
      state[0] = w0;
      state[1] = w1;
      state[2] = w2;
      state[3] = w3;
      decryptBlock(state, dec, rounds, t);
      writeWord(out, at, state[0]! ^ c0);
      writeWord(out, at + 4, state[1]! ^ c1);
      writeWord(out, at + 8, state[2]! ^ c2);
      writeWord(out, at + 12, state[3]! ^ c3);
      c0 = w0;
      c1 = w1;
      c2 = w2;
      c3 = w3;
    }
  }
  return out;
}
