import { BER, integer, octets, oid, parseBer, sequence } from "../../binary/ber.js";
import type { ProtectedKey } from "../../model/entry.js";
import { KeystoreError, errors } from "../../model/errors.js";
import { DEFAULT_LIMITS } from "../../model/limits.js";
import { secretKeyAlgorithmName } from "./oids.js";
import { DerivedKeys, pbkdf2Async, pbkdf2RequestId, type Pbkdf2Request } from "../../crypto/pbkdf2.js";
import { DecryptionFailed, parseEncryptedPrivateKeyInfo, pbeDecrypt, pbes2KeyRequest } from "./pbe.js";

/**
 * A key bag's `EncryptedPrivateKeyInfo`, kept as stored and decrypted on demand: PKCS#8 for a
 * private key, the raw key for a Java secret key (whose plaintext is a PKCS#8-shaped
 * `SEQUENCE { 0, AlgorithmIdentifier, OCTET STRING key }`).
 */
export class Pkcs12ProtectedKey implements ProtectedKey {
  readonly encoded: Uint8Array;
  /** Whether the bag holds a private key or a Java secret key. */
  readonly kind: "private" | "secret";
  private readonly alias: string;
  private readonly maxIterations: number;
  keyAlgorithm: string | null = null;

  constructor(encoded: Uint8Array, kind: "private" | "secret", alias: string, maxIterations = DEFAULT_LIMITS.maxIterations) {
    this.encoded = encoded;
    this.kind = kind;
    this.alias = alias;
    this.maxIterations = maxIterations;
  }

  /** The encryption algorithm's OID (PBES2 or a PKCS#12 PBE scheme). */
  get algorithm(): string {
    const { algorithm } = parseEncryptedPrivateKeyInfo(this.encoded);
    return oid(sequence(algorithm, "the key encryption algorithm")[0], "the key encryption algorithm");
  }

  decrypt(password: string, precomputed?: DerivedKeys): Uint8Array {
    const { algorithm, data } = parseEncryptedPrivateKeyInfo(this.encoded);
    let plain: Uint8Array;
    try {
      plain = pbeDecrypt(algorithm, data, password, this.maxIterations, precomputed);
    } catch (error) {
      if (error instanceof DecryptionFailed) throw errors.wrongKeyPassword(this.alias, "Get Key failed");
      throw error;
    }
    // A wrong password passes the padding check about once in 256 tries: the structure decides.
    try {
      const info = parseBer(plain);
      const [version, algorithmId, keyNode] = sequence(info, "PKCS#8");
      integer(version, "the PKCS#8 version");
      const keyOid = oid(sequence(algorithmId, "the key algorithm")[0], "the key algorithm");
      // Without any bytes a cipher might leave after the DER.
      if (this.kind === "private") return info.encoded;
      this.keyAlgorithm = secretKeyAlgorithmName(keyOid);
      return octets(keyNode, "the secret key", BER.OCTET_STRING);
    } catch (error) {
      if (error instanceof KeystoreError) throw errors.wrongKeyPassword(this.alias, "Get Key failed");
      throw error;
    }
  }

  /**
   * {@link decrypt} with PBES2's PBKDF2 done by WebCrypto: native in browsers, Deno and Bun, where
   * the sync path has only pure code, and off the main thread in Node, so that several keys decrypt
   * in parallel. Same results and errors.
   */
  async decryptAsync(password: string): Promise<Uint8Array> {
    let request: Pbkdf2Request | null;
    try {
      request = pbes2KeyRequest(parseEncryptedPrivateKeyInfo(this.encoded).algorithm, password, this.maxIterations);
    } catch {
      request = null; // malformed or over the limits: decrypt() reports it with the right error
    }
    if (!request) return this.decrypt(password);
    const precomputed = new DerivedKeys();
    precomputed.set(pbkdf2RequestId(request), await pbkdf2Async(request));
    return this.decrypt(password, precomputed);
  }
}
