import { modPow } from "../crypto/rsa-verify.js";

/**
 * Public keys from private scalars, for matching a key with its certificate when the key file does
 * not carry the public key (a SEC1 key written without it, every Ed25519/Ed448 PKCS#8 v1). This
 * is never used to sign: it multiplies the base point once, in plain BigInt arithmetic (not
 * constant-time; fine for a comparison done once per import). Points are checked against node's
 * and OpenSSL's keys in test/keys/.
 */

/** A short Weierstrass curve y² = x³ − 3x + b over GF(p) (the NIST prime curves). */
interface PrimeCurve {
  readonly p: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  /** The group order. */
  readonly n: bigint;
  /** Bytes of a field element (and of the private scalar). */
  readonly size: number;
}

/** The NIST curves by their namedCurve OID (constants from `openssl ecparam -param_enc explicit`). */
export const PRIME_CURVES: Readonly<Record<string, PrimeCurve & { name: string }>> = {
  "1.2.840.10045.3.1.7": {
    name: "P-256",
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    size: 32,
  },
  "1.3.132.0.34": {
    name: "P-384",
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    size: 48,
  },
  "1.3.132.0.35": {
    name: "P-521",
    p: (1n << 521n) - 1n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    gx: 0xc6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    gy: 0x11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    n: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    size: 66,
  },
};

/** Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
type Jacobian = readonly [bigint, bigint, bigint];

/** d·G on `curve` as affine (x, y); null when d is 0 or not below the order (not a valid key). */
export function primeCurveMultiply(curve: PrimeCurve, d: bigint): { x: bigint; y: bigint } | null {
  if (d <= 0n || d >= curve.n) return null;
  const { p } = curve;
  const mod = (v: bigint) => ((v % p) + p) % p;
  const double = ([x, y, z]: Jacobian): Jacobian => {
    if (z === 0n || y === 0n) return [0n, 1n, 0n];
    // dbl-2001-b, for a = −3.
    const delta = mod(z * z);
    const gamma = mod(y * y);
    const beta = mod(x * gamma);
    const alpha = mod(3n * (x - delta) * (x + delta));
    const x3 = mod(alpha * alpha - 8n * beta);
    const z3 = mod((y + z) * (y + z) - gamma - delta);
    const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma);
    return [x3, y3, z3];
  };
  const add = (a: Jacobian, b: Jacobian): Jacobian => {
    const [x1, y1, z1] = a;
    const [x2, y2, z2] = b;
    if (z1 === 0n) return b;
    if (z2 === 0n) return a;
    // add-2007-bl.
    const z1z1 = mod(z1 * z1);
    const z2z2 = mod(z2 * z2);
    const u1 = mod(x1 * z2z2);
    const u2 = mod(x2 * z1z1);
    const s1 = mod(y1 * z2 * z2z2);
    const s2 = mod(y2 * z1 * z1z1);
    const h = mod(u2 - u1);
    const r = mod(2n * (s2 - s1));
    if (h === 0n) return r === 0n ? double(a) : [0n, 1n, 0n];
    const i = mod(4n * h * h);
    const j = mod(h * i);
    const v = mod(u1 * i);
    const x3 = mod(r * r - j - 2n * v);
    const y3 = mod(r * (v - x3) - 2n * s1 * j);
    const z3 = mod(((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h);
    return [x3, y3, z3];
  };
  const g: Jacobian = [curve.gx, curve.gy, 1n];
  let result: Jacobian = [0n, 1n, 0n];
  for (let bit = BigInt(d.toString(2).length - 1); bit >= 0n; bit--) {
    result = double(result);
    if ((d >> bit) & 1n) result = add(result, g);
  }
  const [x, y, z] = result;
  if (z === 0n) return null;
  const zInverse = modPow(z, p - 2n, p);
  const z2 = mod(zInverse * zInverse);
  return { x: mod(x * z2), y: mod(y * z2 * zInverse) };
}

/** A twisted Edwards curve a·x² + y² = 1 + d·x²·y² (Ed25519: a = −1; Ed448: a = 1). */
interface EdwardsCurve {
  readonly p: bigint;
  readonly a: bigint;
  readonly d: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  /** Bytes of an encoded point (and of the private seed, except Ed448's 57 = 57). */
  readonly size: number;
}

const P25519 = (1n << 255n) - 19n;
const P448 = (1n << 448n) - (1n << 224n) - 1n;

/** RFC 8032 §5.1 and §5.2. */
export const EDWARDS_CURVES: Readonly<Record<"Ed25519" | "Ed448", EdwardsCurve>> = {
  Ed25519: {
    p: P25519,
    a: P25519 - 1n,
    // -121665/121666 and 4/5 mod p, as literals: computing them cost two 255-bit modPows at import.
    d: 37095705934669439343138083508754565189542113879843219016388785533085940283555n,
    gx: 15112221349535400772501151409588531511454012693041857206046113283949847762202n,
    gy: 46316835694926478169428394003475163141307993866256225615783033603165251855960n,
    size: 32,
  },
  Ed448: {
    p: P448,
    a: 1n,
    d: P448 - 39081n,
    gx: 224580040295924300187604334099896036246789641632564134246125461686950415467406032909029192869357953282578032075146446173674602635247710n,
    gy: 298819210078481492676017930443930673437544040154080242095928241372331506189835876003536878655418784733982303233503462500531545062832660n,
    size: 57,
  },
};

/** s·G on an Edwards curve, encoded as RFC 8032 does (y little-endian, x's low bit on top). */
export function edwardsMultiplyEncoded(curve: EdwardsCurve, s: bigint): Uint8Array {
  const { p, a, d } = curve;
  const mod = (v: bigint) => ((v % p) + p) % p;
  type Projective = readonly [bigint, bigint, bigint];
  // add-2008-bbjlp: complete for these curves (a square, d not), so it also doubles.
  const add = ([x1, y1, z1]: Projective, [x2, y2, z2]: Projective): Projective => {
    const A = mod(z1 * z2);
    const B = mod(A * A);
    const C = mod(x1 * x2);
    const D = mod(y1 * y2);
    const E = mod(d * C * D);
    const F = mod(B - E);
    const G = mod(B + E);
    return [mod(A * F * ((x1 + y1) * (x2 + y2) - C - D)), mod(A * G * (D - a * C)), mod(F * G)];
  };
  let result: Projective = [0n, 1n, 1n];
  const base: Projective = [curve.gx, curve.gy, 1n];
  for (let bit = BigInt(s.toString(2).length - 1); bit >= 0n; bit--) {
    result = add(result, result);
    if ((s >> bit) & 1n) result = add(result, base);
  }
  const zInverse = modPow(result[2], p - 2n, p);
  const x = mod(result[0] * zInverse);
  let y = mod(result[1] * zInverse);
  const out = new Uint8Array(curve.size);
  for (let i = 0; i < curve.size; i++, y >>= 8n) out[i] = Number(y & 0xffn);
  out[curve.size - 1]! |= Number(x & 1n) << 7;
  return out;
}

/** Little-endian bytes → BigInt. */
export function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}
