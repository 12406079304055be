import { TAG, children, content, decodeOid, encoding, expectTlv, readTlv, type Tlv } from "../binary/der.js";
import { HASHES, hashByOid, type HashAlgorithm } from "../crypto/hash.js";
import { toBigInt, verifyRsaPkcs1, verifyRsaPss, type RsaPublicKey } from "../crypto/rsa-verify.js";
import { KeystoreError } from "../model/errors.js";

/**
 * The signature algorithms a certificate may be signed with, one table row each: the name Java
 * gives it, whether WebCrypto can check it (webcrypto-signature.ts), and our own verifier where we have one
 * (used when WebCrypto is missing, as in a browser page served over plain HTTP, or cannot do the
 * algorithm, as RSASSA-PSS with parameters WebCrypto cannot express).
 */

/** The parts of a certificate its signature check reads. */
export interface SignedCertificate {
  /** DER of the TBSCertificate: the signed bytes. */
  tbs: Uint8Array;
  /** OID of the outer signatureAlgorithm. */
  algorithm: string;
  /** Its parameters, when present. */
  parameters: Tlv | undefined;
  /** The signature value (BIT STRING content without the unused-bits byte). */
  signature: Uint8Array;
}

/** One signature algorithm. */
export interface SignatureScheme {
  /** Java's name ("SHA256withRSA"), for messages. */
  name: string;
  /** WebCrypto can verify it (given a key it can import). */
  webCrypto: boolean;
  /** Verifies without WebCrypto; absent where only WebCrypto (or nothing here) can. */
  verify?: (issuerSpki: Uint8Array, signed: SignedCertificate) => boolean;
}

const RSA = "1.2.840.113549.1.1.";
const ECDSA = "1.2.840.10045.4.";
const NIST_SIG = "2.16.840.1.101.3.4.3.";
const RSA_ENCRYPTION = RSA + "1";
const RSASSA_PSS = RSA + "10";
const MGF1 = RSA + "8";

const pkcs1 = (name: string, hash: HashAlgorithm, webCrypto: boolean): SignatureScheme => ({
  name,
  webCrypto,
  verify: (spki, signed) => {
    const key = rsaPublicKey(spki);
    return key !== null && verifyRsaPkcs1(key, hash, signed.tbs, signed.signature);
  },
});
const only = (name: string, webCrypto: boolean): SignatureScheme => ({ name, webCrypto });

/** Every algorithm Java verifies certificates with; an OID not here fails as in Java ("signature check failed"). */
const SCHEMES: Readonly<Record<string, SignatureScheme>> = {
  [RSA + "5"]: pkcs1("SHA1withRSA", HASHES["SHA-1"], true),
  [RSA + "14"]: pkcs1("SHA224withRSA", HASHES["SHA-224"], false),
  [RSA + "11"]: pkcs1("SHA256withRSA", HASHES["SHA-256"], true),
  [RSA + "12"]: pkcs1("SHA384withRSA", HASHES["SHA-384"], true),
  [RSA + "13"]: pkcs1("SHA512withRSA", HASHES["SHA-512"], true),
  [RSA + "15"]: pkcs1("SHA512/224withRSA", HASHES["SHA-512/224"], false),
  [RSA + "16"]: pkcs1("SHA512/256withRSA", HASHES["SHA-512/256"], false),
  [RSASSA_PSS]: { name: "RSASSA-PSS", webCrypto: true, verify: verifyPss },
  // Java knows these but refuses them for certificates (jdk.certpath.disabledAlgorithms).
  [RSA + "2"]: only("MD2withRSA", false),
  [RSA + "4"]: only("MD5withRSA", false),
  [ECDSA + "1"]: only("SHA1withECDSA", true),
  [ECDSA + "3.1"]: only("SHA224withECDSA", false),
  [ECDSA + "3.2"]: only("SHA256withECDSA", true),
  [ECDSA + "3.3"]: only("SHA384withECDSA", true),
  [ECDSA + "3.4"]: only("SHA512withECDSA", true),
  // WebCrypto has Ed25519 in Node 20+, Deno, Bun and Chromium 137+, Ed448 in Node (and Deno); where
  // the platform lacks one, the check is UNSUPPORTED, never a bad signature (pkix-checks.ts).
  "1.3.101.112": only("Ed25519", true),
  "1.3.101.113": only("Ed448", true),
  "1.2.840.10040.4.3": only("SHA1withDSA", false),
  [NIST_SIG + "1"]: only("SHA224withDSA", false),
  [NIST_SIG + "2"]: only("SHA256withDSA", false),
  [NIST_SIG + "3"]: only("SHA384withDSA", false),
  [NIST_SIG + "4"]: only("SHA512withDSA", false),
  [NIST_SIG + "9"]: only("SHA3-224withECDSA", false),
  [NIST_SIG + "10"]: only("SHA3-256withECDSA", false),
  [NIST_SIG + "11"]: only("SHA3-384withECDSA", false),
  [NIST_SIG + "12"]: only("SHA3-512withECDSA", false),
  [NIST_SIG + "13"]: only("SHA3-224withRSA", false),
  [NIST_SIG + "14"]: only("SHA3-256withRSA", false),
  [NIST_SIG + "15"]: only("SHA3-384withRSA", false),
  [NIST_SIG + "16"]: only("SHA3-512withRSA", false),
};

