import { DER_NULL, TAG, children, content, derOid, derSequence, encodeTlv, expectTlv } from "../binary/der.js";
import { KeystoreError } from "../model/errors.js";
import { publicKeyInfo, type KeyFamily, type PublicKeyInfo } from "./key-info.js";

/**
 * The signature algorithms keystorekit signs certificates and CSRs with, by Java's names, and
 * keytool's choice of default for a key. Signing and verifying go through two small interfaces
 * ({@link Signer}, {@link SignatureVerifier}) so that another signer (an HSM, a cloud KMS) can take
 * the place of WebCrypto without the builders changing.
 */

/** Java names of the signature algorithms the builders can write. */
export type SignatureAlgorithm =
  | "SHA256withRSA"
  | "SHA384withRSA"
  | "SHA512withRSA"
  | "SHA256withECDSA"
  | "SHA384withECDSA"
  | "SHA512withECDSA"
  | "Ed25519"
  | "Ed448";

interface AlgorithmRow {
  oid: string;
  family: KeyFamily;
  /** WebCrypto hash; undefined for EdDSA. */
  hash?: "SHA-256" | "SHA-384" | "SHA-512";
  /** RSA signature AlgorithmIdentifiers carry NULL parameters (as Java writes them); ECDSA and EdDSA none. */
  nullParameters: boolean;
}

const ALGORITHMS: Readonly<Record<SignatureAlgorithm, AlgorithmRow>> = {
  SHA256withRSA: { oid: "1.2.840.113549.1.1.11", family: "RSA", hash: "SHA-256", nullParameters: true },
  SHA384withRSA: { oid: "1.2.840.113549.1.1.12", family: "RSA", hash: "SHA-384", nullParameters: true },
  SHA512withRSA: { oid: "1.2.840.113549.1.1.13", family: "RSA", hash: "SHA-512", nullParameters: true },
  SHA256withECDSA: { oid: "1.2.840.10045.4.3.2", family: "EC", hash: "SHA-256", nullParameters: false },
  SHA384withECDSA: { oid: "1.2.840.10045.4.3.3", family: "EC", hash: "SHA-384", nullParameters: false },
  SHA512withECDSA: { oid: "1.2.840.10045.4.3.4", family: "EC", hash: "SHA-512", nullParameters: false },
  Ed25519: { oid: "1.3.101.112", family: "Ed25519", nullParameters: false },
  Ed448: { oid: "1.3.101.113", family: "Ed448", nullParameters: false },
};

const NAMES = Object.keys(ALGORITHMS) as SignatureAlgorithm[];

/**
 * Signs with one key. The builders only ever call `sign`; anything that can produce the signature
 * (WebCrypto, an HSM, a KMS) can be a Signer.
 */
