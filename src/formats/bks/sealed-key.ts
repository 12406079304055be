import { ByteReader } from "../../binary/reader.js";
import { tripleDesCbcDecrypt } from "../../crypto/des.js";
import { PaddingError } from "../../crypto/padding.js";
import { PKCS12_IV_ID, PKCS12_KEY_ID, bmpPasswordCandidates, pkcs12Kdf } from "../../crypto/pkcs12-kdf.js";
import type { ProtectedKey } from "../../model/entry.js";
import { KeystoreError, errors } from "../../model/errors.js";
import { checkLimit, type Limits } from "../../model/limits.js";

/**
 * BKS type-4 ("sealed") keys (keystore-formats.md §5.1): i32 salt length, salt, i32 iterations,
 * then PBEWithSHAAnd3-KeyTripleDES-CBC (PKCS#12 KDF with SHA-1, 3DES-CBC) over BouncyCastle's key
 * encoding. Whether the key is private, public or secret is only known after decryption.
 */

/** OID of pbeWithSHAAnd3-KeyTripleDES-CBC (PKCS#12 PBE). */
export const PBE_SHA1_DES3_OID = "1.2.840.113549.1.12.1.3";

/** What a BKS key holds: a private, public or secret key. */
export type BksKeyKind = "private" | "public" | "secret";

/** A key as BouncyCastle encodes it (its `encodeKey`): type, format, algorithm, encoding. */
export interface BksKeyEncoding {
  /** Whether it is a private, public or secret key. */
  kind: BksKeyKind;
  /** The encoding's format name ("PKCS#8", "X.509" or "RAW"). */
  format: string;
  /** The key's Java algorithm name ("RSA", "AES", …). */
  algorithm: string;
  /** The key bytes in that format. */
  encoded: Uint8Array;
}

const KEY_KINDS: readonly BksKeyKind[] = ["private", "public", "secret"];
const FORMATS: Record<BksKeyKind, string[]> = { private: ["PKCS#8", "PKCS8"], public: ["X.509", "X509"], secret: ["RAW"] };

export function readBlob(reader: ByteReader, limits: Limits, what: string): Uint8Array {
  const length = reader.i32(`the length of ${what}`);
  if (length < 0) throw errors.malformed(`negative length ${length} of ${what}`);
  checkLimit(length, limits.maxObjectBytes, `the length of ${what}`);
  return reader.take(length, what);
}

export function readKeyEncoding(reader: ByteReader, limits: Limits): BksKeyEncoding {
  const typeByte = reader.u8("a key type");
  const kind = KEY_KINDS[typeByte];
  if (kind === undefined) throw errors.malformed(`Key type ${typeByte} not recognised`);
  const format = reader.utf("a key format");
  const algorithm = reader.utf("a key algorithm");
  const encoded = readBlob(reader, limits, "a key");
  if (!FORMATS[kind].includes(format)) throw errors.unsupported(`a BKS ${kind} key in format ${format}`);
  return { kind, format, algorithm, encoded };
}

/** A sealed BKS key, decrypted on demand with its key password. */
export class BksSealedKey implements ProtectedKey {
  readonly algorithm = PBE_SHA1_DES3_OID;
  /** The sealed blob exactly as stored. */
  readonly encoded: Uint8Array;
  /** Known after a successful decryption. */
  kind: BksKeyKind | null = null;
  keyAlgorithm: string | null = null;
  private expected: "privateKey" | "secretKey" | null = null;
  private readonly alias: string;
  private readonly limits: Limits;

  constructor(encoded: Uint8Array, alias: string, limits: Limits) {
    this.encoded = encoded;
    this.alias = alias;
    this.limits = limits;
  }

  /**
   * The entry type the key was given at load, from its chain; decrypting a key that type cannot
   * hold is refused. A secret-key entry holds secret keys and public keys (see entries.ts).
   */
  expectType(type: "privateKey" | "secretKey"): void {
    this.expected = type;
  }

  /** PKCS#8 for a private key, SubjectPublicKeyInfo for a public key, raw bytes for a secret key. */
  decrypt(password: string): Uint8Array {
    const key = this.unseal(password);
    if (this.expected !== null && (key.kind === "private") !== (this.expected === "privateKey")) {
      throw errors.unsupported(
        `the sealed key "${this.alias}" holds a ${key.kind} key, but it was listed as a ${this.expected === "privateKey" ? "private key (it has a certificate chain)" : "secret key (it has no certificate chain)"}, ` +
          `as Java's KeyStore lists it; BouncyCastle does not write such entries`,
      );
    }
    return key.encoded;
  }

  /**
   * The KDF rounds {@link unseal} runs at most with `password`: a key and an IV derivation per
   * password form tried; 0 for a blob too damaged to reach the KDF. LIMIT above `maxIterations`.
   */
  work(password: string): number {
    let iterations: number;
    try {
      const reader = new ByteReader(this.encoded);
      readBlob(reader, this.limits, "a sealed key's salt");
      iterations = reader.i32("a sealed key's iteration count");
    } catch (error) {
      if (error instanceof KeystoreError && error.code !== "LIMIT") return 0;
      throw error;
    }
    if (iterations < 0) return 0;
    checkLimit(iterations, this.limits.maxIterations, "a sealed key's iteration count");
    return 2 * Math.max(1, iterations) * bmpPasswordCandidates(password).length;
  }

  /** The decrypted key encoding; WRONG_KEY_PASSWORD ("no match", as BouncyCastle says) when no password form opens it. */
  unseal(password: string): BksKeyEncoding {
    const reader = new ByteReader(this.encoded);
    const salt = readBlob(reader, this.limits, "a sealed key's salt");
    const iterations = reader.i32("a sealed key's iteration count");
    if (iterations < 0) throw errors.malformed(`negative iteration count ${iterations}`);
    checkLimit(iterations, this.limits.maxIterations, "a sealed key's iteration count");
    const ciphertext = reader.take(reader.remaining);
    for (const candidate of bmpPasswordCandidates(password)) {
      // BouncyCastle's generator runs at least one round, so a count of 0 acts as 1.
      const rounds = Math.max(1, iterations);
      const key = pkcs12Kdf("SHA-1", candidate, salt, rounds, PKCS12_KEY_ID, 24);
      const iv = pkcs12Kdf("SHA-1", candidate, salt, rounds, PKCS12_IV_ID, 8);
      let plain: Uint8Array;
      try {
        plain = tripleDesCbcDecrypt(key, iv, ciphertext);
      } catch (error) {
        if (error instanceof PaddingError) continue;
        throw error;
      }
      const parsed = parsePlaintext(plain, this.limits);
      if (parsed) {
        this.kind = parsed.kind;
        this.keyAlgorithm = parsed.algorithm;
        return parsed;
      }
    }
    throw errors.wrongKeyPassword(this.alias, "no match");
  }

}

/** Exactly one key encoding, or null when the bytes are not one (a wrong password that left a valid pad). */
function parsePlaintext(plain: Uint8Array, limits: Limits): BksKeyEncoding | null {
  try {
    const reader = new ByteReader(plain);
    const key = readKeyEncoding(reader, limits);
    return reader.remaining === 0 ? key : null;
  } catch (error) {
    if (error instanceof KeystoreError) return null;
    throw error;
  }
}
