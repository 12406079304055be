import { TAG, children, content, decodeOid, expectTlv, readTlv } from "../binary/der.js";
import type { Certificate } from "../model/certificate.js";
import { toArrayBufferView } from "../crypto/webcrypto.js";
import type { SignedCertificate } from "./certificate-signature.js";

/**
 * Certificate signatures through WebCrypto directly, read from our own DER (issue 16: pkijs
 * parsed both certificates again and imported the issuer's key again for every check). The
 * issuer's imported key is kept per certificate object, so the anchors of a trust store, which
 * live as long as the store, are imported once for all the chains checked against them.
 */

/** What WebCrypto needs to check one signature; null where it cannot (the caller falls back). */
interface WebCryptoCheck {
  importAlgorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  verifyAlgorithm: AlgorithmIdentifier | EcdsaParams;
  signature: Uint8Array;
}

const RSA = "1.2.840.113549.1.1.";
const ECDSA = "1.2.840.10045.4.";
const RSA_ENCRYPTION = RSA + "1";
const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
/** EdDSA: the signature OID is the key OID (RFC 8410), and WebCrypto names both alike. */
const EDDSA: Readonly<Record<string, string>> = { "1.3.101.112": "Ed25519", "1.3.101.113": "Ed448" };

/** Signature OID → WebCrypto hash, for the algorithms WebCrypto defines (PSS: see the pure verifier). */
const RSA_HASHES: Readonly<Record<string, string>> = { [RSA + "5"]: "SHA-1", [RSA + "11"]: "SHA-256", [RSA + "12"]: "SHA-384", [RSA + "13"]: "SHA-512" };
const ECDSA_HASHES: Readonly<Record<string, string>> = { [ECDSA + "1"]: "SHA-1", [ECDSA + "3.2"]: "SHA-256", [ECDSA + "3.3"]: "SHA-384", [ECDSA + "3.4"]: "SHA-512" };
/** Named curve OID → WebCrypto name and the byte length of r and s. */
const CURVES: Readonly<Record<string, { name: string; size: number }>> = {
  "1.2.840.10045.3.1.7": { name: "P-256", size: 32 },
  "1.3.132.0.34": { name: "P-384", size: 48 },
  "1.3.132.0.35": { name: "P-521", size: 66 },
};

/** The key algorithm OID of a SubjectPublicKeyInfo and its parameters' OID, if any. */
function spkiAlgorithm(spki: Uint8Array): { oid: string; parameter: string | undefined } | null {
  try {
    const outer = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, "subject public key info");
    const algorithm = children(outer)[0];
    if (!algorithm || algorithm.tag !== TAG.SEQUENCE) return null;
    const [oid, parameter] = children(algorithm);
    if (!oid || oid.tag !== TAG.OID) return null;
    return { oid: decodeOid(content(oid)), parameter: parameter?.tag === TAG.OID ? decodeOid(content(parameter)) : undefined };
  } catch {
    return null;
  }
}

/**
 * ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } → r ‖ s, each `size` bytes (WebCrypto's
 * form); null when it is not that or a value does not fit (such a signature cannot verify).
 */
function rawEcdsaSignature(der: Uint8Array, size: number): Uint8Array | null {
  try {
    const sequence = readTlv(der, 0);
    if (sequence.tag !== TAG.SEQUENCE || sequence.end !== der.length) return null;
    const values = children(sequence);
    if (values.length !== 2) return null;
    const out = new Uint8Array(2 * size);
    for (const [i, value] of values.entries()) {
      if (value.tag !== TAG.INTEGER) return null;
      let bytes = content(value);
      if (bytes.length === 0 || bytes[0]! & 0x80) return null; // negative
      while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
      if (bytes.length > size) return null;
      out.set(bytes, (i + 1) * size - bytes.length);
    }
    return out;
  } catch {
    return null;
  }
}