export interface Signer {
  /** DER SubjectPublicKeyInfo of the key's public half (the certificate's or CSR's key). */
  readonly publicKey: Uint8Array;
  /** The signature algorithm, by Java's name. */
  readonly algorithm: SignatureAlgorithm;
  /** The signature of `data` as X.509 carries it (for ECDSA the DER SEQUENCE of r and s). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** Checks a signature by the key `spki` over `data`; `algorithmOid` names the signature algorithm. */
export type SignatureVerifier = (spki: Uint8Array, algorithmOid: string, data: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/** The Java name of a signature algorithm given in any case (Java's names are case-insensitive); INVALID_ARGUMENT otherwise. */
export function signatureAlgorithm(name: string): SignatureAlgorithm {
  if (name.toLowerCase() === "rsassa-pss") throw rsassaPssUnsupported("-sigalg");
  const found = NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
  if (!found) {
    throw new KeystoreError("INVALID_ARGUMENT", `Unsupported signature algorithm "${name}" for -sigalg: use one of ${NAMES.join(", ")}`);
  }
  return found;
}

/**
 * RSASSA-PSS (keytool's -keyalg RSASSA-PSS and -sigalg RSASSA-PSS, with their PSS parameters in
 * every AlgorithmIdentifier) is not generated or signed here yet: UNSUPPORTED, saying what works.
 * (verifyChain does check RSASSA-PSS certificate signatures.)
 */
export function rsassaPssUnsupported(option: "-keyalg" | "-sigalg"): KeystoreError {
  return new KeystoreError(
    "UNSUPPORTED",
    `Unsupported: ${option} RSASSA-PSS is not available in keystorekit yet (it cannot write RSASSA-PSS keys or signatures). ` +
      `Use -keyalg RSA with -sigalg SHA256withRSA, SHA384withRSA or SHA512withRSA, or make the key with "keytool -genkeypair -keyalg RSASSA-PSS"`,
  );
}

/** The algorithm whose OID is `oid`, or undefined. */
export function signatureAlgorithmByOid(oid: string): SignatureAlgorithm | undefined {
  return NAMES.find((name) => ALGORITHMS[name].oid === oid);
}

/** DER AlgorithmIdentifier of a signature algorithm, exactly as Java writes it. */
export function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): Uint8Array {
  const row = ALGORITHMS[algorithm];
  return row.nullParameters ? derSequence(derOid(row.oid), DER_NULL) : derSequence(derOid(row.oid));
}

/** Which keytool's defaults to follow: Temurin 25's (the default) or Java 17's older ones. */
export type KeytoolDefaults = 17 | 25;

/**
 * keytool's default signature algorithm for a key (measured with keytool 17.0.15 and Temurin 25):
 * Java 25 signs with SHA-384 up to RSA 7680 / EC P-384 and with SHA-512 above; Java 17 used SHA-256
 * up to RSA 3072 / EC P-256, SHA-384 up to RSA 7680 / EC P-384, then SHA-512. EdDSA keys sign as themselves.
 */
export function defaultSignatureAlgorithm(key: Uint8Array | PublicKeyInfo, defaults: KeytoolDefaults = 25): SignatureAlgorithm {
  const info = key instanceof Uint8Array ? publicKeyInfo(key) : key;
  switch (info.family) {
    case "RSA":
      return info.size > 7680 ? "SHA512withRSA" : info.size > 3072 || defaults === 25 ? "SHA384withRSA" : "SHA256withRSA";
    case "EC":
      return info.size >= 512 ? "SHA512withECDSA" : info.size >= 384 || defaults === 25 ? "SHA384withECDSA" : "SHA256withECDSA";
    default:
      return info.family;
  }
}

/** `requested` (a -sigalg value) checked against the key, or the key's default; INVALID_ARGUMENT when they do not fit. */
export function chooseSignatureAlgorithm(spki: Uint8Array, requested?: string): SignatureAlgorithm {
  const info = publicKeyInfo(spki);
  if (requested === undefined) return defaultSignatureAlgorithm(info);
  const algorithm = signatureAlgorithm(requested);
  if (ALGORITHMS[algorithm].family !== info.family) {
    throw new KeystoreError("INVALID_ARGUMENT", `Signature algorithm ${algorithm} cannot be used with a ${info.family} key (-sigalg)`);
  }
  return algorithm;
}

/** Key family, WebCrypto parameters and hash of an algorithm (for the WebCrypto signer and verifier). */
export function algorithmRow(algorithm: SignatureAlgorithm): Readonly<AlgorithmRow> {
  return ALGORITHMS[algorithm];
}

/** WebCrypto's ECDSA signature r‖s (each `size` bytes) as the DER SEQUENCE { r INTEGER, s INTEGER } X.509 carries. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.subarray(i);
    // A set top bit would read as negative: DER INTEGERs then take a leading zero byte.
    return encodeTlv(TAG.INTEGER, trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed);
  };
  return derSequence(integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}

/** The DER ECDSA signature as WebCrypto's r‖s, each padded to `size` bytes; null when it is not one. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | null {
  try {
    const sequence = expectTlv(der, 0, der.length, TAG.SEQUENCE, "ECDSA signature");
    const [r, s, extra] = children(sequence);
    if (sequence.end !== der.length || !r || !s || extra || r.tag !== TAG.INTEGER || s.tag !== TAG.INTEGER) return null;
    const out = new Uint8Array(2 * size);
    for (const [index, value] of [content(r), content(s)].entries()) {
      let bytes = value;
      while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
      if (bytes.length > size || (value[0] ?? 0x80) & 0x80) return null;
      out.set(bytes, (index + 1) * size - bytes.length);
    }
    return out;
  } catch {
    return null;
  }
}
