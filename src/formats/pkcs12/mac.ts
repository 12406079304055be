import { integer, octets, oid, sequence, type BerNode } from "../../binary/ber.js";
import { DER_NULL, derInteger, derOctetString, derOid, derSequence } from "../../binary/der.js";
import { hmacSync } from "../../crypto/hmac.js";
import { HASHES, hashByHmacOid, hashByOid, type HashAlgorithm, type HashName } from "../../crypto/hash.js";
import { pbkdf2Sync, type Pbkdf2Request, type DerivedKeys } from "../../crypto/pbkdf2.js";
import { PKCS12_MAC_ID, bmpPasswordCandidates, pkcs12KdfFor, type Pkcs12KdfRequest } from "../../crypto/pkcs12-kdf.js";
import { secureRandom, type RandomSource } from "../../crypto/random.js";
import { errors } from "../../model/errors.js";
import { checkLimit } from "../../model/limits.js";
import { equalBytes } from "../jks/integrity.js";
import { OID } from "./oids.js";
import { readPbkdf2Parameters } from "./pbe.js";

/**
 * The PFX integrity check: the classic password MAC (HMAC keyed through the PKCS#12 KDF, the
 * digest named by DigestInfo) and PBMAC1 (RFC 9579: HMAC keyed through PBKDF2).
 */

/** How a store's MAC is made, as write profiles name it. */
export interface MacSpec {
  /** The MAC's hash (HMAC and the PKCS#12 KDF). */
  hash: HashName;
  /** KDF iteration count. */
  iterations: number;
  /** Salt length in bytes. */
  saltLength: number;
}

/** The parts of MacData ::= SEQUENCE { mac DigestInfo, macSalt, iterations DEFAULT 1 } the readers below use. */
function readMacData(macData: BerNode) {
  const [digestInfo, saltNode, iterationsNode] = sequence(macData, "MacData");
  const [algorithmId, digestNode] = sequence(digestInfo, "the MAC DigestInfo");
  const [algorithmOid, parameters] = sequence(algorithmId, "the MAC algorithm");
  return { algorithm: oid(algorithmOid, "the MAC algorithm"), parameters, digestNode, saltNode, iterationsNode };
}

/** A human description, e.g. "HmacPBESHA256 (10000 iterations)". */
export function describeMac(macData: BerNode): string {
  const { algorithm, iterationsNode } = readMacData(macData);
  if (algorithm === OID.pbmac1) return "PBMAC1";
  const iterations = iterationsNode ? integer(iterationsNode, "the MAC iteration count") : 1;
  return `HmacPBE${hashByOid(algorithm)?.name.replace("-", "") ?? algorithm} (${iterations} iterations)`;
}

/**
 * Verifies MacData over the authSafe content with `password`; true when it matches. LIMIT for an
 * iteration count above `maxIterations`, before any work.
 */
export function verifyMac(macData: BerNode, content: Uint8Array, password: string, maxIterations: number, precomputed?: DerivedKeys): boolean {
  const { algorithm, parameters, digestNode, saltNode, iterationsNode } = readMacData(macData);
  const expected = octets(digestNode, "the MAC value");
  if (algorithm === OID.pbmac1) {
    const { request, macHash } = pbmac1Setup(parameters, password, maxIterations);
    return equalBytes(hmacSync(macHash, pbkdf2Sync(request, precomputed), content), expected);
  }
  const hash = classicMacHash(algorithm);
  for (const request of classicMacKeyRequests(hash, saltNode, iterationsNode, password, maxIterations)) {
    if (equalBytes(hmacSync(hash, pkcs12KdfFor(request, precomputed), content), expected)) return true;
  }
  return false;
}

/** The KDF iterations {@link verifyMac} runs at most: one derivation per password form tried. */
export function macWork(macData: BerNode, password: string, maxIterations: number): number {
  const { algorithm, parameters, saltNode, iterationsNode } = readMacData(macData);
  if (algorithm === OID.pbmac1) return pbmac1Setup(parameters, password, maxIterations).request.iterations;
  return classicMacKeyRequests(classicMacHash(algorithm), saltNode, iterationsNode, password, maxIterations).reduce((sum, r) => sum + r.iterations, 0);
}

