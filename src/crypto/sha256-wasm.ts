/**
 * digest ← SHA-256^times(digest) in WebAssembly, for the PKCS#12 KDF's MAC key (10,000 iterations
 * per Java-default load or save: issue 16). The KDF has no native equivalent anywhere (WebCrypto
 * and node:crypto have PBKDF2, not RFC 7292's KDF), and WebAssembly's i32.rotr and register
 * allocation make each compression about 1.3–1.6× faster than the JavaScript one in
 * sha-compress.ts (bench/profile/sha256-iterate.mjs). Portable: where WebAssembly is missing or
 * refused (a CSP without 'wasm-unsafe-eval', a main-thread size limit), {@link sha256Iterator}
 * returns null and the caller keeps the JavaScript loop.
 *
 * The module is generated here, not shipped as opaque bytes: one function `f(times)` over the
 * memory's words 0–7 (the digest as big-endian words), 64 rounds written out with the roles of
 * a…h renamed each round instead of moved (FIPS 180-4 §6.2.2), the message schedule in 16 locals,
 * the one-block padding of a 32-byte message as constants.
 */

import { SHA256_IV, SHA256_K } from "./sha-compress.js";

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** Signed LEB128 of an int32. */
function sleb(value: number): number[] {
  const out: number[] = [];
  for (value |= 0; ; ) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const OP = { get: 0x20, set: 0x21, tee: 0x22, const: 0x41, load: 0x28, store: 0x36, add: 0x6a, sub: 0x6b, and: 0x71, or: 0x72, xor: 0x73, shrU: 0x76, rotr: 0x78, loop: 0x03, brIf: 0x0d, end: 0x0b };

/** The function body: locals 0 = times (parameter), 1–8 = a…h, 9–24 = w0…w15, 25 = T1. */
function body(): number[] {
  const code: number[] = [];
  const get = (local: number) => code.push(OP.get, ...uleb(local));
  const set = (local: number) => code.push(OP.set, ...uleb(local));
  const constant = (value: number) => code.push(OP.const, ...sleb(value));
  const rotr = (local: number, n: number) => (get(local), constant(n), code.push(OP.rotr));
  const shr = (local: number, n: number) => (get(local), constant(n), code.push(OP.shrU));
  const op = (...ops: number[]) => code.push(...ops);
  const state = (k: number) => 1 + k;
  const word = (k: number) => 9 + (k % 16);
  const t1 = 25;

  for (let i = 0; i < 8; i++) (constant(0), op(OP.load, 2, ...uleb(4 * i)), set(word(i)));
  op(OP.loop, 0x40);
  // The block: the digest, then 0x80, zeros and the bit length 256.
  for (let i = 8; i < 16; i++) (constant(i === 8 ? 0x80000000 : i === 15 ? 256 : 0), set(word(i)));
  for (let i = 0; i < 8; i++) (constant(SHA256_IV[i]!), set(state(i)));
  for (let round = 0; round < 64; round++) {
    // Role k (a = 0 … h = 7) of this round lives in local state((k − round) mod 8).
    const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => state((((k - round) % 8) + 8) % 8)) as [number, number, number, number, number, number, number, number];
    if (round >= 16) {
      // W_t = σ1(W_t−2) + W_t−7 + σ0(W_t−15) + W_t−16, into W_t−16's local.
      const w15 = word(round - 15), w2 = word(round - 2);
      get(word(round));
      (rotr(w15, 7), rotr(w15, 18), op(OP.xor), shr(w15, 3), op(OP.xor, OP.add));
      (get(word(round - 7)), op(OP.add));
      (rotr(w2, 17), rotr(w2, 19), op(OP.xor), shr(w2, 10), op(OP.xor, OP.add));
      set(word(round));
    }
    // T1 = h + Σ1(e) + Ch(e, f, g) + K_t + W_t
    (get(h), rotr(e, 6), rotr(e, 11), op(OP.xor), rotr(e, 25), op(OP.xor, OP.add));
    (get(g), get(e), get(f), get(g), op(OP.xor, OP.and, OP.xor, OP.add));
    (constant(SHA256_K[round]!), op(OP.add), get(word(round)), op(OP.add), set(t1));
    // d += T1; h = T1 + Σ0(a) + Maj(a, b, c): h becomes the next round's a, d its e.
    (get(d), get(t1), op(OP.add), set(d));
    (get(t1), rotr(a, 2), rotr(a, 13), op(OP.xor), rotr(a, 22), op(OP.xor, OP.add));
    (get(a), get(b), op(OP.and), get(c), get(a), get(b), op(OP.or, OP.and, OP.or, OP.add), set(h));
  }
  for (let i = 0; i < 8; i++) (get(state(i)), constant(SHA256_IV[i]!), op(OP.add), set(word(i)));
  (get(0), constant(1), op(OP.sub, OP.tee, 0, OP.brIf, 0, OP.end));
  for (let i = 0; i < 8; i++) (constant(0), get(word(i)), op(OP.store, 2, ...uleb(4 * i)));
  op(OP.end);
  return [...uleb(1), ...uleb(25), 0x7f, ...code]; // one group of 25 i32 locals
}

/** The whole module: type (i32) → (), one function, one page of memory, exports "f" and "m". */
export function sha256IterateModule(): Uint8Array<ArrayBuffer> {
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (text: string) => [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
  const code = body();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, 1, 0x7f, 0]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0, 1]])),
    ...section(7, vector([[...name("f"), 0, 0], [...name("m"), 2, 0]])),
    ...section(10, vector([[...uleb(code.length), ...code]])),
  ]);
}

/** Replaces `words` (8 big-endian digest words) with SHA-256 applied `times` ≥ 1 times. */
export type Sha256Iterator = (words: Int32Array, times: number) => void;

interface WasmInstance {
  exports: { f(times: number): void; m: { buffer: ArrayBuffer } };
}
interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object) => WasmInstance;
}

let compiled: Sha256Iterator | null | undefined;
let enabled = true;

/** The WebAssembly iterator, compiled on first use; null where WebAssembly is unavailable or refused. */
export function sha256Iterator(): Sha256Iterator | null {
  if (!enabled) return null;
  if (compiled === undefined) compiled = compileSha256Iterator();
  return compiled;
}

/** Compiles and instantiates the module now; null where WebAssembly is missing or refuses it. */
export function compileSha256Iterator(): Sha256Iterator | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return null;
  try {
    const { exports } = new api.Instance(new api.Module(sha256IterateModule()));
    const memory = new Int32Array(exports.m.buffer, 0, 8);
    return (words, times) => {
      memory.set(words);
      exports.f(times);
      words.set(memory);
    };
  } catch {
    // CompileError under a CSP, RangeError for a synchronous compile a browser refuses: stay on JS.
    return null;
  }
}

/** Turns the WebAssembly path off (false) or back on (true), for tests and benchmarks of both paths. */
export function useSha256Wasm(on: boolean): void {
  enabled = on;
}
