import { DER_NULL, TAG, children, content, decodeOid, derOctetString, derOid, derSequence, encodeTlv, encoding, expectTlv, readTlv, type Tlv } from "../binary/der.js";
import { KeystoreError } from "../model/errors.js";
import { keyAlgorithmName } from "../model/certificate.js";

/**
 * PKCS#8 `PrivateKeyInfo` (RFC 5208, and RFC 5958's OneAsymmetricKey v2) and the traditional
 * structures inside it: PKCS#1 `RSAPrivateKey` and SEC1 `ECPrivateKey`. Checked with the strict
 * DER reader, so that a key that passes here is one Java's KeyFactory accepts.
 *
 * Java keeps the bytes it is given: KeyFactory.generatePrivate(PKCS8EncodedKeySpec) and a
 * keystore's getKey() return exactly the PKCS#8 that was stored (checked with Java 17 and 25 in
 * test/keys/). So a PKCS#8 key is kept as read, and a traditional key is wrapped as
 * `openssl pkcs8 -topk8` wraps it, which is then also what Java hands back.
 */

export const KEY_OID = {
  rsa: "1.2.840.113549.1.1.1",
  rsaPss: "1.2.840.113549.1.1.10",
  ec: "1.2.840.10045.2.1",
  dsa: "1.2.840.10040.4.1",
  x25519: "1.3.101.110",
  x448: "1.3.101.111",
  ed25519: "1.3.101.112",
  ed448: "1.3.101.113",
} as const;

/**
 * The named curves whose keys are checked in size (and, in ec-math.ts, whose public keys can be
 * computed). Kept apart from the curve constants so that Keystore.set's check stays small.
 */
export const NAMED_CURVES: Readonly<Record<string, { name: string; size: number }>> = {
  "1.2.840.10045.3.1.7": { name: "P-256", size: 32 },
  "1.3.132.0.34": { name: "P-384", size: 48 },
  "1.3.132.0.35": { name: "P-521", size: 66 },
};

/** The raw key length of each RFC 8410 algorithm. */
const RAW_KEY_LENGTH: Record<string, number> = { [KEY_OID.x25519]: 32, [KEY_OID.x448]: 56, [KEY_OID.ed25519]: 32, [KEY_OID.ed448]: 57 };

/** What a PKCS#8 key is, read from its structure (no secrets are copied out). */
export interface PrivateKeyInfo {
  /** Java's algorithm name: "RSA", "RSASSA-PSS", "EC", "DSA", "Ed25519", "Ed448", "X25519", "X448", or the OID. */
  readonly algorithm: string;
  /** The algorithm OID. */
  readonly algorithmOid: string;
  /** EC only: the namedCurve OID. */
  readonly curveOid?: string;
  /** EC only: "P-256", "P-384", "P-521", or the OID for other named curves. */
  readonly curve?: string;
  /** The PKCS#8 DER (the bytes given). */
  readonly pkcs8: Uint8Array;
}

/** Reads with the DER reader and reports failures as a damaged private key, naming `what`. */
export function asKeyStructure<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof KeystoreError && (error.code === "TRUNCATED" || error.code === "MALFORMED")) {
      if (error.message.startsWith("Malformed private key") || error.message.startsWith("Truncated private key")) throw error;
      const detail = error.message.replace(/^(Malformed|Truncated) keystore: /, "");
      throw error.code === "TRUNCATED"
        ? new KeystoreError("TRUNCATED", `Truncated private key: ${what} ends early (${detail}); is the file cut short?`, { cause: error })
        : new KeystoreError("MALFORMED", `Malformed private key: ${what} is not valid (${detail})`, { cause: error });
    }
    throw error;
  }
}

export function malformedKey(what: string): KeystoreError {
  return new KeystoreError("MALFORMED", `Malformed private key: ${what}`);
}

/** The element at `offset` of `bytes`, which must fill them exactly (no trailing bytes). */
function whole(bytes: Uint8Array, tag: number, what: string): Tlv {
  const tlv = expectTlv(bytes, 0, bytes.length, tag, what);
  if (tlv.end !== bytes.length) throw malformedKey(`${bytes.length - tlv.end} bytes follow the ${what}`);
  return tlv;
}

function positiveInteger(tlv: Tlv | undefined, what: string): Tlv {
  if (!tlv || tlv.tag !== TAG.INTEGER || tlv.end === tlv.contentStart) throw malformedKey(`${what} is missing`);
  if (content(tlv)[0]! & 0x80) throw malformedKey(`${what} is negative`);
  return tlv;
}

function smallInteger(tlv: Tlv | undefined, what: string): number {
  if (!tlv || tlv.tag !== TAG.INTEGER) throw malformedKey(`${what} is missing`);
  const body = content(tlv);
  if (body.length !== 1) throw malformedKey(`${what} is not a small version number`);
  return body[0]!;
}

