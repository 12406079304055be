/**
 * Sun's proprietary `PBEWithMD5AndTripleDES` (OID 1.3.6.1.4.1.42.2.19.1), which JCEKS uses for
 * private keys and sealed secret keys (keystore-formats.md §3.2; source
 * `com/sun/crypto/provider/PBES1Core.java`). Not PKCS#5 PBES1: each salt half is hashed
 * separately, giving 32 bytes = 24-byte DES-EDE3 key ‖ 8-byte IV.
 *
 * The password bytes are the caller's business (§1.2): printable ASCII up to JDK 24, UTF-8 on 25.
 * Default JCEKS iteration counts are 200,000, so the iterations run on MD5's compression function
 * over words (md5-blocks.ts) rather than a general hash object.
 */

import { KeystoreError } from "../model/errors.js";
import { tripleDesCbcDecrypt, tripleDesCbcEncrypt } from "./des.js";
import { HASHES } from "./hash.js";
import { iterateMd5WithSuffix } from "./md5-blocks.js";

/** The derived 3-key Triple DES key (24 bytes) and CBC IV (8 bytes). */
export interface PbeKeyAndIv {
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
}

function checkParameters(salt: Uint8Array, iterations: number): void {
  // Java: "Salt must be 8 bytes long" (PBES1Core); a count of 0 or less is refused too.
  if (salt.length !== 8) throw new KeystoreError("INVALID_ARGUMENT", `PBEWithMD5AndTripleDES salt must be 8 bytes, got ${salt.length}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new KeystoreError("INVALID_ARGUMENT", `PBE iteration count must be a positive integer, got ${iterations}`);
  }
}

const halvesEqual = (salt: Uint8Array) =>
  salt[0] === salt[4] && salt[1] === salt[5] && salt[2] === salt[6] && salt[3] === salt[7];

/**
 * Derives key and IV. If both salt halves are equal, the first half is reversed first (otherwise
 * the two 16-byte halves of the output would be identical); this happens on decryption too.
 */
export function pbeMd5TripleDesDerive(password: Uint8Array, salt: Uint8Array, iterations: number): PbeKeyAndIv {
  checkParameters(salt, iterations);
  const s = salt.slice();
  if (halvesEqual(s)) {
    const [s0, s1, s2, s3] = [s[0]!, s[1]!, s[2]!, s[3]!];
    s[0] = s3; s[1] = s2; s[2] = s1; s[3] = s0;
  }
  const derived = new Uint8Array(32);
  const x = new Uint8Array(16);
  for (let half = 0; half < 2; half++) {
    // x = MD5(h ‖ P), then c − 1 times x = MD5(x ‖ P).
    HASHES.MD5.create().update(s.subarray(4 * half, 4 * half + 4)).update(password).digestInto(x);
    iterateMd5WithSuffix(x, password, iterations - 1);
    derived.set(x, 16 * half);
  }
  return { key: derived.slice(0, 24), iv: derived.slice(24, 32) };
}

/**
 * Encrypts (DES-EDE3-CBC, PKCS#5). Like Java, refuses a salt whose halves are equal and whose
 * first half is a palindrome, where the half-swap rule cannot separate the two key halves.
 */
export function pbeMd5TripleDesEncrypt(password: Uint8Array, salt: Uint8Array, iterations: number, plaintext: Uint8Array): Uint8Array {
  checkParameters(salt, iterations);
  if (halvesEqual(salt) && salt[0] === salt[3] && salt[1] === salt[2]) {
    throw new KeystoreError("INVALID_ARGUMENT", "PBEWithMD5AndTripleDES salt halves are equal and palindromic: choose another salt");
  }
  const { key, iv } = pbeMd5TripleDesDerive(password, salt, iterations);
  return tripleDesCbcEncrypt(key, iv, plaintext);
}

/** Decrypts (DES-EDE3-CBC, PKCS#5). @throws PaddingError when the pad is bad (usually a wrong password). */
export function pbeMd5TripleDesDecrypt(password: Uint8Array, salt: Uint8Array, iterations: number, ciphertext: Uint8Array): Uint8Array {
  const { key, iv } = pbeMd5TripleDesDerive(password, salt, iterations);
  return tripleDesCbcDecrypt(key, iv, ciphertext);
}
