/**
 * Cipher block chaining (NIST SP 800-38A §6.2) with PKCS#5/#7 padding, over any block cipher
 * that can encrypt/decrypt one block in place. DES, Triple DES, RC2 and Twofish share this loop;
 * AES has its own module instead (aes.ts, see aes-cbc.ts).
 */

import { KeystoreError } from "../model/errors.js";
import { assertCiphertextLength, pkcs7Pad, pkcs7Unpad } from "./padding.js";

/**
 * One keyed block cipher. Both functions must allow `input === output` with the same offset
 * (every implementation here reads the whole block into locals before writing).
 */
export interface BlockCipher {
  readonly blockSize: number;
  encryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void;
  decryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void;
}

function checkIv(cipher: BlockCipher, iv: Uint8Array): void {
  if (iv.length !== cipher.blockSize) {
    throw new KeystoreError("INVALID_ARGUMENT", `IV must be ${cipher.blockSize} bytes, got ${iv.length}`);
  }
}

/** Pads `plaintext` (PKCS#7) and encrypts it in CBC mode. Never modifies its inputs. */
export function cbcEncrypt(cipher: BlockCipher, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkIv(cipher, iv);
  const bs = cipher.blockSize;
  const out = pkcs7Pad(plaintext, bs);
  // Chain in place: block_i ^= C_{i-1}, then encrypt it where it lies.
  let prev = iv;
  let prevOffset = 0;
  for (let offset = 0; offset < out.length; offset += bs) {
    for (let i = 0; i < bs; i++) out[offset + i]! ^= prev[prevOffset + i]!;
    cipher.encryptBlock(out, offset, out, offset);
    prev = out;
    prevOffset = offset;
  }
  return out;
}

/**
 * Decrypts CBC ciphertext and strips the PKCS#7 pad.
 * @throws PaddingError when the length is not a positive multiple of the block size or the pad is bad.
 */
export function cbcDecrypt(cipher: BlockCipher, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkIv(cipher, iv);
  const bs = cipher.blockSize;
  assertCiphertextLength(ciphertext.length, bs);
  const out = new Uint8Array(ciphertext.length);
  let prev = iv;
  let prevOffset = 0;
  for (let offset = 0; offset < ciphertext.length; offset += bs) {
    cipher.decryptBlock(ciphertext, offset, out, offset);
    for (let i = 0; i < bs; i++) out[offset + i]! ^= prev[prevOffset + i]!;
    prev = ciphertext;
    prevOffset = offset;
  }
  // Copy so that callers get a tight buffer (byteOffset 0, no pad bytes behind it).
  return pkcs7Unpad(out, bs).slice();
}
