import { BER, integer, octets, oid, parseBer, sequence, type BerNode } from "../../binary/ber.js";
import { DER_NULL, derInteger, derOctetString, derOid, derSequence } from "../../binary/der.js";
import { aesCbcDecrypt, aesCbcEncrypt } from "../../crypto/aes-cbc.js";
import { desCbcDecrypt, tripleDesCbcDecrypt, tripleDesCbcEncrypt } from "../../crypto/des.js";
import { HASHES, hashByHmacOid, type HashName } from "../../crypto/hash.js";
import { pbkdf2Sync, type Pbkdf2Request, type DerivedKeys } from "../../crypto/pbkdf2.js";
import { PaddingError } from "../../crypto/padding.js";
import { PKCS12_IV_ID, PKCS12_KEY_ID, bmpPasswordCandidates, pkcs12Kdf, pkcs12KdfFor, type Pkcs12KdfId } from "../../crypto/pkcs12-kdf.js";
import { secureRandom, type RandomSource } from "../../crypto/random.js";
import { rc2CbcDecrypt, rc2CbcEncrypt } from "../../crypto/rc2.js";
import { rc4 } from "../../crypto/rc4.js";
import { errors } from "../../model/errors.js";
import { checkLimit } from "../../model/limits.js";
import { OID } from "./oids.js";

/**
 * Password-based encryption of PKCS#12 bags and safes: PBES2 (PBKDF2 + AES/3DES) and the legacy
 * PKCS#12 schemes (SHA-1 KDF + 3DES/RC2/RC4). Passwords are encoded per scheme (keystore-formats
 * §1.2): PBKDF2 takes UTF-8, the PKCS#12 KDF a BMPString, where Java also retries "" as empty.
 */

/** Thrown (and caught by callers) when no password candidate decrypts; callers pick the error. */
export class DecryptionFailed extends Error {}

/** How to encrypt, as a write profile names it. */
export type PbeSpec =
  | {
      /** PBES2 (RFC 8018): PBKDF2 with an HMAC, then a block cipher. */
      scheme: "pbes2";
      /** The HMAC hash of PBKDF2. */
      prf: HashName;
      /** The block cipher. */
      cipher: "aes-128-cbc" | "aes-192-cbc" | "aes-256-cbc" | "des-ede3-cbc";
      /** PBKDF2 iteration count. */
      iterations: number;
      /** Salt length in bytes. */
      saltLength: number;
      /** Whether to write the optional keyLength field of the PBKDF2 parameters (Java does, OpenSSL does not). */
      writeKeyLength: boolean;
    }
  | {
      /** PKCS#12 PBE (RFC 7292 appendix B KDF with SHA-1). */
      scheme: "pkcs12";
      /** The cipher: 3-key triple DES, or RC2 with a 40- or 128-bit key. */
      cipher: "3des" | "rc2-40" | "rc2-128";
      /** KDF iteration count. */
      iterations: number;
      /** Salt length in bytes. */
      saltLength: number;
    };

const PBES2_CIPHERS = {
  "aes-128-cbc": { oid: OID.aes128Cbc, keyLength: 16, ivLength: 16 },
  "aes-192-cbc": { oid: OID.aes192Cbc, keyLength: 24, ivLength: 16 },
  "aes-256-cbc": { oid: OID.aes256Cbc, keyLength: 32, ivLength: 16 },
  "des-ede3-cbc": { oid: OID.desEde3Cbc, keyLength: 24, ivLength: 8 },
} as const;

const PKCS12_CIPHERS: Record<string, { keyLength: number; decrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array; ivLength: number }> = {
  [OID.pbeWithSha1And3KeyTripleDesCbc]: { keyLength: 24, ivLength: 8, decrypt: tripleDesCbcDecrypt },
  [OID.pbeWithSha1And2KeyTripleDesCbc]: { keyLength: 16, ivLength: 8, decrypt: tripleDesCbcDecrypt },
  [OID.pbeWithSha1And128BitRc2Cbc]: { keyLength: 16, ivLength: 8, decrypt: (k, iv, d) => rc2CbcDecrypt(k, iv, d, 128) },
  [OID.pbeWithSha1And40BitRc2Cbc]: { keyLength: 5, ivLength: 8, decrypt: (k, iv, d) => rc2CbcDecrypt(k, iv, d, 40) },
  [OID.pbeWithSha1And128BitRc4]: { keyLength: 16, ivLength: 0, decrypt: (k, _iv, d) => rc4(k, d) },
  [OID.pbeWithSha1And40BitRc4]: { keyLength: 5, ivLength: 0, decrypt: (k, _iv, d) => rc4(k, d) },
};

