import { TAG, children, content, derSequence, encodeOid, encodeTlv, expectTlv } from "../../binary/der.js";
import { PaddingError } from "../../crypto/padding.js";
import { pbeMd5TripleDesDecrypt, pbeMd5TripleDesEncrypt } from "../../crypto/pbe-md5-des3.js";
import { secureRandom, type RandomSource } from "../../crypto/random.js";
import type { ProtectedKey } from "../../model/entry.js";
import { KeystoreError, errors } from "../../model/errors.js";
import { checkLimit, type Limits } from "../../model/limits.js";
import { JKS_KEY_PROTECTOR_OID } from "../jks/constants.js";
import { jksUnprotect, parseEncryptedPrivateKeyInfo } from "../jks/key-protector.js";

/**
 * JCEKS private-key protection: `PBEWithMD5AndTripleDES` (keystore-formats.md §3.2) in an
 * `EncryptedPrivateKeyInfo`, plus the JKS protector that JCEKS's loader also accepts.
 */

/** OID of Sun's PBEWithMD5AndTripleDES. */
export const PBE_MD5_DES3_OID = "1.3.6.1.4.1.42.2.19.1";
/** What JDK 17 and 25 write (`jdk.jceks.iterationCount` default). */
export const JCEKS_WRITE_ITERATIONS = 200_000;
const SALT_LENGTH = 8;

/** A `PBEParameter`: SEQUENCE { OCTET STRING salt, INTEGER iterationCount }. */
export interface PbeParameter {
  readonly salt: Uint8Array;
  readonly iterations: number;
}

export function parsePbeParameter(der: Uint8Array): PbeParameter {
  const seq = expectTlv(der, 0, der.length, TAG.SEQUENCE, "PBE parameters");
  if (seq.end !== der.length) throw errors.malformed("bytes after the PBE parameters");
  const [salt, count] = children(seq);
  if (!salt || salt.tag !== TAG.OCTET_STRING || !count || count.tag !== TAG.INTEGER) {
    throw errors.malformed("PBE parameters are not { salt, iterationCount }");
  }
  const body = content(count);
  // Java reads the count as an int; a leading 0x80 bit would be negative.
  if (body.length === 0 || body.length > 5 || (body[0]! & 0x80) !== 0) throw errors.malformed("PBE iteration count out of range");
  let iterations = 0;
  for (const b of body) iterations = iterations * 256 + b;
  if (iterations > 0x7fffffff) throw errors.malformed("PBE iteration count out of range");
  const saltBytes = content(salt);
  if (saltBytes.length !== SALT_LENGTH) throw errors.malformed(`Salt must be ${SALT_LENGTH} bytes long (found ${saltBytes.length})`);
  return { salt: saltBytes, iterations };
}

export function encodePbeParameter({ salt, iterations }: PbeParameter): Uint8Array {
  const bytes: number[] = [];
  for (let v = iterations; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return derSequence(encodeTlv(TAG.OCTET_STRING, salt), encodeTlv(TAG.INTEGER, Uint8Array.from(bytes)));
}

/**
 * The byte forms of a password that a JCEKS key may have been protected with, most likely first.
 * JDK ≤ 24 accepts only ASCII (byte = char) and refuses anything else; JDK 25 (JDK-8348732)
 * uses UTF-8. Both give the same bytes for ASCII. For other passwords we also try one byte per
 * char (Latin-1) so that stores from non-Oracle tools that truncated chars still open.
 */
export function jceksPasswordCandidates(password: string): Uint8Array[] {
  const utf8 = new TextEncoder().encode(password);
  const candidates = [utf8];
  if (/^[\u0000-\u00ff]*$/.test(password) && /[^\u0000-\u007f]/.test(password)) {
    candidates.push(Uint8Array.from(password, (c) => c.charCodeAt(0)));
  }
  return candidates;
}

/**
 * The password bytes used when writing. ASCII passwords give the bytes every JDK reads. Any other
 * password is written as UTF-8, as JDK 25 does: JDK 25 reads such a key back, JDK ≤ 24 cannot
 * (it refuses non-ASCII key passwords with "Password is not ASCII").
 */
export function jceksPasswordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password);
}

/** An 8-byte salt whose halves differ: Java refuses to encrypt when the salt-halves swap would be a no-op. */
export function pbeSalt(random: RandomSource = secureRandom): Uint8Array {
  for (;;) {
    const salt = random(SALT_LENGTH);
    if (salt.length !== SALT_LENGTH) throw errors.invalidArgument("the random source returned the wrong number of bytes");
    if (salt.subarray(0, 4).some((b, i) => b !== salt[4 + i])) return salt;
  }
}

