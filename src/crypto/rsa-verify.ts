import { DER_NULL, derOctetString, derOid, derSequence } from "../binary/der.js";
import type { HashAlgorithm } from "./hash.js";

/**
 * RSA signature verification (RFC 8017) in plain BigInt arithmetic, for runtimes without
 * WebCrypto (browser pages served over plain HTTP have no `crypto.subtle`). Verification only
 * uses public values, so it needs no constant-time care; it needs exactness, so every encoding is
 * compared byte for byte rather than parsed.
 */

/** An RSA public key: modulus and public exponent. */
export interface RsaPublicKey {
  n: bigint;
  e: bigint;
}

/** RSASSA-PKCS1-v1_5 verification (RFC 8017 8.2.2): true when `signature` signs `message` under `key`. */
export function verifyRsaPkcs1(key: RsaPublicKey, hash: HashAlgorithm, message: Uint8Array, signature: Uint8Array): boolean {
  const k = byteLength(key.n);
  // Java (RSASignature) and OpenSSL both insist on a signature exactly as long as the modulus.
  if (signature.length !== k) return false;
  const em = openSignature(key, signature, k);
  if (!em) return false;
  const digest = hash.digest(message);
  // DigestInfo with NULL parameters, as RFC 8017 prescribes, or without them, as RFC 4055 allows
  // and some old signers wrote; both are unambiguous.
  return [true, false].some((withNull) => equalBytes(em, pkcs1Encoding(hash, digest, withNull, k)));
}

/** RSASSA-PSS verification (RFC 8017 8.1.2 and 9.1.2) with MGF1; `saltLength` is the signer's, as the parameters say. */
export function verifyRsaPss(key: RsaPublicKey, hash: HashAlgorithm, mgfHash: HashAlgorithm, saltLength: number, message: Uint8Array, signature: Uint8Array): boolean {
  const k = byteLength(key.n);
  if (signature.length !== k) return false;
  const modBits = bitLength(key.n);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const decoded = openSignature(key, signature, k);
  if (!decoded) return false;
  // I2OSP(m, emLen): when emLen < k the leading byte must be zero.
  if (decoded.subarray(0, k - emLen).some((b) => b !== 0)) return false;
  const em = decoded.subarray(k - emLen);
  const hLen = hash.outputLength;
  if (saltLength < 0 || emLen < hLen + saltLength + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const unusedBits = 8 * emLen - emBits;
  const topMask = 0xff >> unusedBits;
  if ((maskedDb[0]! & ~topMask) !== 0) return false;
  const db = mgf1(mgfHash, h, maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  const psLength = emLen - hLen - saltLength - 2;
  if (db.subarray(0, psLength).some((b) => b !== 0) || db[psLength] !== 0x01) return false;
  const salt = db.subarray(psLength + 1);
  const mPrime = new Uint8Array(8 + hLen + salt.length);
  mPrime.set(hash.digest(message), 8);
  mPrime.set(salt, 8 + hLen);
  return equalBytes(h, hash.digest(mPrime));
}

/** RSAVP1 and I2OSP: the k-byte encoded message inside `signature`, or null when s ≥ n. */
function openSignature(key: RsaPublicKey, signature: Uint8Array, k: number): Uint8Array | null {
  if (key.n <= 0n || key.e <= 0n) return null;
  const s = toBigInt(signature);
  if (s >= key.n) return null;
  return toBytes(modPow(s, key.e, key.n), k);
}

/** EMSA-PKCS1-v1_5: 00 01 FF…FF 00 DigestInfo, k bytes long (or empty when k is too small). */
function pkcs1Encoding(hash: HashAlgorithm, digest: Uint8Array, withNull: boolean, k: number): Uint8Array {
  const algorithm = withNull ? derSequence(derOid(hash.oid), DER_NULL) : derSequence(derOid(hash.oid));
  const digestInfo = derSequence(algorithm, derOctetString(digest));
  if (k < digestInfo.length + 11) return new Uint8Array(0);
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - digestInfo.length - 1] = 0x00;
  em.set(digestInfo, k - digestInfo.length);
  return em;
}

/** MGF1 (RFC 8017 B.2.1). */
function mgf1(hash: HashAlgorithm, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, offset = 0; offset < length; counter++, offset += hash.outputLength) {
    new DataView(block.buffer).setUint32(seed.length, counter);
    out.set(hash.digest(block).subarray(0, length - offset), offset);
  }
  return out;
}

/** base^exponent mod modulus, square-and-multiply (e is 65537 in practice: 17 squarings). */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result % modulus;
}

/** Unsigned big-endian bytes → BigInt. */
export function toBigInt(bytes: Uint8Array): bigint {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex === "" ? 0n : BigInt(`0x${hex}`);
}

/** BigInt → unsigned big-endian bytes, left-padded to `length`. */
function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function byteLength(n: bigint): number {
  return Math.ceil(bitLength(n) / 8);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
