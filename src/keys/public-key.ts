import { sha512 } from "@noble/hashes/sha2.js";
import { TAG, children, content, decodeOid, expectTlv, readTlv, type Tlv } from "../binary/der.js";
import { toHex } from "../binary/encoding.js";
import { modPow, toBigInt } from "../crypto/rsa-verify.js";
import { shake256 } from "../crypto/shake256.js";
import type { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { EDWARDS_CURVES, PRIME_CURVES, edwardsMultiplyEncoded, littleEndian, primeCurveMultiply } from "./ec-math.js";
import { KEY_OID, asKeyStructure, malformedKey, privateKeyParts, readEcPrivateKey, readPrivateKeyInfo, readRsaPrivateKey } from "./private-key-info.js";

/**
 * The public half of a key, in a form two keys can be compared in whatever encoding each came:
 * keytool compares `PublicKey.equals` ("Public keys in reply and keystore don't match"), which
 * for RSA compares modulus and exponent, for EC the curve and point, for EdDSA the key bytes.
 */
export type PublicKeyValue =
  | { readonly kind: "RSA"; readonly modulus: bigint; readonly exponent: bigint }
  | { readonly kind: "EC"; readonly curveOid: string; readonly x: bigint; readonly y: bigint }
  | { readonly kind: "DSA"; readonly y: bigint; readonly p: bigint; readonly q: bigint; readonly g: bigint }
  /** Ed25519, Ed448, X25519, X448: the encoded public key bytes, lowercase hex. */
  | { readonly kind: "raw"; readonly algorithm: string; readonly key: string };

const RAW_NAMES: Record<string, string> = { [KEY_OID.ed25519]: "Ed25519", [KEY_OID.ed448]: "Ed448", [KEY_OID.x25519]: "X25519", [KEY_OID.x448]: "X448" };

/**
 * The public key of a PKCS#8 private key: RSA from its PKCS#1 fields; EC from the SEC1 public
 * key, or computed from the private value (P-256, P-384, P-521); DSA as g^x mod p; Ed25519 and
 * Ed448 from the PKCS#8 v2 public key, or computed from the seed (RFC 8032). UNSUPPORTED where it
 * can be neither read nor computed (X25519/X448 v1 keys, EC keys on other curves without one).
 */
export function publicKeyOfPrivateKey(pkcs8: Uint8Array): PublicKeyValue {
  const info = readPrivateKeyInfo(pkcs8);
  const { algorithmOid, parameters, inner, publicKeyV2 } = privateKeyParts(pkcs8);
  switch (algorithmOid) {
    case KEY_OID.rsa:
    case KEY_OID.rsaPss: {
      const { n, e } = readRsaPrivateKey(inner);
      return { kind: "RSA", modulus: toBigInt(n), exponent: toBigInt(e) };
    }
    case KEY_OID.ec: {
      const curveOid = info.curveOid!;
      const { d, publicKey } = readEcPrivateKey(inner, curveOid);
      if (publicKey) return ecPoint(curveOid, publicKey, "the EC private key's public key");
      const curve = PRIME_CURVES[curveOid];
      if (!curve) throw new KeystoreError("UNSUPPORTED", `Unsupported: the EC key on curve ${curveOid} does not include its public key, and only P-256, P-384 and P-521 public keys can be computed here`);
      const point = primeCurveMultiply(curve, toBigInt(d));
      if (!point) throw malformedKey(`the ${curve.name} private value is out of range`);
      return { kind: "EC", curveOid, ...point };
    }
    case KEY_OID.dsa: {
      const [p, q, g] = children(parameters!).map(integerValue);
      const x = integerValue(readTlv(inner, 0));
      return { kind: "DSA", y: modPow(g!, x, p!), p: p!, q: q!, g: g! };
    }
    default: {
      const algorithm = RAW_NAMES[algorithmOid];
      if (!algorithm) throw new KeystoreError("UNSUPPORTED", `Unsupported: comparing ${info.algorithm} keys with certificates`);
      if (publicKeyV2) return { kind: "raw", algorithm, key: toHex(publicKeyV2) };
      const seed = content(readTlv(inner, 0));
      if (algorithm === "Ed25519") {
        const h = sha512(seed);
        h[0]! &= 248;
        h[31]! &= 127;
        h[31]! |= 64;
        return { kind: "raw", algorithm, key: toHex(edwardsMultiplyEncoded(EDWARDS_CURVES.Ed25519, littleEndian(h.subarray(0, 32)))) };
      }
      if (algorithm === "Ed448") {
        const h = shake256(seed, 114);
        h[0]! &= 0xfc;
        h[55]! |= 0x80;
        h[56] = 0;
        return { kind: "raw", algorithm, key: toHex(edwardsMultiplyEncoded(EDWARDS_CURVES.Ed448, littleEndian(h.subarray(0, 57)))) };
      }
      throw new KeystoreError("UNSUPPORTED", `Unsupported: this ${algorithm} key does not include its public key (PKCS#8 v1), and ${algorithm} public keys are not computed here`);
    }
  }
}

/** The public key of a certificate's (or any) `SubjectPublicKeyInfo`. */
export function publicKeyOfSpki(spki: Uint8Array): PublicKeyValue {
  return asKeyStructure("the certificate's public key", () => {
    const outer = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, "SubjectPublicKeyInfo");
    const [algorithm, bitString] = children(outer);
    if (!algorithm || algorithm.tag !== TAG.SEQUENCE || !bitString || bitString.tag !== TAG.BIT_STRING) throw malformedKey("a SubjectPublicKeyInfo has an algorithm and a BIT STRING");
    const [oidTlv, parameters] = children(algorithm);
    if (!oidTlv || oidTlv.tag !== TAG.OID) throw malformedKey("the public key algorithm has no OID");
    const oid = decodeOid(content(oidTlv));
    const bits = content(bitString);
    if (bits[0] !== 0) throw malformedKey("the public key is not a whole number of bytes");
    const key = bits.subarray(1);
    switch (oid) {
      case KEY_OID.rsa:
      case KEY_OID.rsaPss: {
        const [n, e] = children(expectTlv(key, 0, key.length, TAG.SEQUENCE, "RSAPublicKey"));
        return { kind: "RSA", modulus: integerValue(n), exponent: integerValue(e) };
      }
      case KEY_OID.ec: {
        if (parameters?.tag !== TAG.OID) throw new KeystoreError("UNSUPPORTED", "Unsupported: a certificate EC key with explicit curve parameters");
        return ecPoint(decodeOid(content(parameters)), key, "the certificate's EC point");
      }
      case KEY_OID.dsa: {
        if (!parameters || parameters.tag !== TAG.SEQUENCE) throw new KeystoreError("UNSUPPORTED", "Unsupported: a DSA certificate key that inherits its parameters");
        const [p, q, g] = children(parameters).map(integerValue);
        return { kind: "DSA", y: integerValue(readTlv(key, 0)), p: p!, q: q!, g: g! };
      }
      default: {
        const algorithmName = RAW_NAMES[oid];
        if (!algorithmName) throw new KeystoreError("UNSUPPORTED", `Unsupported: comparing public keys of algorithm ${oid}`);
        return { kind: "raw", algorithm: algorithmName, key: toHex(key) };
      }
    }
  });
}