function classicMacHash(algorithm: string): HashAlgorithm {
  const hash = hashByOid(algorithm);
  if (!hash || hash.name === "MD5") throw errors.unsupported(`PKCS#12 MAC digest ${algorithm}`);
  return hash;
}

/** The MAC key derivations to try, in order (two for the empty password: see bmpPasswordCandidates). */
function classicMacKeyRequests(
  hash: HashAlgorithm,
  saltNode: BerNode | undefined,
  iterationsNode: BerNode | undefined,
  password: string,
  maxIterations: number,
): Pkcs12KdfRequest[] {
  const salt = octets(saltNode, "the MAC salt");
  const iterations = iterationsNode ? integer(iterationsNode, "the MAC iteration count") : 1; // DEFAULT 1
  checkLimit(iterations, maxIterations, "the MAC iteration count");
  return bmpPasswordCandidates(password).map((bmp) => ({
    hash: hash.name,
    password: bmp,
    salt,
    iterations: Math.max(1, iterations),
    id: PKCS12_MAC_ID,
    length: hash.outputLength,
  }));
}

/**
 * The key derivation verifying MacData starts with: PBKDF2 for PBMAC1, else the PKCS#12 KDF of the
 * first password candidate (for decodePkcs12Async, which derives it ahead).
 */
export function macDataKeyRequest(
  macData: BerNode,
  password: string,
  maxIterations: number,
): { pbkdf2?: Pbkdf2Request; pkcs12?: Pkcs12KdfRequest } {
  const { algorithm, parameters, saltNode, iterationsNode } = readMacData(macData);
  if (algorithm === OID.pbmac1) return { pbkdf2: pbmac1Setup(parameters, password, maxIterations).request };
  return { pkcs12: classicMacKeyRequests(classicMacHash(algorithm), saltNode, iterationsNode, password, maxIterations)[0]! };
}

function pbmac1Setup(parameters: BerNode | undefined, password: string, maxIterations: number) {
  const [kdf, scheme] = sequence(parameters, "PBMAC1 parameters");
  const [kdfOid, kdfParameters] = sequence(kdf, "the PBMAC1 key derivation");
  if (oid(kdfOid, "the PBMAC1 KDF") !== OID.pbkdf2) throw errors.unsupported("a PBMAC1 key derivation other than PBKDF2");
  const params = readPbkdf2Parameters(kdfParameters, maxIterations);
  // RFC 9579 requires keyLength; without it there is nothing sound to derive.
  if (params.keyLength === undefined) throw errors.malformed("PBMAC1 without a PBKDF2 key length");
  const macOid = oid(sequence(scheme, "the PBMAC1 MAC scheme")[0], "the PBMAC1 MAC");
  const macHash = hashByHmacOid(macOid);
  if (!macHash) throw errors.unsupported(`PBMAC1 MAC ${macOid}`);
  const request: Pbkdf2Request = { prf: params.prf, password: new TextEncoder().encode(password), salt: params.salt, iterations: params.iterations, length: params.keyLength };
  return { request, macHash };
}

/** The PKCS#12 KDF derivation of the MAC key {@link computeMac} makes under `spec` with `salt`. */
export function macKeyRequest(spec: MacSpec, password: string, salt: Uint8Array): Pkcs12KdfRequest {
  const hash = HASHES[spec.hash];
  return { hash: spec.hash, password: bmpPasswordCandidates(password)[0]!, salt, iterations: spec.iterations, id: PKCS12_MAC_ID, length: hash.outputLength };
}

/**
 * MacData DER for `content` under `spec` (classic PKCS#12 password MAC, as Java and OpenSSL write).
 * Salt and key come from `prepared` when given (drawn and derived ahead by encodePkcs12Async).
 */
export function computeMac(
  spec: MacSpec,
  content: Uint8Array,
  password: string,
  random: RandomSource = secureRandom,
  prepared?: { salt: Uint8Array; keys: DerivedKeys },
): Uint8Array {
  const hash = HASHES[spec.hash];
  const salt = prepared?.salt ?? random(spec.saltLength);
  const key = pkcs12KdfFor(macKeyRequest(spec, password, salt), prepared?.keys);
  const digestInfo = derSequence(derSequence(derOid(hash.oid), DER_NULL), derOctetString(hmacSync(hash, key, content)));
  return derSequence(digestInfo, derOctetString(salt), derInteger(spec.iterations));
}
