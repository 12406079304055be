import type { RandomSource } from "../../crypto/random.js";
import type { ProtectedKey } from "../../model/entry.js";
import { KeystoreError, errors } from "../../model/errors.js";
import type { Limits } from "../../model/limits.js";
import {
  PBE_MD5_DES3_OID,
  checkPbeParameter,
  encodePbeParameter,
  parsePbeParameter,
  pbeDecryptWithCandidates,
  pbeEncrypt,
} from "./key-protector.js";
import { PBE_MD5_DES3_NAME, parseSecretKeyStream, type SealedKeyObject, type SerializedSecretKey } from "./sealed-object.js";
import { writeSealedObject, writeSecretKeySpec } from "./sealed-object-writer.js";

/**
 * A JCEKS secret key (tag 3) as stored: the serialized `SealedObjectForKeyProtector`.
 *
 * The key's algorithm name ("AES", "HmacSHA256", …) lives inside the encrypted inner stream, so it
 * is unknown until the key is decrypted. Decrypting at load would cost 2 × 200,000 MD5 rounds per
 * key and needs the key password, which may differ from the store password; so the entry's
 * `algorithm` stays null and this object learns it lazily: after {@link decrypt} or
 * {@link unseal}, {@link keyAlgorithm} holds it. Use {@link unseal} to get name and bytes at once.
 */
export class JceksSealedKey implements ProtectedKey {
  /** The protection algorithm, PBEWithMD5AndTripleDES. */
  readonly algorithm = PBE_MD5_DES3_OID;
  /** The outer serialization stream exactly as stored (written back unchanged). */
  readonly encoded: Uint8Array;
  /** The fields of the outer sealed object, as parsed from {@link encoded}. */
  readonly sealed: SealedKeyObject;
  /** The key's Java algorithm name once the key has been decrypted; null before. */
  keyAlgorithm: string | null = null;
  private readonly alias: string;
  private readonly limits: Limits;

  constructor(encoded: Uint8Array, sealed: SealedKeyObject, alias: string, limits: Limits) {
    this.encoded = encoded;
    this.sealed = sealed;
    this.alias = alias;
    this.limits = limits;
  }

  /** The raw key bytes (what `SecretKey.getEncoded()` returns in Java). */
  decrypt(password: string): Uint8Array {
    return this.unseal(password).key;
  }

  /** The key with its algorithm name and the Java class that carried it. */
  unseal(password: string): SerializedSecretKey {
    const { paramsAlg, sealAlg, encodedParams, encryptedContent } = this.sealed;
    if (paramsAlg !== PBE_MD5_DES3_NAME || sealAlg !== PBE_MD5_DES3_NAME) {
      throw errors.unsupported(
        `secret key "${this.alias}" sealed with ${sealAlg ?? "null"} (parameters ${paramsAlg ?? "null"}); JCEKS uses ${PBE_MD5_DES3_NAME}`,
      );
    }
    if (encodedParams === null) throw errors.malformed(`secret key "${this.alias}": Cannot get algorithm parameters`);
    const params = parsePbeParameter(encodedParams);
    checkPbeParameter(params, this.limits);
    const key = pbeDecryptWithCandidates(password, params, encryptedContent, (plain) => {
      // A wrong password that happens to leave a valid pad yields garbage, not a stream: try the next form.
      if (plain[0] !== 0xac || plain[1] !== 0xed) return null;
      try {
        return parseSecretKeyStream(plain);
      } catch (error) {
        if (error instanceof KeystoreError && (error.code === "MALFORMED" || error.code === "TRUNCATED")) return null;
        throw error;
      }
    });
    if (key === null) throw errors.wrongKeyPassword(this.alias, "Given final block not properly padded");
    this.keyAlgorithm = key.algorithm;
    return key;
  }
}

/**
 * Seals a secret key as JDK 17/25 do: a `SecretKeySpec` stream encrypted with PBEWithMD5AndTripleDES
 * (fresh 8-byte salt, 200,000 iterations) inside a `SealedObjectForKeyProtector`. Returns the outer
 * stream, which is written into the file as is.
 */
export function sealSecretKey(algorithm: string, key: Uint8Array, password: string, random?: RandomSource, iterations?: number): Uint8Array {
  if (algorithm.length === 0) throw errors.invalidArgument("a secret key needs an algorithm name");
  if (key.length === 0) throw errors.invalidArgument("a secret key must not be empty (Java: Empty key)");
  const { params, ciphertext } = pbeEncrypt(password, writeSecretKeySpec(algorithm, key), random, iterations);
  return writeSealedObject(encodePbeParameter(params), ciphertext);
}
