import { oid, octets, integer, sequence } from "../binary/ber.js";
import { fromHex } from "../binary/encoding.js";
import { aesCbcDecrypt } from "../crypto/aes-cbc.js";
import { desCbcDecrypt, tripleDesCbcDecrypt } from "../crypto/des.js";
import { HASHES } from "../crypto/hash.js";
import { PaddingError } from "../crypto/padding.js";
import { rc2CbcDecrypt } from "../crypto/rc2.js";
import { DecryptionFailed, parseEncryptedPrivateKeyInfo, pbeDecrypt } from "../formats/pkcs12/pbe.js";
import { KeystoreError } from "../model/errors.js";
import { checkLimit } from "../model/limits.js";
import { asKeyStructure } from "./private-key-info.js";

/**
 * Decryption of password-protected key files: PKCS#8 `EncryptedPrivateKeyInfo` (PBES2, the
 * PKCS#12 PBE schemes, and PKCS#5 v1.5 PBES1) and OpenSSL's legacy PEM encryption
 * (`Proc-Type: 4,ENCRYPTED` + `DEK-Info`). The ciphers and KDFs are the library's own.
 *
 * A wrong passphrase is WRONG_KEY_PASSWORD. CBC padding lets about one wrong passphrase in 256
 * through; the caller then finds no key structure in the result and reports the same error.
 */

/** The error for a passphrase that does not open the key file. */
export function wrongPassphrase(what: string): KeystoreError {
  return new KeystoreError(
    "WRONG_KEY_PASSWORD",
    `Cannot decrypt the ${what}: the passphrase is wrong (or the file is damaged). Give the passphrase the key was encrypted with (openssl's -passout / -passin)`,
  );
}

/** The error for an encrypted key file read without a passphrase. */
export function passphraseRequired(what: string): KeystoreError {
  return new KeystoreError("PASSWORD_REQUIRED", `The ${what} is encrypted: give its passphrase`);
}

/** PKCS#5 v1.5 PBES1 (RFC 8018 §6.1): PBKDF1 with MD5 or SHA-1, then DES-CBC or RC2-CBC (64-bit). */
const PBES1: Record<string, { hash: "MD5" | "SHA-1"; cipher: "des" | "rc2" }> = {
  "1.2.840.113549.1.5.3": { hash: "MD5", cipher: "des" },
  "1.2.840.113549.1.5.6": { hash: "MD5", cipher: "rc2" },
  "1.2.840.113549.1.5.10": { hash: "SHA-1", cipher: "des" },
  "1.2.840.113549.1.5.11": { hash: "SHA-1", cipher: "rc2" },
};

/**
 * The PKCS#8 `PrivateKeyInfo` inside an `EncryptedPrivateKeyInfo` (not yet checked as a key).
 * WRONG_KEY_PASSWORD when the passphrase is wrong, LIMIT above `maxIterations`.
 */
export function decryptEncryptedPrivateKeyInfo(der: Uint8Array, passphrase: string, maxIterations: number): Uint8Array {
  const { algorithm, data } = asKeyStructure("the EncryptedPrivateKeyInfo", () => parseEncryptedPrivateKeyInfo(der));
  const algorithmOid = asKeyStructure("the key encryption algorithm", () => oid(sequence(algorithm, "the key encryption algorithm")[0], "its OID"));
  const pbes1 = PBES1[algorithmOid];
  try {
    if (!pbes1) return asKeyStructure("the key encryption parameters", () => pbeDecrypt(algorithm, data, passphrase, maxIterations));
    const [saltNode, countNode] = asKeyStructure("the PBES1 parameters", () => sequence(sequence(algorithm, "PBES1")[1], "PBES1 parameters"));
    const salt = octets(saltNode, "the PBES1 salt");
    const iterations = integer(countNode, "the PBES1 iteration count");
    checkLimit(iterations, maxIterations, "the PBES1 iteration count");
    if (salt.length !== 8 || iterations < 1) throw new KeystoreError("MALFORMED", "Malformed private key: PBES1 takes an 8-byte salt and a positive iteration count");
    // PBKDF1: T = H(P ‖ S), then T = H(T), c times in all; key = T[0..8), IV = T[8..16).
    const hash = HASHES[pbes1.hash];
    let t = hash.digest(concat(new TextEncoder().encode(passphrase), salt));
    for (let i = 1; i < iterations; i++) t = hash.digest(t);
    const key = t.subarray(0, 8);
    const iv = t.subarray(8, 16);
    return pbes1.cipher === "des" ? desCbcDecrypt(key, iv, data) : rc2CbcDecrypt(key, iv, data, 64);
  } catch (error) {
    if (error instanceof DecryptionFailed || error instanceof PaddingError) throw wrongPassphrase("encrypted PKCS#8 private key");
    throw error;
  }
}

