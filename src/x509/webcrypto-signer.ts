import { TAG, children, content, decodeOid, derOid, derSequence, encodeTlv, expectTlv, DER_NULL, concatBytes } from "../binary/der.js";
import { fromBase64 } from "../binary/encoding.js";
import { runtimeName, subtleCrypto, toArrayBufferView } from "../crypto/webcrypto.js";

export { runtimeName };
import { KeystoreError } from "../model/errors.js";
import { CURVES, OID_EC, OID_ED25519, OID_ED448, OID_RSA, curveByOid, publicKeyInfo, type KeyFamily, type NamedCurve } from "./key-info.js";
import {
  algorithmRow,
  chooseSignatureAlgorithm,
  ecdsaDerToRaw,
  ecdsaRawToDer,
  signatureAlgorithmByOid,
  type SignatureAlgorithm,
  type Signer,
  type SignatureVerifier,
} from "./signature.js";

/**
 * The WebCrypto implementations of {@link Signer} and {@link SignatureVerifier}: the same code in
 * Node, Deno, Bun and browsers. Keys come in as PKCS#8 (as a key store holds them).
 */

/** The platform's SubtleCrypto, or UNSUPPORTED naming what is missing. */
export function requireSubtle(): SubtleCrypto {
  const subtle = subtleCrypto();
  if (!subtle) {
    throw new KeystoreError("UNSUPPORTED", `Unsupported: this runtime (${runtimeName()}) has no WebCrypto (crypto.subtle); browsers offer it only on https:// or localhost pages`);
  }
  return subtle;
}

/** The key family (and EC curve) of a PKCS#8 PrivateKeyInfo. */
export function privateKeyFamily(pkcs8: Uint8Array): { family: KeyFamily; curve?: NamedCurve } {
  const malformed = () => new KeystoreError("MALFORMED", "Malformed private key: not a PKCS#8 PrivateKeyInfo");
  let oid: string;
  let parameters: ReturnType<typeof children>[number] | undefined;
  try {
    const info = expectTlv(pkcs8, 0, pkcs8.length, TAG.SEQUENCE, "PrivateKeyInfo");
    const algorithm = children(info)[1];
    if (!algorithm || algorithm.tag !== TAG.SEQUENCE) throw malformed();
    const [oidTlv, params] = children(algorithm);
    if (!oidTlv || oidTlv.tag !== TAG.OID) throw malformed();
    oid = decodeOid(content(oidTlv));
    parameters = params;
  } catch (error) {
    if (error instanceof KeystoreError && error.message.startsWith("Malformed private key")) throw error;
    throw malformed();
  }
  if (oid === OID_RSA) return { family: "RSA" };
  if (oid === OID_ED25519) return { family: "Ed25519" };
  if (oid === OID_ED448) return { family: "Ed448" };
  if (oid === OID_EC) {
    const curve = parameters?.tag === TAG.OID ? curveByOid(decodeOid(content(parameters))) : undefined;
    if (curve) return { family: "EC", curve };
    throw new KeystoreError("UNSUPPORTED", "Unsupported key: EC keys on curves other than P-256, P-384 and P-521");
  }
  throw new KeystoreError("UNSUPPORTED", `Unsupported key: algorithm ${oid} (keystorekit signs with RSA, EC, Ed25519 and Ed448 keys)`);
}

/** The WebCrypto import parameters for a key of `family` that signs with `algorithm`. */
function importParameters(family: KeyFamily, curve: NamedCurve | undefined, algorithm?: SignatureAlgorithm): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  if (family === "RSA") return { name: "RSASSA-PKCS1-v1_5", hash: (algorithm && algorithmRow(algorithm).hash) ?? "SHA-256" };
  if (family === "EC") return { name: "ECDSA", namedCurve: curve! };
  return { name: family };
}