/** The WebCrypto form of a check, or null when WebCrypto cannot do it with this key. */
function webCryptoCheck(signed: SignedCertificate, issuerSpki: Uint8Array): WebCryptoCheck | null {
  const key = spkiAlgorithm(issuerSpki);
  if (!key) return null;
  const rsaHash = RSA_HASHES[signed.algorithm];
  if (rsaHash) {
    if (key.oid !== RSA_ENCRYPTION) return null;
    return { importAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: rsaHash }, verifyAlgorithm: { name: "RSASSA-PKCS1-v1_5" }, signature: signed.signature };
  }
  const ecHash = ECDSA_HASHES[signed.algorithm];
  if (ecHash) {
    const curve = key.oid === EC_PUBLIC_KEY && key.parameter ? CURVES[key.parameter] : undefined;
    if (!curve) return null;
    const signature = rawEcdsaSignature(signed.signature, curve.size);
    if (!signature) return null;
    return { importAlgorithm: { name: "ECDSA", namedCurve: curve.name }, verifyAlgorithm: { name: "ECDSA", hash: ecHash }, signature };
  }
  const edName = EDDSA[signed.algorithm];
  if (edName) {
    // The issuer's key must be the same EdDSA curve, without parameters (RFC 8410 section 3).
    if (key.oid !== signed.algorithm || key.parameter !== undefined) return null;
    return { importAlgorithm: { name: edName }, verifyAlgorithm: { name: edName }, signature: signed.signature };
  }
  return null;
}

/** The platform's WebCrypto lacks the algorithm (Ed25519 before Chromium 137, Ed448 outside Node): not a verdict. */
export const NOT_SUPPORTED = "not supported";

/**
 * Imported issuer keys, per issuer certificate and import algorithm; a failed import is kept as
 * null, an algorithm the platform lacks as NOT_SUPPORTED.
 */
const importedKeys = new WeakMap<Certificate, Map<string, Promise<CryptoKey | null | typeof NOT_SUPPORTED>>>();
let importCount = 0;

/** How many keys were imported into WebCrypto so far (for tests: anchors are imported once). */
export function webCryptoImportCount(): number {
  return importCount;
}

function importedKey(subtle: SubtleCrypto, issuer: Certificate, algorithm: WebCryptoCheck["importAlgorithm"]): Promise<CryptoKey | null | typeof NOT_SUPPORTED> {
  let perIssuer = importedKeys.get(issuer);
  if (!perIssuer) importedKeys.set(issuer, (perIssuer = new Map()));
  const id = JSON.stringify(algorithm);
  let key = perIssuer.get(id);
  if (!key) {
    importCount++;
    key = subtle
      .importKey("spki", toArrayBufferView(issuer.subjectPublicKeyInfo), algorithm, false, ["verify"])
      .catch((error: unknown) => (isNotSupported(error) ? NOT_SUPPORTED : null));
    perIssuer.set(id, key);
  }
  return key;
}

/**
 * A WebCrypto that does not know an algorithm says NotSupportedError (the standard); older
 * runtimes threw other names or plain errors with "Unrecognized"/"not supported" in the text.
 */
function isNotSupported(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof error === "object" && error !== null && "name" in error)) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === "NotSupportedError" || /unrecognized|not supported|unsupported/i.test(String(message ?? ""));
}

/**
 * True/false when WebCrypto checked `signed` against `issuer`'s key; undefined when it cannot (an
 * algorithm, key type or curve outside WebCrypto), so the caller decides; NOT_SUPPORTED when the
 * algorithm is one WebCrypto defines but this platform lacks (the caller must not call it a bad
 * signature). A key WebCrypto refuses to import cannot vouch for the child: false, as before with pkijs.
 */
export async function verifyWithWebCrypto(subtle: SubtleCrypto, signed: SignedCertificate, issuer: Certificate): Promise<boolean | undefined | typeof NOT_SUPPORTED> {
  const check = webCryptoCheck(signed, issuer.subjectPublicKeyInfo);
  if (!check) return undefined;
  const key = await importedKey(subtle, issuer, check.importAlgorithm);
  if (key === NOT_SUPPORTED) return NOT_SUPPORTED;
  if (!key) return false;
  return subtle.verify(check.verifyAlgorithm, key, toArrayBufferView(check.signature), toArrayBufferView(signed.tbs)).catch((error: unknown) => (isNotSupported(error) ? NOT_SUPPORTED : false));
}
