/**
 * AES-CBC with PKCS#7 padding (PBES2 in PKCS#12 and JCEKS/PKCS#8 keys): the platform's AES when
 * an adapter installed one, else our own (aes.ts, tables built on first use). The padding layer
 * is padding.ts, so a bad pad or length surfaces as the same {@link PaddingError} every other
 * cipher here throws.
 */

import { aesCbcRaw } from "./aes.js";
import { KeystoreError } from "../model/errors.js";
import { assertCiphertextLength, pkcs7Pad, pkcs7Unpad } from "./padding.js";

/**
 * Raw AES-CBC without padding from the platform, which a platform adapter may install (the Node
 * adapter installs node:crypto's, about forty times faster on large PKCS#12 safes).
 */
export interface NativeAesCbc {
  encrypt(key: Uint8Array, iv: Uint8Array, padded: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

let native: NativeAesCbc | null = null;

/** Installs (or, with null, removes) the native AES-CBC used by {@link aesCbcEncrypt} / {@link aesCbcDecrypt}. */
export function setNativeAesCbc(implementation: NativeAesCbc | null): void {
  native = implementation;
}

function checkParams(key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new KeystoreError("INVALID_ARGUMENT", `AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
  if (iv.length !== 16) throw new KeystoreError("INVALID_ARGUMENT", `AES-CBC IV must be 16 bytes, got ${iv.length}`);
}

/** AES-CBC encryption with PKCS#7 padding (key 16/24/32 bytes, IV 16 bytes). */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkParams(key, iv);
  const padded = pkcs7Pad(plaintext, 16);
  return native ? native.encrypt(key, iv, padded) : aesCbcRaw(key, iv, padded, true);
}

/** AES-CBC decryption and PKCS#7 unpadding. @throws PaddingError on a bad pad or length. */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkParams(key, iv);
  assertCiphertextLength(ciphertext.length, 16);
  const padded = native ? native.decrypt(key, iv, ciphertext) : aesCbcRaw(key, iv, ciphertext, false);
  // A view, not a copy: a 50,000-certificate PKCS#12 safe is tens of megabytes.
  return pkcs7Unpad(padded, 16);
}