/** Whether two public keys are the same key (Java's PublicKey.equals). */
export function samePublicKey(a: PublicKeyValue, b: PublicKeyValue): boolean {
  switch (a.kind) {
    case "RSA":
      return b.kind === "RSA" && a.modulus === b.modulus && a.exponent === b.exponent;
    case "EC":
      return b.kind === "EC" && a.curveOid === b.curveOid && a.x === b.x && a.y === b.y;
    case "DSA":
      return b.kind === "DSA" && a.y === b.y && a.p === b.p && a.q === b.q && a.g === b.g;
    case "raw":
      return b.kind === "raw" && a.algorithm === b.algorithm && a.key === b.key;
  }
}

/** True when the certificate carries the public key of `pkcs8`. */
export function keyMatchesCertificate(pkcs8: Uint8Array, certificate: Certificate): boolean {
  return samePublicKey(publicKeyOfPrivateKey(pkcs8), publicKeyOfSpki(certificate.subjectPublicKeyInfo));
}

/** An uncompressed (04‖x‖y) or compressed (02/03‖x) point; compressed points are decompressed on the NIST curves. */
function ecPoint(curveOid: string, encoded: Uint8Array, what: string): PublicKeyValue {
  const curve = PRIME_CURVES[curveOid];
  const size = curve?.size ?? (encoded.length - 1) / 2;
  if (encoded[0] === 4 && encoded.length === 1 + 2 * size) {
    return { kind: "EC", curveOid, x: toBigInt(encoded.subarray(1, 1 + size)), y: toBigInt(encoded.subarray(1 + size)) };
  }
  if (curve && (encoded[0] === 2 || encoded[0] === 3) && encoded.length === 1 + curve.size) {
    const { p, b } = curve;
    const x = toBigInt(encoded.subarray(1));
    // p ≡ 3 (mod 4) for all three curves: y = (x³ − 3x + b)^((p+1)/4).
    let y = modPow(((x * x * x - 3n * x + b) % p + p) % p, (p + 1n) / 4n, p);
    if ((y & 1n) !== BigInt(encoded[0] & 1)) y = p - y;
    return { kind: "EC", curveOid, x, y };
  }
  throw malformedKey(`${what} is not an EC point of this curve`);
}

function integerValue(tlv: Tlv | undefined): bigint {
  if (!tlv || tlv.tag !== TAG.INTEGER) throw malformedKey("an INTEGER is missing");
  return toBigInt(content(tlv));
}