/** Human name of an encryption AlgorithmIdentifier, for messages and `list`. */
export function pbeName(algorithm: BerNode): string {
  const id = oid(sequence(algorithm, "an encryption algorithm")[0], "an encryption algorithm");
  return id === OID.pbes2 ? "PBES2" : id;
}

/**
 * Decrypts `data` under the AlgorithmIdentifier `algorithm` with `password`. Iteration counts
 * above `maxIterations` raise LIMIT before any work. DecryptionFailed when the password is wrong.
 */
export function pbeDecrypt(algorithm: BerNode, data: Uint8Array, password: string, maxIterations: number, precomputed?: DerivedKeys): Uint8Array {
  const [algorithmOid, parameters] = sequence(algorithm, "an encryption AlgorithmIdentifier");
  const id = oid(algorithmOid, "an encryption algorithm OID");
  if (id === OID.pbes2) return pbes2Decrypt(parameters, data, password, maxIterations, precomputed);
  const cipher = PKCS12_CIPHERS[id];
  if (!cipher) throw errors.unsupported(`encryption algorithm ${id}`);
  const [saltNode, iterationsNode] = sequence(parameters, "PKCS#12 PBE parameters");
  const salt = octets(saltNode, "the PBE salt");
  const iterations = integer(iterationsNode, "the PBE iteration count");
  checkLimit(iterations, maxIterations, "the PBE iteration count");
  for (const bmp of bmpPasswordCandidates(password)) {
    const key = pkcs12Kdf("SHA-1", bmp, salt, Math.max(1, iterations), 1, cipher.keyLength);
    const iv = cipher.ivLength ? pkcs12Kdf("SHA-1", bmp, salt, Math.max(1, iterations), 2, cipher.ivLength) : new Uint8Array(0);
    try {
      return cipher.decrypt(key, iv, data);
    } catch (error) {
      if (!(error instanceof PaddingError)) throw error;
    }
  }
  throw new DecryptionFailed();
}

/**
 * The KDF iterations {@link pbeDecrypt} runs at most for `algorithm` with `password`: PBKDF2's count
 * for PBES2; for the PKCS#12 schemes a key and an IV derivation per password form tried. LIMIT for a
 * count above `maxIterations`, as pbeDecrypt would.
 */
export function pbeWork(algorithm: BerNode, password: string, maxIterations: number): number {
  const [algorithmOid, parameters] = sequence(algorithm, "an encryption AlgorithmIdentifier");
  const id = oid(algorithmOid, "an encryption algorithm OID");
  if (id === OID.pbes2) return pbes2Setup(parameters, password, maxIterations).request.iterations;
  const cipher = PKCS12_CIPHERS[id];
  if (!cipher) throw errors.unsupported(`encryption algorithm ${id}`);
  const iterations = integer(sequence(parameters, "PKCS#12 PBE parameters")[1], "the PBE iteration count");
  checkLimit(iterations, maxIterations, "the PBE iteration count");
  return Math.max(1, iterations) * (cipher.ivLength ? 2 : 1) * bmpPasswordCandidates(password).length;
}

/** The PBKDF2 derivation a PBES2 AlgorithmIdentifier asks for (null for other schemes). */
export function pbes2KeyRequest(algorithm: BerNode, password: string, maxIterations: number): Pbkdf2Request | null {
  const [algorithmOid, parameters] = sequence(algorithm, "an encryption AlgorithmIdentifier");
  if (oid(algorithmOid, "an encryption algorithm OID") !== OID.pbes2) return null;
  return pbes2Setup(parameters, password, maxIterations).request;
}

