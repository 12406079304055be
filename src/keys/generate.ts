import { TAG, children, content, derSequence, encodeTlv, encoding, expectTlv } from "../binary/der.js";
import { secureRandom, type RandomSource } from "../crypto/random.js";
import { toArrayBufferView } from "../crypto/webcrypto.js";
import type { SecretKeyEntry } from "../model/entry.js";
import { KeystoreError } from "../model/errors.js";
import { CURVES, publicKeyInfo, type KeyFamily, type NamedCurve } from "../x509/key-info.js";
import { defaultSignatureAlgorithm, rsassaPssUnsupported, type KeytoolDefaults, type SignatureAlgorithm } from "../x509/signature.js";
import { requireSubtle, runtimeName } from "../x509/webcrypto-signer.js";

/**
 * New keys, as keytool -genkeypair and -genseckey make them, through the platform's WebCrypto (key
 * pairs) and random source (secret keys). A private key comes out as the PKCS#8 Java itself encodes:
 * WebCrypto's EC PKCS#8 carries the public key inside ECPrivateKey, Java 17 and 25 write only
 * { version 1, privateKey } there, so that part is dropped (RSA and EdDSA PKCS#8 are the same bytes).
 */

/** Java's key algorithm names for key pairs (-keyalg). */
export type KeyPairAlgorithm = KeyFamily;

export interface GenerateKeyPairOptions {
  /** keytool's -keyalg: "RSA", "EC", "Ed25519" or "Ed448" (any case). */
  algorithm: string;
  /** keytool's -keysize: RSA 2048/3072/4096, EC 256/384/521. Default: keytool 25's (RSA 3072, EC 384). */
  size?: number;
  /** keytool's -groupname for EC: "secp256r1"/"P-256", "secp384r1"/"P-384", "secp521r1"/"P-521". */
  curve?: string;
  /** Follow keytool 25's defaults (the default) or Java 17's (RSA 2048, EC P-256, SHA256with…). */
  defaults?: KeytoolDefaults;
}

export interface GeneratedKeyPair {
  algorithm: KeyPairAlgorithm;
  /** PKCS#8 PrivateKeyInfo, exactly as Java's getEncoded() writes it. */
  privateKey: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  /** RSA modulus bits, EC field bits, 255 (Ed25519) or 448 (Ed448). */
  size: number;
  /** EC only. */
  curve?: NamedCurve;
  /** The signature algorithm keytool picks for this key without -sigalg. */
  signatureAlgorithm: SignatureAlgorithm;
}

/**
 * keytool's defaults without -keysize (keytool 25: RSA 3072, EC secp384r1; keytool 17: RSA 2048,
 * EC secp256r1), measured with `keytool -genkeypair -keyalg …`; validity is 90 days in both.
 */
export const KEYTOOL_DEFAULT_KEY_SIZES: Readonly<Record<KeytoolDefaults, { RSA: number; EC: number }>> = {
  25: { RSA: 3072, EC: 384 },
  17: { RSA: 2048, EC: 256 },
};

const FAMILIES: readonly KeyPairAlgorithm[] = ["RSA", "EC", "Ed25519", "Ed448"];
const CURVE_NAMES: Readonly<Record<string, NamedCurve>> = {
  "p-256": "P-256",
  secp256r1: "P-256",
  prime256v1: "P-256",
  "p-384": "P-384",
  secp384r1: "P-384",
  "p-521": "P-521",
  secp521r1: "P-521",
};

const invalid = (message: string) => new KeystoreError("INVALID_ARGUMENT", message);

function curveFor(options: GenerateKeyPairOptions, defaults: KeytoolDefaults): NamedCurve {
  if (options.curve !== undefined) {
    const curve = CURVE_NAMES[options.curve.toLowerCase()];
    if (!curve) throw invalid(`Unsupported -groupname "${options.curve}": use secp256r1, secp384r1 or secp521r1`);
    if (options.size !== undefined && CURVES[curve].bits !== options.size) throw invalid(`-keysize ${options.size} does not match -groupname ${options.curve}`);
    return curve;
  }
  const size = options.size ?? KEYTOOL_DEFAULT_KEY_SIZES[defaults].EC;
  const curve = (Object.keys(CURVES) as NamedCurve[]).find((name) => CURVES[name].bits === size);
  if (!curve) throw invalid(`Unsupported EC -keysize ${size}: use 256, 384 or 521`);
  return curve;
}