/** Imports a PKCS#8 key into WebCrypto; UNSUPPORTED when the runtime lacks the algorithm (Ed448 outside Node). */
async function importPrivateKey(pkcs8: Uint8Array, parameters: Algorithm, extractable: boolean): Promise<CryptoKey> {
  const subtle = requireSubtle();
  try {
    return await subtle.importKey("pkcs8", toArrayBufferView(pkcs8), parameters, extractable, ["sign"]);
  } catch (error) {
    if (error instanceof Error && error.name === "NotSupportedError") {
      throw new KeystoreError("UNSUPPORTED", `Unsupported: ${runtimeName()} has no WebCrypto ${parameters.name} keys`, { cause: error });
    }
    throw new KeystoreError("MALFORMED", `Malformed private key: WebCrypto could not read it as a ${parameters.name} key (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

const base64url = (text: string) => fromBase64(text.replace(/-/g, "+").replace(/_/g, "/"));

const unsignedInteger = (bytes: Uint8Array) => encodeTlv(TAG.INTEGER, bytes[0]! & 0x80 ? concatBytes(Uint8Array.of(0), bytes) : bytes);

/** The SubjectPublicKeyInfo of a private key, through a JWK export (WebCrypto derives EC and EdDSA public keys). */
async function publicKeyOf(key: CryptoKey, family: KeyFamily, curve: NamedCurve | undefined): Promise<Uint8Array> {
  const jwk = await requireSubtle().exportKey("jwk", key);
  const bitString = (bits: Uint8Array) => encodeTlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), bits));
  if (family === "RSA") {
    const rsaKey = derSequence(unsignedInteger(base64url(jwk.n!)), unsignedInteger(base64url(jwk.e!)));
    return derSequence(derSequence(derOid(OID_RSA), DER_NULL), bitString(rsaKey));
  }
  if (family === "EC") {
    const point = concatBytes(Uint8Array.of(4), base64url(jwk.x!), base64url(jwk.y!));
    return derSequence(derSequence(derOid(OID_EC), derOid(CURVES[curve!].oid)), bitString(point));
  }
  return derSequence(derSequence(derOid(family === "Ed25519" ? OID_ED25519 : OID_ED448)), bitString(base64url(jwk.x!)));
}

export interface CreateSignerOptions {
  /** keytool's -sigalg (Java's name, any case); default: keytool 25's choice for the key. */
  sigalg?: string;
  /** The key's SubjectPublicKeyInfo when known (a certificate's), so it need not be derived. */
  publicKey?: Uint8Array;
}

/** A {@link Signer} for a PKCS#8 private key through the platform's WebCrypto. */
export async function createSigner(pkcs8: Uint8Array, options: CreateSignerOptions = {}): Promise<Signer> {
  const { family, curve } = privateKeyFamily(pkcs8);
  let publicKey = options.publicKey;
  if (!publicKey) {
    const exportable = await importPrivateKey(pkcs8, importParameters(family, curve), true);
    publicKey = await publicKeyOf(exportable, family, curve);
  }
  const info = publicKeyInfo(publicKey);
  if (info.family !== family || info.curve !== curve) {
    throw new KeystoreError("INVALID_ARGUMENT", `The public key (${info.family}${info.curve ? " " + info.curve : ""}) does not belong to the ${family}${curve ? " " + curve : ""} private key`);
  }
  const algorithm = chooseSignatureAlgorithm(publicKey, options.sigalg);
  const key = await importPrivateKey(pkcs8, importParameters(family, curve, algorithm), false);
  const row = algorithmRow(algorithm);
  const fixedPublicKey = publicKey;
  return {
    publicKey: fixedPublicKey,
    algorithm,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      const parameters = family === "EC" ? { name: "ECDSA", hash: row.hash! } : { name: key.algorithm.name };
      const signature = new Uint8Array(await requireSubtle().sign(parameters, key, toArrayBufferView(data)));
      return family === "EC" ? ecdsaRawToDer(signature) : signature;
    },
  };
}

/** The WebCrypto {@link SignatureVerifier}: false for a bad signature, UNSUPPORTED for an algorithm it cannot check. */
export const webCryptoVerifier: SignatureVerifier = async (spki, algorithmOid, data, signature) => {
  const algorithm = signatureAlgorithmByOid(algorithmOid);
  if (!algorithm) throw new KeystoreError("UNSUPPORTED", `Unsupported: signatures with the algorithm ${algorithmOid}`);
  const info = publicKeyInfo(spki);
  const row = algorithmRow(algorithm);
  if (row.family !== info.family) return false;
  const subtle = requireSubtle();
  let key: CryptoKey;
  try {
    key = await subtle.importKey("spki", toArrayBufferView(spki), importParameters(info.family, info.curve, algorithm), false, ["verify"]);
  } catch (error) {
    if (error instanceof Error && error.name === "NotSupportedError") {
      throw new KeystoreError("UNSUPPORTED", `Unsupported: ${runtimeName()} has no WebCrypto ${info.family} keys`, { cause: error });
    }
    return false;
  }
  let raw: Uint8Array | null = signature;
  if (info.family === "EC") raw = ecdsaDerToRaw(signature, Math.ceil(info.size / 8));
  if (!raw) return false;
  const parameters = info.family === "EC" ? { name: "ECDSA", hash: row.hash! } : { name: key.algorithm.name };
  return subtle.verify(parameters, key, toArrayBufferView(raw), toArrayBufferView(data));
};