/** The scheme of a signature algorithm OID, or undefined when Java does not know it either. */
export function signatureScheme(oid: string): SignatureScheme | undefined {
  return Object.hasOwn(SCHEMES, oid) ? SCHEMES[oid] : undefined;
}

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }, read
 * in full (the lazy Certificate view never looks past the TBSCertificate); MALFORMED, naming the
 * certificate by `name`, when it is not that.
 */
export function signedParts(der: Uint8Array, name: string): SignedCertificate {
  const malformed = (what: string) => new KeystoreError("MALFORMED", `Malformed certificate: ${name} is not a valid X.509 certificate (${what})`);
  let parts: SignedCertificate;
  try {
    const certificate = expectTlv(der, 0, der.length, TAG.SEQUENCE, "certificate");
    const [tbs, algorithm, value, extra] = children(certificate);
    if (!tbs || tbs.tag !== TAG.SEQUENCE || !algorithm || algorithm.tag !== TAG.SEQUENCE || !value || value.tag !== TAG.BIT_STRING || extra) {
      throw malformed("it is not a TBSCertificate, a signature algorithm and a signature");
    }
    const [oid, parameters] = children(algorithm);
    if (!oid || oid.tag !== TAG.OID) throw malformed("its signature algorithm has no OID");
    const bits = content(value);
    if (bits[0] !== 0) throw malformed("its signature is not a whole number of bytes");
    parts = { tbs: encoding(tbs), algorithm: decodeOid(content(oid)), parameters, signature: bits.subarray(1) };
  } catch (error) {
    if (error instanceof KeystoreError && error.message.startsWith("Malformed certificate")) throw error;
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  return parts;
}

/** SubjectPublicKeyInfo of an RSA (or RSASSA-PSS) key → n and e; null when the key is not RSA. */
function rsaPublicKey(spki: Uint8Array): RsaPublicKey | null {
  const outer = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, "subject public key info");
  const [algorithm, key] = children(outer);
  const oid = algorithm?.tag === TAG.SEQUENCE ? children(algorithm)[0] : undefined;
  if (!oid || oid.tag !== TAG.OID || !key || key.tag !== TAG.BIT_STRING) return null;
  const keyOid = decodeOid(content(oid));
  if (keyOid !== RSA_ENCRYPTION && keyOid !== RSASSA_PSS) return null;
  const bits = content(key);
  if (bits[0] !== 0) return null;
  const sequence = readTlv(bits, 1);
  if (sequence.tag !== TAG.SEQUENCE || sequence.end !== bits.length) return null;
  const [n, e] = children(sequence);
  if (!n || n.tag !== TAG.INTEGER || !e || e.tag !== TAG.INTEGER) return null;
  // DER INTEGERs are signed: a modulus or exponent with its top bit set would be negative.
  if ((content(n)[0] ?? 0x80) & 0x80 || (content(e)[0] ?? 0x80) & 0x80) return null;
  return { n: toBigInt(content(n)), e: toBigInt(content(e)) };
}

/**
 * RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] (SHA-1), maskGenAlgorithm [1] (MGF1 with
 * SHA-1), saltLength [2] INTEGER (20), trailerField [3] INTEGER (1) }, defaults in brackets.
 */
function verifyPss(spki: Uint8Array, signed: SignedCertificate): boolean {
  const key = rsaPublicKey(spki);
  if (!key || !signed.parameters || signed.parameters.tag !== TAG.SEQUENCE) return false;
  let hash = HASHES["SHA-1"];
  let mgfHash = HASHES["SHA-1"];
  let saltLength = 20;
  for (const field of children(signed.parameters)) {
    const inner = children(field)[0];
    if (!inner) return false;
    if (field.tag === 0xa0) {
      const named = pssHash(inner);
      if (!named) return false;
      hash = named;
    } else if (field.tag === 0xa1) {
      const [mgf, mgfParameters] = children(inner);
      if (!mgf || mgf.tag !== TAG.OID || decodeOid(content(mgf)) !== MGF1 || !mgfParameters) return false;
      const named = pssHash(mgfParameters);
      if (!named) return false;
      mgfHash = named;
    } else if (field.tag === 0xa2 || field.tag === 0xa3) {
      const value = content(inner);
      if (inner.tag !== TAG.INTEGER || value.length > 4 || (value[0] ?? 0x80) & 0x80) return false;
      const number = value.reduce((n, b) => n * 256 + b, 0);
      if (field.tag === 0xa2) saltLength = number;
      else if (number !== 1) return false;
    } else return false;
  }
  return verifyRsaPss(key, hash, mgfHash, saltLength, signed.tbs, signed.signature);
}

/** The hash an AlgorithmIdentifier of the PSS parameters names; null when it names none. */
function pssHash(algorithm: Tlv): HashAlgorithm | null {
  const oid = algorithm.tag === TAG.SEQUENCE ? children(algorithm)[0] : undefined;
  if (!oid || oid.tag !== TAG.OID) return null;
  const dotted = decodeOid(content(oid));
  const hash = hashByOid(dotted);
  // Java signs PSS with SHA-3 too; a hash we do not have must not read as a bad signature.
  if (!hash || hash.name === "MD5") throw new KeystoreError("UNSUPPORTED", `Unsupported: RSASSA-PSS signatures with the hash algorithm ${dotted}`);
  return hash;
}
