import { TAG, children, content, decodeOid, expectTlv, readTlv } from "../binary/der.js";
import { KeystoreError } from "../model/errors.js";

/**
 * What the signature code needs to know about a public key, read from its SubjectPublicKeyInfo:
 * its family, its size (the RSA modulus or the EC field, in bits) and, for EC, the named curve.
 */

/** The key families keystorekit generates and signs with. */
export type KeyFamily = "RSA" | "EC" | "Ed25519" | "Ed448";

/** The WebCrypto names of the curves Java and WebCrypto share. */
export type NamedCurve = "P-256" | "P-384" | "P-521";

export interface PublicKeyInfo {
  family: KeyFamily;
  /** Bits: the RSA modulus length, the EC field size (256/384/521), 255 or 448 for EdDSA. */
  size: number;
  /** EC only. */
  curve?: NamedCurve;
  /** The BIT STRING content without its unused-bits byte (what keytool hashes for the key identifier). */
  keyBits: Uint8Array;
}

export const OID_RSA = "1.2.840.113549.1.1.1";
export const OID_EC = "1.2.840.10045.2.1";
export const OID_ED25519 = "1.3.101.112";
export const OID_ED448 = "1.3.101.113";

/** Curve OIDs (as Java writes them in the AlgorithmIdentifier) and their field sizes. */
export const CURVES: Readonly<Record<NamedCurve, { oid: string; bits: number; javaName: string }>> = {
  "P-256": { oid: "1.2.840.10045.3.1.7", bits: 256, javaName: "secp256r1" },
  "P-384": { oid: "1.3.132.0.34", bits: 384, javaName: "secp384r1" },
  "P-521": { oid: "1.3.132.0.35", bits: 521, javaName: "secp521r1" },
};

export function curveByOid(oid: string): NamedCurve | undefined {
  return (Object.keys(CURVES) as NamedCurve[]).find((name) => CURVES[name].oid === oid);
}

const unsupportedKey = (what: string) =>
  new KeystoreError("UNSUPPORTED", `Unsupported key: ${what} (keystorekit signs with RSA, EC P-256/P-384/P-521, Ed25519 and Ed448 keys)`);

/** Reads a SubjectPublicKeyInfo; MALFORMED when it is not one, UNSUPPORTED for other key types. */
export function publicKeyInfo(spki: Uint8Array): PublicKeyInfo {
  const outer = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, "SubjectPublicKeyInfo");
  const [algorithm, key] = children(outer);
  if (!algorithm || algorithm.tag !== TAG.SEQUENCE || !key || key.tag !== TAG.BIT_STRING) {
    throw new KeystoreError("MALFORMED", "Malformed public key: not a SubjectPublicKeyInfo");
  }
  const [oidTlv, parameters] = children(algorithm);
  if (!oidTlv || oidTlv.tag !== TAG.OID) throw new KeystoreError("MALFORMED", "Malformed public key: no algorithm OID");
  const bits = content(key);
  if (bits[0] !== 0) throw new KeystoreError("MALFORMED", "Malformed public key: the key is not a whole number of bytes");
  const keyBits = bits.subarray(1);
  const oid = decodeOid(content(oidTlv));
  switch (oid) {
    case OID_RSA: {
      const sequence = readTlv(keyBits, 0);
      const modulus = children(sequence)[0];
      if (sequence.tag !== TAG.SEQUENCE || !modulus || modulus.tag !== TAG.INTEGER) {
        throw new KeystoreError("MALFORMED", "Malformed public key: not an RSA public key");
      }
      return { family: "RSA", size: bitLength(content(modulus)), keyBits };
    }
    case OID_EC: {
      const curveOid = parameters?.tag === TAG.OID ? decodeOid(content(parameters)) : "explicit parameters";
      const curve = curveByOid(curveOid);
      if (!curve) throw unsupportedKey(`EC curve ${curveOid}`);
      return { family: "EC", size: CURVES[curve].bits, curve, keyBits };
    }
    case OID_ED25519:
      return { family: "Ed25519", size: 255, keyBits };
    case OID_ED448:
      return { family: "Ed448", size: 448, keyBits };
    default:
      throw unsupportedKey(`algorithm ${oid}`);
  }
}

/** Bit length of an unsigned big-endian INTEGER content (a leading zero byte ignored). */
function bitLength(value: Uint8Array): number {
  let i = 0;
  while (i < value.length && value[i] === 0) i++;
  if (i === value.length) return 0;
  return (value.length - i - 1) * 8 + (32 - Math.clz32(value[i]!));
}