/** A new key pair, as `keytool -genkeypair -keyalg … [-keysize …|-groupname …]` makes it. */
export async function generateKeyPair(options: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const defaults = options.defaults ?? 25;
  if (options.algorithm.toLowerCase() === "rsassa-pss") throw rsassaPssUnsupported("-keyalg");
  const algorithm = FAMILIES.find((name) => name.toLowerCase() === options.algorithm.toLowerCase());
  if (!algorithm) throw invalid(`Unsupported -keyalg "${options.algorithm}": use RSA, EC, Ed25519 or Ed448`);
  let parameters: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
  let curve: NamedCurve | undefined;
  if (algorithm === "RSA") {
    const size = options.size ?? KEYTOOL_DEFAULT_KEY_SIZES[defaults].RSA;
    if (![2048, 3072, 4096].includes(size)) throw invalid(`Unsupported RSA -keysize ${size}: use 2048, 3072 or 4096`);
    parameters = { name: "RSASSA-PKCS1-v1_5", modulusLength: size, publicExponent: Uint8Array.of(1, 0, 1), hash: "SHA-256" };
  } else if (algorithm === "EC") {
    curve = curveFor(options, defaults);
    parameters = { name: "ECDSA", namedCurve: curve };
  } else {
    if (options.size !== undefined && options.size !== (algorithm === "Ed25519" ? 255 : 448)) throw invalid(`${algorithm} keys have no -keysize ${options.size}`);
    parameters = { name: algorithm };
  }
  const subtle = requireSubtle();
  let pair: CryptoKeyPair;
  try {
    pair = (await subtle.generateKey(parameters, true, ["sign", "verify"])) as CryptoKeyPair;
  } catch (error) {
    throw new KeystoreError("UNSUPPORTED", `Unsupported: ${runtimeName()} cannot generate ${algorithm} keys through WebCrypto (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const pkcs8 = new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey));
  const publicKey = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  const info = publicKeyInfo(publicKey);
  return {
    algorithm,
    privateKey: algorithm === "EC" ? javaEcPkcs8(pkcs8, CURVES[curve!].bits) : pkcs8,
    publicKey,
    size: info.size,
    ...(curve ? { curve } : {}),
    signatureAlgorithm: defaultSignatureAlgorithm(info, defaults),
  };
}

/**
 * EC PKCS#8 as Java encodes it: the AlgorithmIdentifier names the curve, and the inner
 * ECPrivateKey is SEQUENCE { INTEGER 1, OCTET STRING d } with d as long as the field (Java drops
 * WebCrypto's optional [0] parameters and [1] public key).
 */
export function javaEcPkcs8(pkcs8: Uint8Array, fieldBits: number): Uint8Array {
  const info = expectTlv(pkcs8, 0, pkcs8.length, TAG.SEQUENCE, "PrivateKeyInfo");
  const [version, algorithm, privateKey] = children(info);
  if (!version || !algorithm || privateKey?.tag !== TAG.OCTET_STRING) throw new KeystoreError("MALFORMED", "Malformed private key: not a PKCS#8 EC key");
  const inner = content(privateKey);
  const ecKey = expectTlv(inner, 0, inner.length, TAG.SEQUENCE, "ECPrivateKey");
  const secret = children(ecKey)[1];
  if (secret?.tag !== TAG.OCTET_STRING) throw new KeystoreError("MALFORMED", "Malformed private key: ECPrivateKey has no private key");
  const length = Math.ceil(fieldBits / 8);
  let d = content(secret);
  while (d.length > length && d[0] === 0) d = d.subarray(1);
  const padded = new Uint8Array(length);
  padded.set(d, length - d.length);
  const javaEcKey = derSequence(Uint8Array.of(TAG.INTEGER, 1, 1), encodeTlv(TAG.OCTET_STRING, padded));
  return derSequence(encoding(version), encoding(algorithm), encodeTlv(TAG.OCTET_STRING, javaEcKey));
}

/** Java's names of the secret keys -genseckey makes here. */
export type SecretKeyAlgorithm = "AES" | "HmacSHA256" | "HmacSHA384" | "HmacSHA512";

const SECRET_KEYS: Readonly<Record<SecretKeyAlgorithm, { sizes?: readonly number[]; defaultSize?: number }>> = {
  AES: { sizes: [128, 192, 256] },
  HmacSHA256: { defaultSize: 256 },
  HmacSHA384: { defaultSize: 384 },
  HmacSHA512: { defaultSize: 512 },
};

export interface GenerateSecretKeyOptions {
  /** keytool's -keyalg: AES, HmacSHA256, HmacSHA384 or HmacSHA512 (any case). */
  algorithm: string;
  /** keytool's -keysize in bits. Required for AES (128, 192, 256), as keytool requires it; HMAC keys default to their hash's length. */
  size?: number;
  random?: RandomSource;
}

export interface GeneratedSecretKey {
  algorithm: SecretKeyAlgorithm;
  /** The raw key bytes (what JCEKS and PKCS#12 protect). */
  key: Uint8Array;
}

/** A new secret key, as `keytool -genseckey -keyalg … -keysize …` makes it (random bytes from WebCrypto). */
export function generateSecretKey(options: GenerateSecretKeyOptions): GeneratedSecretKey {
  const algorithm = (Object.keys(SECRET_KEYS) as SecretKeyAlgorithm[]).find((name) => name.toLowerCase() === options.algorithm.toLowerCase());
  if (!algorithm) throw invalid(`Unsupported secret key -keyalg "${options.algorithm}": use AES, HmacSHA256, HmacSHA384 or HmacSHA512`);
  const rule = SECRET_KEYS[algorithm];
  const size = options.size ?? rule.defaultSize;
  if (size === undefined) throw invalid(`Please provide -keysize for secret key generation (${algorithm}: ${rule.sizes!.join(", ")})`);
  if (rule.sizes ? !rule.sizes.includes(size) : !Number.isInteger(size) || size < 40 || size % 8 !== 0 || size > 8192) {
    throw invalid(rule.sizes ? `Unsupported ${algorithm} -keysize ${size}: use ${rule.sizes.join(", ")}` : `Unsupported ${algorithm} -keysize ${size}: use a multiple of 8 from 40 bits`);
  }
  return { algorithm, key: (options.random ?? secureRandom)(size / 8) };
}

/** The SecretKeyEntry a generated key makes, ready for a JCEKS or PKCS#12 store (encodeKeystore protects it as Java does). */
export function secretKeyEntry(alias: string, key: GeneratedSecretKey, created: Date = new Date()): SecretKeyEntry {
  return { type: "secretKey", alias, created, algorithm: key.algorithm, key: { plain: toArrayBufferView(key.key) } };
}