function pbes2Setup(parameters: BerNode | undefined, password: string, maxIterations: number) {
  const [kdf, scheme] = sequence(parameters, "PBES2 parameters");
  const [kdfOid, kdfParameters] = sequence(kdf, "the PBES2 key derivation function");
  if (oid(kdfOid, "the PBES2 KDF") !== OID.pbkdf2) throw errors.unsupported("a PBES2 key derivation other than PBKDF2");
  const pbkdf2Params = readPbkdf2Parameters(kdfParameters, maxIterations);
  const [cipherOid, ivNode] = sequence(scheme, "the PBES2 encryption scheme");
  const cipherId = oid(cipherOid, "the PBES2 cipher");
  const iv = octets(ivNode, "the PBES2 IV");
  const cipher = Object.values(PBES2_CIPHERS).find((c) => c.oid === cipherId);
  const keyLength = cipher?.keyLength ?? (cipherId === OID.desCbc ? 8 : 0);
  if (keyLength === 0) throw errors.unsupported(`PBES2 cipher ${cipherId}`);
  if (iv.length !== (cipher?.ivLength ?? 8)) throw errors.malformed(`PBES2 IV of ${iv.length} bytes`);
  // A keyLength that contradicts the cipher would silently key it wrong: say so instead.
  if (pbkdf2Params.keyLength !== undefined && pbkdf2Params.keyLength !== keyLength) {
    throw errors.malformed(`PBES2 key length ${pbkdf2Params.keyLength} does not fit cipher ${cipherId}`);
  }
  const request: Pbkdf2Request = {
    prf: pbkdf2Params.prf,
    password: new TextEncoder().encode(password),
    salt: pbkdf2Params.salt,
    iterations: pbkdf2Params.iterations,
    length: keyLength,
  };
  return { request, cipherId, iv };
}

function pbes2Decrypt(parameters: BerNode | undefined, data: Uint8Array, password: string, maxIterations: number, precomputed?: DerivedKeys): Uint8Array {
  const { request, cipherId, iv } = pbes2Setup(parameters, password, maxIterations);
  const key = pbkdf2Sync(request, precomputed);
  try {
    if (cipherId === OID.desCbc) return desCbcDecrypt(key, iv, data);
    if (cipherId === OID.desEde3Cbc) return tripleDesCbcDecrypt(key, iv, data);
    return aesCbcDecrypt(key, iv, data);
  } catch (error) {
    if (error instanceof PaddingError) throw new DecryptionFailed();
    throw error;
  }
}

export interface Pbkdf2Parameters {
  salt: Uint8Array;
  iterations: number;
  keyLength: number | undefined;
  prf: HashName;
}

/** PBKDF2-params (RFC 8018 A.2): salt, count, optional keyLength, prf (default HMAC-SHA1). */
export function readPbkdf2Parameters(node: BerNode | undefined, maxIterations: number): Pbkdf2Parameters {
  const parts = sequence(node, "PBKDF2 parameters");
  const salt = octets(parts[0], "the PBKDF2 salt");
  const iterations = integer(parts[1], "the PBKDF2 iteration count");
  checkLimit(iterations, maxIterations, "the PBKDF2 iteration count");
  if (iterations < 1) throw errors.malformed("PBKDF2 iteration count 0");
  let index = 2;
  let keyLength: number | undefined;
  if (parts[index]?.tag === BER.INTEGER) keyLength = integer(parts[index++], "the PBKDF2 key length");
  if (keyLength !== undefined && (keyLength < 1 || keyLength > 64)) throw errors.malformed(`PBKDF2 key length ${keyLength}`);
  let prf: HashName = "SHA-1";
  if (parts[index]) {
    const prfOid = oid(sequence(parts[index], "the PBKDF2 PRF")[0], "the PBKDF2 PRF");
    const hash = hashByHmacOid(prfOid);
    if (!hash) throw errors.unsupported(`PBKDF2 PRF ${prfOid}`);
    prf = hash.name;
  }
  return { salt, iterations, keyLength, prf };
}

/** Salt, IV and keys drawn and derived ahead of time (by encodePkcs12Async), for {@link pbeEncrypt}. */
export interface PreparedPbe {
  salt: Uint8Array;
  /** PBES2 only: the cipher's IV (the PKCS#12 schemes derive theirs). */
  iv?: Uint8Array;
  /** Derivations done ahead; those missing are done on the spot. */
  keys: DerivedKeys;
}