/**
 * Checks a PKCS#8 `PrivateKeyInfo` and the key inside it (for RSA, EC, DSA and the RFC 8410
 * algorithms; other algorithms are checked only as PKCS#8). MALFORMED or TRUNCATED when it is
 * not one; UNSUPPORTED for an EC key with explicit curve parameters (Java refuses those too).
 */
export function readPrivateKeyInfo(pkcs8: Uint8Array): PrivateKeyInfo {
  return asKeyStructure("the PKCS#8 PrivateKeyInfo", () => {
    const info = whole(pkcs8, TAG.SEQUENCE, "PKCS#8 PrivateKeyInfo");
    const [version, algorithmId, privateKey, ...rest] = children(info);
    const v = smallInteger(version, "the PKCS#8 version");
    if (v > 1) throw malformedKey(`PKCS#8 version ${v + 1} is unknown (1 and 2 exist)`);
    if (!algorithmId || algorithmId.tag !== TAG.SEQUENCE) throw malformedKey("the PKCS#8 algorithm identifier is missing");
    if (!privateKey || privateKey.tag !== TAG.OCTET_STRING) throw malformedKey("the PKCS#8 privateKey OCTET STRING is missing");
    for (const field of rest) {
      if (field.tag !== 0xa0 && field.tag !== 0x81 && field.tag !== 0xa1) throw malformedKey(`unexpected field (tag 0x${field.tag.toString(16)}) after the PKCS#8 key`);
    }
    const [oidTlv, parameters] = children(algorithmId);
    if (!oidTlv || oidTlv.tag !== TAG.OID) throw malformedKey("the PKCS#8 algorithm has no OID");
    const algorithmOid = decodeOid(content(oidTlv));
    const inner = content(privateKey);
    const base = { algorithm: keyAlgorithmName(algorithmOid), algorithmOid, pkcs8 };
    switch (algorithmOid) {
      case KEY_OID.rsa:
      case KEY_OID.rsaPss:
        readRsaPrivateKey(inner);
        return base;
      case KEY_OID.ec: {
        const curveOid = namedCurve(parameters);
        readEcPrivateKey(inner, curveOid);
        return { ...base, curveOid, curve: NAMED_CURVES[curveOid]?.name ?? curveOid };
      }
      case KEY_OID.dsa: {
        if (!parameters || parameters.tag !== TAG.SEQUENCE || children(parameters).length !== 3) throw malformedKey("a DSA key without its p, q, g parameters");
        positiveInteger(whole(inner, TAG.INTEGER, "DSA private value"), "the DSA private value");
        return base;
      }
      default: {
        const length = RAW_KEY_LENGTH[algorithmOid];
        if (length !== undefined) {
          if (parameters) throw malformedKey(`${base.algorithm} keys take no algorithm parameters`);
          const raw = content(whole(inner, TAG.OCTET_STRING, `${base.algorithm} private key`));
          if (raw.length !== length) throw malformedKey(`an ${base.algorithm} private key is ${length} bytes, not ${raw.length}`);
        }
        return base;
      }
    }
  });
}

/** The namedCurve OID of EC parameters; UNSUPPORTED for explicit parameters. */
function namedCurve(parameters: Tlv | undefined): string {
  if (parameters?.tag === TAG.OID) return decodeOid(content(parameters));
  if (parameters?.tag === TAG.SEQUENCE) {
    throw new KeystoreError("UNSUPPORTED", "Unsupported: EC keys with explicit curve parameters; write the key with a named curve (openssl ec -param_enc named_curve)");
  }
  throw malformedKey("an EC key without its curve");
}

/** The fields of PKCS#1 `RSAPrivateKey`: version, n, e, d, p, q, dP, dQ, qInv (and other primes when version 1). */
export function readRsaPrivateKey(pkcs1: Uint8Array): { n: Uint8Array; e: Uint8Array } {
  const sequence = whole(pkcs1, TAG.SEQUENCE, "PKCS#1 RSAPrivateKey");
  const fields = children(sequence);
  const version = smallInteger(fields[0], "the RSAPrivateKey version");
  if (version > 1) throw malformedKey(`RSAPrivateKey version ${version} is unknown`);
  const names = ["modulus", "public exponent", "private exponent", "prime 1", "prime 2", "exponent 1", "exponent 2", "coefficient"];
  names.forEach((name, i) => positiveInteger(fields[i + 1], `the RSA ${name}`));
  if (fields.length !== 9 && !(version === 1 && fields.length === 10)) throw malformedKey(`an RSAPrivateKey has 9 fields, not ${fields.length}`);
  return { n: unsigned(content(fields[1]!)), e: unsigned(content(fields[2]!)) };
}