/** The legacy PEM ciphers OpenSSL writes (`openssl rsa -aes256`, `-des3`, …). */
const LEGACY_CIPHERS: Record<string, { keyLength: number; ivLength: number; decrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array }> = {
  "AES-128-CBC": { keyLength: 16, ivLength: 16, decrypt: aesCbcDecrypt },
  "AES-192-CBC": { keyLength: 24, ivLength: 16, decrypt: aesCbcDecrypt },
  "AES-256-CBC": { keyLength: 32, ivLength: 16, decrypt: aesCbcDecrypt },
  "DES-EDE3-CBC": { keyLength: 24, ivLength: 8, decrypt: tripleDesCbcDecrypt },
  "DES-CBC": { keyLength: 8, ivLength: 8, decrypt: desCbcDecrypt },
};

/**
 * The traditional DER inside a legacy encrypted PEM block. `headers` are the block's
 * `Proc-Type` and `DEK-Info`; the key is OpenSSL's EVP_BytesToKey(MD5, salt = the IV's first 8
 * bytes, one iteration), the passphrase taken as UTF-8 bytes as OpenSSL reads it from a terminal.
 */
export function decryptLegacyPem(headers: ReadonlyMap<string, string>, body: Uint8Array, passphrase: string, label: string): Uint8Array {
  const procType = headers.get("Proc-Type");
  if (procType !== undefined && procType.replace(/\s/g, "") !== "4,ENCRYPTED") {
    throw new KeystoreError("UNSUPPORTED", `Unsupported: PEM "Proc-Type: ${procType}" in the ${label} block (only 4,ENCRYPTED is known)`);
  }
  const dekInfo = headers.get("DEK-Info");
  if (!dekInfo) throw new KeystoreError("MALFORMED", `Malformed PEM: the encrypted ${label} block has no DEK-Info header`);
  const [name = "", ivHex = ""] = dekInfo.split(",").map((part) => part.trim());
  const cipher = LEGACY_CIPHERS[name.toUpperCase()];
  if (!cipher) {
    throw new KeystoreError("UNSUPPORTED", `Unsupported: PEM encryption "${name}"; re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc, or decrypt with openssl pkey`);
  }
  let iv: Uint8Array;
  try {
    iv = fromHex(ivHex);
  } catch {
    throw new KeystoreError("MALFORMED", `Malformed PEM: the DEK-Info IV "${ivHex.slice(0, 40)}" is not hex`);
  }
  if (iv.length !== cipher.ivLength) throw new KeystoreError("MALFORMED", `Malformed PEM: the DEK-Info IV of ${name} must be ${cipher.ivLength} bytes, not ${iv.length}`);
  const key = evpBytesToKey(new TextEncoder().encode(passphrase), iv.subarray(0, 8), cipher.keyLength);
  try {
    return cipher.decrypt(key, iv, body);
  } catch (error) {
    if (error instanceof PaddingError) throw wrongPassphrase(`encrypted ${label}`);
    throw error;
  }
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i−1} ‖ password ‖ salt). */
export function evpBytesToKey(password: Uint8Array, salt: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let filled = 0; filled < length; filled += previous.length) {
    previous = HASHES.MD5.digest(concat(previous, password, salt));
    out.set(previous.subarray(0, length - filled), filled);
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
