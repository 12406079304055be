import { TAG, concatBytes, derExplicit, derSequence, encodeTlv, readTlv } from "../binary/der.js";
import { fromHex } from "../binary/encoding.js";
import { secureRandom, type RandomSource } from "../crypto/random.js";
import { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { certificateFacts } from "../truststore/x509-extensions.js";
import { parseDname } from "./dname.js";
import { encodeExtension, keyIdentifier, keytoolExtensions, type X509Extension } from "./ext-option.js";
import { signatureAlgorithmIdentifier, type Signer } from "./signature.js";
import { DEFAULT_VALIDITY_DAYS, encodeValidity, parseStartDate, validityEnd } from "./validity.js";

/**
 * X.509 v3 certificates as keytool makes them: `-genkeypair`'s self-signed certificate and
 * `-gencert`'s issued one. Random positive 64-bit serial, validity from -startdate/-validity,
 * extensions from -ext plus the key identifiers, signed by a {@link Signer}.
 */

/** The options keytool's -genkeypair and -gencert share. */
export interface CertificateOptions {
  /** keytool's -startdate text ("-1d", "2030/01/01 00:00:00") or a Date; default: now. */
  startDate?: string | Date;
  /** keytool's -validity in days; default 90. */
  validityDays?: number;
  /** keytool's -ext options, each as one string ("SAN=dns:host.example,ip:127.0.0.1", "BC:c=ca:true"). */
  extensions?: readonly string[];
  /** The time "now" means (tests); default: the clock. */
  now?: Date;
  /** Random bytes for the serial number; default: WebCrypto's. */
  random?: RandomSource;
}

/** The parts of a TBSCertificate keytool varies. */
interface TbsParts {
  issuer: Uint8Array;
  subject: Uint8Array;
  subjectPublicKey: Uint8Array;
  extensions: readonly X509Extension[];
  signer: Signer;
  options: CertificateOptions;
}

/** keytool's serial: 64 random bits, positive and not zero (CertificateSerialNumber.newRandom64bit). */
export function randomSerial(random: RandomSource = secureRandom): Uint8Array {
  for (;;) {
    const bits = random(8);
    if (bits.some((b) => b !== 0)) {
      let start = 0;
      while (bits[start] === 0) start++;
      const body = bits.subarray(start);
      return encodeTlv(TAG.INTEGER, body[0]! & 0x80 ? concatBytes(Uint8Array.of(0), body) : body);
    }
  }
}

/** The validity window of the options. */
export function validityOf(options: CertificateOptions): { notBefore: Date; notAfter: Date } {
  const now = options.now ?? new Date();
  const notBefore = options.startDate === undefined ? now : options.startDate instanceof Date ? options.startDate : parseStartDate(options.startDate, now);
  return { notBefore, notAfter: validityEnd(notBefore, options.validityDays ?? DEFAULT_VALIDITY_DAYS) };
}

async function buildCertificate(parts: TbsParts): Promise<Certificate> {
  const { notBefore, notAfter } = validityOf(parts.options);
  const algorithm = signatureAlgorithmIdentifier(parts.signer.algorithm);
  const tbs = derSequence(
    derExplicit(0, Uint8Array.of(TAG.INTEGER, 1, 2)),
    randomSerial(parts.options.random),
    algorithm,
    parts.issuer,
    encodeValidity(notBefore, notAfter),
    parts.subject,
    parts.subjectPublicKey,
    derExplicit(3, derSequence(...parts.extensions.map(encodeExtension))),
  );
  const signature = await parts.signer.sign(tbs);
  return new Certificate(derSequence(tbs, algorithm, encodeTlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), signature))));
}

/** Options of {@link createSelfSignedCertificate}. */
export interface SelfSignedOptions extends CertificateOptions {
  /** keytool's -dname ("CN=host, OU=unit, O=org, L=city, ST=state, C=US"), or a DER Name. */
  dname: string | Uint8Array;
}

/** A self-signed certificate for the signer's key, as `keytool -genkeypair` makes it. */
export async function createSelfSignedCertificate(signer: Signer, options: SelfSignedOptions): Promise<Certificate> {
  const name = typeof options.dname === "string" ? parseDname(options.dname) : options.dname;
  const extensions = keytoolExtensions(options.extensions ?? [], { subjectPublicKey: signer.publicKey });
  return buildCertificate({ issuer: name, subject: name, subjectPublicKey: signer.publicKey, extensions, signer, options });
}

/** A key entry that signs certificates: its signer and its chain (the CA's own certificate first). */
export interface CertificateAuthority {
  signer: Signer;
  chain: readonly Certificate[];
}

/** What a certificate is issued for: a subject, its public key and the extensions it asked for (a CSR's). */
export interface IssueRequest {
  /** DER Name of the subject. */
  subject: Uint8Array;
  /** SubjectPublicKeyInfo of the subject's key. */
  publicKey: Uint8Array;
  /** Requested extensions (copied only as `honored=` says). */
  requestedExtensions?: readonly X509Extension[];
}

/** The certificate keytool -gencert writes, and the chain to install as the reply (issued certificate, then the CA's chain). */
export interface IssuedCertificate {
  certificate: Certificate;
  chain: Certificate[];
}

/**
 * Issues a certificate as keytool -gencert does: issuer = the CA certificate's subject (its DER
 * bytes), AuthorityKeyIdentifier = the CA certificate's SubjectKeyIdentifier (SHA-1 of its key when
 * it has none), requested extensions only through `honored=`.
 */
export async function issueCertificate(request: IssueRequest, ca: CertificateAuthority, options: CertificateOptions = {}): Promise<IssuedCertificate> {
  const caCertificate = ca.chain[0];
  if (!caCertificate) throw new KeystoreError("INVALID_ARGUMENT", "The CA key entry has no certificate: gencert needs the CA's certificate chain");
  if (!sameBytes(caCertificate.subjectPublicKeyInfo, ca.signer.publicKey)) {
    throw new KeystoreError("INVALID_ARGUMENT", `The CA's signing key does not belong to its certificate (${caCertificate.subject})`);
  }
  // keytool adds no AuthorityKeyIdentifier when the subject's key is the issuer's own.
  const selfIssued = sameBytes(request.publicKey, ca.signer.publicKey);
  const caKeyId = certificateFacts(caCertificate).subjectKeyId;
  const authorityKeyIdentifier = selfIssued ? undefined : caKeyId ? fromHex(caKeyId) : keyIdentifier(ca.signer.publicKey);
  const extensions = keytoolExtensions(options.extensions ?? [], {
    subjectPublicKey: request.publicKey,
    authorityKeyIdentifier,
    requested: request.requestedExtensions ?? [],
  });
  // Validates that the subject is a Name before signing anything.
  if (readTlv(request.subject, 0).tag !== TAG.SEQUENCE) throw new KeystoreError("MALFORMED", "Malformed certificate request: the subject is not a Name");
  const certificate = await buildCertificate({ issuer: caCertificate.subjectDer, subject: request.subject, subjectPublicKey: request.publicKey, extensions, signer: ca.signer, options });
  return { certificate, chain: [certificate, ...ca.chain] };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