/** SEC1 `ECPrivateKey` { version 1, privateKey, [0] parameters, [1] publicKey }, checked. */
export function readEcPrivateKey(sec1: Uint8Array, curveOid?: string): { d: Uint8Array; curveOid: string | undefined; publicKey: Uint8Array | undefined; fields: Tlv[] } {
  const sequence = whole(sec1, TAG.SEQUENCE, "SEC1 ECPrivateKey");
  const fields = children(sequence);
  if (smallInteger(fields[0], "the ECPrivateKey version") !== 1) throw malformedKey("an ECPrivateKey has version 1");
  const d = fields[1];
  if (!d || d.tag !== TAG.OCTET_STRING || d.end === d.contentStart) throw malformedKey("the EC private value is missing");
  let inner: string | undefined;
  let publicKey: Uint8Array | undefined;
  for (const field of fields.slice(2)) {
    if (field.tag === 0xa0) inner = namedCurve(children(field)[0]);
    else if (field.tag === 0xa1) {
      const bits = children(field)[0];
      if (!bits || bits.tag !== TAG.BIT_STRING || content(bits)[0] !== 0) throw malformedKey("the EC public key is not a BIT STRING");
      publicKey = content(bits).subarray(1);
    } else throw malformedKey(`unexpected ECPrivateKey field (tag 0x${field.tag.toString(16)})`);
  }
  if (curveOid && inner && inner !== curveOid) throw malformedKey(`the EC key names two curves (${curveOid} and ${inner})`);
  const curve = NAMED_CURVES[curveOid ?? inner ?? ""];
  if (curve && content(d).length > curve.size) throw malformedKey(`the ${curve.name} private value is ${content(d).length} bytes, more than ${curve.size}`);
  return { d: content(d), curveOid: curveOid ?? inner, publicKey, fields };
}

/** PKCS#1 `RSAPrivateKey` → PKCS#8, as `openssl pkcs8 -topk8` writes it. */
export function wrapRsaPrivateKey(pkcs1: Uint8Array): Uint8Array {
  asKeyStructure("the PKCS#1 RSAPrivateKey", () => readRsaPrivateKey(pkcs1));
  return derSequence(encodeTlv(TAG.INTEGER, Uint8Array.of(0)), derSequence(derOid(KEY_OID.rsa), DER_NULL), derOctetString(pkcs1));
}

/**
 * SEC1 `ECPrivateKey` → PKCS#8, as `openssl pkcs8 -topk8` writes it: the curve moves to the
 * algorithm identifier, the inner structure keeps version, private value and (when present)
 * public key. `curveOid` is for keys that carry no [0] parameters (an `EC PARAMETERS` block).
 */
export function wrapEcPrivateKey(sec1: Uint8Array, curveOid?: string): Uint8Array {
  const parsed = asKeyStructure("the SEC1 ECPrivateKey", () => readEcPrivateKey(sec1, curveOid));
  if (!parsed.curveOid) throw malformedKey("the EC key does not name its curve (add -param_enc named_curve, or keep the EC PARAMETERS block)");
  const kept = parsed.fields.filter((field) => field.tag !== 0xa0).map(encoding);
  const inner = derSequence(...kept);
  return derSequence(encodeTlv(TAG.INTEGER, Uint8Array.of(0)), derSequence(derOid(KEY_OID.ec), derOid(parsed.curveOid)), derOctetString(inner));
}

/** Drops the sign byte of a positive DER INTEGER. */
function unsigned(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** The pieces of a PKCS#8 the public-key derivation needs. */
export function privateKeyParts(pkcs8: Uint8Array): { algorithmOid: string; parameters: Tlv | undefined; inner: Uint8Array; publicKeyV2: Uint8Array | undefined } {
  return asKeyStructure("the PKCS#8 PrivateKeyInfo", () => {
    const info = whole(pkcs8, TAG.SEQUENCE, "PKCS#8 PrivateKeyInfo");
    const [, algorithmId, privateKey, ...rest] = children(info);
    const [oidTlv, parameters] = children(algorithmId!);
    const v2 = rest.find((field) => field.tag === 0x81 || field.tag === 0xa1);
    let publicKeyV2: Uint8Array | undefined;
    if (v2) {
      // [1] IMPLICIT BIT STRING: primitive 0x81 (the content is the BIT STRING's).
      const bits = v2.tag === 0x81 ? content(v2) : content(readTlv(content(v2), 0));
      if (bits[0] !== 0) throw malformedKey("the PKCS#8 v2 public key is not a whole number of bytes");
      publicKeyV2 = bits.subarray(1);
    }
    return { algorithmOid: decodeOid(content(oidTlv!)), parameters, inner: content(privateKey!), publicKeyV2 };
  });
}