/** The PBKDF2 derivation PBES2 encryption under `spec` needs with `salt`, and the IV length it takes. */
export function pbes2EncryptRequest(spec: PbeSpec & { scheme: "pbes2" }, password: string, salt: Uint8Array): { request: Pbkdf2Request; ivLength: number } {
  const cipher = PBES2_CIPHERS[spec.cipher];
  const request = { prf: spec.prf, password: new TextEncoder().encode(password), salt, iterations: spec.iterations, length: cipher.keyLength };
  return { request, ivLength: cipher.ivLength };
}

/**
 * Encrypts under `spec`; returns the AlgorithmIdentifier DER and the ciphertext. Salt and IV come
 * from `prepared` when given (then `random` is not used for them), keys from `prepared.keys` when
 * derived there; everything else is drawn and derived now.
 */
export function pbeEncrypt(
  spec: PbeSpec,
  plaintext: Uint8Array,
  password: string,
  random: RandomSource = secureRandom,
  prepared?: PreparedPbe,
): { algorithm: Uint8Array; ciphertext: Uint8Array } {
  const salt = prepared?.salt ?? random(spec.saltLength);
  if (spec.scheme === "pkcs12") {
    const [algorithmOid, keyLength, encrypt] =
      spec.cipher === "3des"
        ? [OID.pbeWithSha1And3KeyTripleDesCbc, 24, tripleDesCbcEncrypt]
        : spec.cipher === "rc2-40"
          ? [OID.pbeWithSha1And40BitRc2Cbc, 5, (k: Uint8Array, iv: Uint8Array, d: Uint8Array) => rc2CbcEncrypt(k, iv, d, 40)]
          : [OID.pbeWithSha1And128BitRc2Cbc, 16, (k: Uint8Array, iv: Uint8Array, d: Uint8Array) => rc2CbcEncrypt(k, iv, d, 128)];
    const bmp = bmpPasswordCandidates(password)[0]!;
    const derive = (id: Pkcs12KdfId, length: number) => pkcs12KdfFor({ hash: "SHA-1", password: bmp, salt, iterations: spec.iterations, id, length }, prepared?.keys);
    const key = derive(PKCS12_KEY_ID, keyLength);
    const iv = derive(PKCS12_IV_ID, 8);
    const algorithm = derSequence(derOid(algorithmOid), derSequence(derOctetString(salt), derInteger(spec.iterations)));
    return { algorithm, ciphertext: encrypt(key, iv, plaintext) };
  }
  const cipher = PBES2_CIPHERS[spec.cipher];
  const { request } = pbes2EncryptRequest(spec, password, salt);
  const iv = prepared?.iv ?? random(cipher.ivLength);
  const hash = HASHES[spec.prf];
  const key = pbkdf2Sync(request, prepared?.keys);
  const prf = derSequence(derOid(hash.hmacOid!), DER_NULL);
  const kdfParameters = spec.writeKeyLength
    ? derSequence(derOctetString(salt), derInteger(spec.iterations), derInteger(cipher.keyLength), prf)
    : derSequence(derOctetString(salt), derInteger(spec.iterations), prf);
  const algorithm = derSequence(
    derOid(OID.pbes2),
    derSequence(derSequence(derOid(OID.pbkdf2), kdfParameters), derSequence(derOid(cipher.oid), derOctetString(iv))),
  );
  const ciphertext = spec.cipher === "des-ede3-cbc" ? tripleDesCbcEncrypt(key, iv, plaintext) : aesCbcEncrypt(key, iv, plaintext);
  return { algorithm, ciphertext };
}

/** Parses an `EncryptedPrivateKeyInfo` into its algorithm node and encrypted bytes. */
export function parseEncryptedPrivateKeyInfo(der: Uint8Array): { algorithm: BerNode; data: Uint8Array } {
  const [algorithm, data] = sequence(parseBer(der), "EncryptedPrivateKeyInfo");
  return { algorithm: algorithm!, data: octets(data, "the encrypted key") };
}