/** Checks a PBE parameter set before spending time on it: the iteration cap guards against hostile counts. */
export function checkPbeParameter(params: PbeParameter, limits: Limits): void {
  if (params.iterations < 1) throw errors.malformed(`PBE iteration count ${params.iterations}`);
  checkLimit(params.iterations, limits.maxIterations, "the PBE iteration count (Java: PBE iteration count too large)");
}

/**
 * Decrypts with each candidate password form until `accept` takes the plaintext. Returns null when
 * none does (a wrong password); `accept` may throw a KeystoreError of its own to stop early.
 */
export function pbeDecryptWithCandidates<T>(
  password: string,
  params: PbeParameter,
  ciphertext: Uint8Array,
  accept: (plaintext: Uint8Array) => T | null,
): T | null {
  for (const candidate of jceksPasswordCandidates(password)) {
    let plaintext: Uint8Array;
    try {
      plaintext = pbeMd5TripleDesDecrypt(candidate, params.salt, params.iterations, ciphertext);
    } catch (error) {
      if (error instanceof PaddingError) continue;
      throw error;
    }
    const result = accept(plaintext);
    if (result !== null) return result;
  }
  return null;
}

/** Encrypts under a fresh salt with Java's write iteration count. */
export function pbeEncrypt(password: string, plaintext: Uint8Array, random?: RandomSource, iterations = JCEKS_WRITE_ITERATIONS) {
  const params: PbeParameter = { salt: pbeSalt(random), iterations };
  const ciphertext = pbeMd5TripleDesEncrypt(jceksPasswordBytes(password), params.salt, params.iterations, plaintext);
  return { params, ciphertext };
}

/** True when `bytes` is exactly one DER SEQUENCE starting with an INTEGER (a plausible PrivateKeyInfo). */
export function looksLikePkcs8(bytes: Uint8Array): boolean {
  try {
    const seq = expectTlv(bytes, 0, bytes.length, TAG.SEQUENCE, "PrivateKeyInfo");
    return seq.end === bytes.length && children(seq)[0]?.tag === TAG.INTEGER;
  } catch (error) {
    if (error instanceof KeystoreError) return false;
    throw error;
  }
}

/** Protects a PKCS#8 key as JCEKS does; returns the `EncryptedPrivateKeyInfo` DER. */
export function jceksProtect(pkcs8: Uint8Array, password: string, random?: RandomSource, iterations?: number): Uint8Array {
  const { params, ciphertext } = pbeEncrypt(password, pkcs8, random, iterations);
  const algorithmId = derSequence(encodeTlv(TAG.OID, encodeOid(PBE_MD5_DES3_OID)), encodePbeParameter(params));
  return derSequence(algorithmId, encodeTlv(TAG.OCTET_STRING, ciphertext));
}

/** A tag-1 key of a JCEKS store (PBEWithMD5AndTripleDES or JKS-protected), decrypted on demand. */
export class JceksProtectedKey implements ProtectedKey {
  readonly encoded: Uint8Array;
  private readonly alias: string;
  private readonly limits: Limits;

  constructor(encoded: Uint8Array, alias: string, limits: Limits) {
    // Parsed only when used, as Java and the JKS reader do: a damaged key does not stop the store loading.
    this.encoded = encoded;
    this.alias = alias;
    this.limits = limits;
  }

  get algorithm(): string {
    return parseEncryptedPrivateKeyInfo(this.encoded).algorithm;
  }

  decrypt(password: string): Uint8Array {
    const info = parseEncryptedPrivateKeyInfo(this.encoded);
    if (info.algorithm === JKS_KEY_PROTECTOR_OID) return jksUnprotect(info.encryptedData, password, this.alias);
    if (info.algorithm !== PBE_MD5_DES3_OID) {
      throw errors.unsupported(`key protection algorithm ${info.algorithm} of alias "${this.alias}"`);
    }
    if (!info.parameters) throw errors.malformed(`no PBE parameters for the key of "${this.alias}"`);
    const params = parsePbeParameter(info.parameters);
    checkPbeParameter(params, this.limits);
    const pkcs8 = pbeDecryptWithCandidates(password, params, info.encryptedData, (plain) => (looksLikePkcs8(plain) ? plain : null));
    if (pkcs8 === null) throw errors.wrongKeyPassword(this.alias, "Given final block not properly padded");
    return pkcs8;
  }
}
