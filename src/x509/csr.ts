import { TAG, children, concatBytes, content, decodeOid, derOid, derSequence, encodeTlv, encoding, expectTlv, type Tlv } from "../binary/der.js";
import { parsePem } from "../binary/encoding.js";
import type { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { issueCertificate, type CertificateAuthority, type CertificateOptions, type IssuedCertificate } from "./certificate-builder.js";
import { parseDname } from "./dname.js";
import { encodeExtension, keytoolExtensions, type X509Extension } from "./ext-option.js";
import { nameToString } from "./name.js";
import { signatureAlgorithmIdentifier, type SignatureVerifier, type Signer } from "./signature.js";
import { webCryptoVerifier } from "./webcrypto-signer.js";

/**
 * PKCS#10 certificate requests as keytool -certreq writes them (version 0, the subject, the key, and
 * always an extensionRequest attribute: SubjectKeyIdentifier plus the -ext ones), and read back for
 * -gencert, whose first step is to check the request's own signature.
 */

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

/** Options of {@link createCertificateRequest}. */
export interface CertificateRequestOptions {
  /** The subject: keytool's -dname, or (when absent) the key entry's certificate's subject. */
  dname?: string;
  /** The key entry's certificate (keytool takes the subject from it unless -dname is given). */
  certificate?: Certificate;
  /** keytool's -ext options. */
  extensions?: readonly string[];
}

/** A PKCS#10 CSR (DER) for the signer's key, as `keytool -certreq` writes it. */
export async function createCertificateRequest(signer: Signer, options: CertificateRequestOptions): Promise<Uint8Array> {
  const subject = options.dname !== undefined ? parseDname(options.dname) : options.certificate?.subjectDer;
  if (!subject) throw new KeystoreError("INVALID_ARGUMENT", "A certificate request needs a subject: give -dname, or the key entry's certificate");
  const extensions = keytoolExtensions(options.extensions ?? [], { subjectPublicKey: signer.publicKey });
  const attribute = derSequence(derOid(EXTENSION_REQUEST), encodeTlv(TAG.SET, derSequence(...extensions.map(encodeExtension))));
  const info = derSequence(Uint8Array.of(TAG.INTEGER, 1, 0), subject, signer.publicKey, encodeTlv(0xa0, attribute));
  const algorithm = signatureAlgorithmIdentifier(signer.algorithm);
  const signature = await signer.sign(info);
  return derSequence(info, algorithm, encodeTlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), signature)));
}

/** A parsed PKCS#10 request. */
export interface CertificationRequest {
  /** The whole request, DER. */
  der: Uint8Array;
  /** DER of the subject Name. */
  subjectDer: Uint8Array;
  /** The subject in RFC 2253 form, as Java prints it. */
  subject: string;
  /** DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  /** The extensionRequest attribute's extensions (empty when there is none). */
  extensions: X509Extension[];
  /** The signed CertificationRequestInfo, DER. */
  signedData: Uint8Array;
  /** OID of the signature algorithm. */
  signatureAlgorithm: string;
  /** The signature (BIT STRING content without the unused-bits byte). */
  signature: Uint8Array;
}

const malformed = (why: string) => new KeystoreError("MALFORMED", `Malformed certificate request: ${why} (give a PKCS#10 CSR, as keytool -certreq or openssl req writes it)`);

/** Reads a CSR from DER or PEM ("-----BEGIN NEW CERTIFICATE REQUEST-----" or "CERTIFICATE REQUEST"); MALFORMED otherwise. */
export function parseCertificateRequest(input: Uint8Array | string): CertificationRequest {
  const der = typeof input === "string" ? pemRequest(input) : input[0] === 0x2d ? pemRequest(new TextDecoder().decode(input)) : input;
  try {
    const outer = expectTlv(der, 0, der.length, TAG.SEQUENCE, "CertificationRequest");
    const [info, algorithm, signature] = children(outer);
    if (!info || info.tag !== TAG.SEQUENCE || algorithm?.tag !== TAG.SEQUENCE || signature?.tag !== TAG.BIT_STRING) throw malformed("it is not a request, an algorithm and a signature");
    const [version, subject, publicKey, attributes] = children(info);
    if (version?.tag !== TAG.INTEGER || subject?.tag !== TAG.SEQUENCE || publicKey?.tag !== TAG.SEQUENCE) throw malformed("its CertificationRequestInfo is incomplete");
    const algorithmOid = children(algorithm)[0];
    if (algorithmOid?.tag !== TAG.OID) throw malformed("its signature algorithm has no OID");
    const bits = content(signature);
    if (bits[0] !== 0) throw malformed("its signature is not a whole number of bytes");
    return {
      der,
      subjectDer: encoding(subject),
      subject: nameToString(subject),
      publicKey: encoding(publicKey),
      extensions: attributes?.tag === 0xa0 ? requestedExtensions(attributes) : [],
      signedData: encoding(info),
      signatureAlgorithm: decodeOid(content(algorithmOid)),
      signature: bits.subarray(1),
    };
  } catch (error) {
    if (error instanceof KeystoreError && error.message.startsWith("Malformed certificate request")) throw error;
    throw malformed(error instanceof Error ? error.message : String(error));
  }
}

function pemRequest(text: string): Uint8Array {
  const block = parsePem(text).find((b) => b.label === "NEW CERTIFICATE REQUEST" || b.label === "CERTIFICATE REQUEST");
  if (!block) throw malformed("no CERTIFICATE REQUEST PEM block");
  return block.der;
}

function requestedExtensions(attributes: Tlv): X509Extension[] {
  for (const attribute of children(attributes)) {
    const [type, values] = children(attribute);
    if (type?.tag !== TAG.OID || decodeOid(content(type)) !== EXTENSION_REQUEST || values?.tag !== TAG.SET) continue;
    const list = children(values)[0];
    if (list?.tag !== TAG.SEQUENCE) throw malformed("its extensionRequest holds no extensions");
    return children(list).map((extension) => {
      const parts = children(extension);
      const oid = parts[0];
      const critical = parts.length === 3 ? parts[1] : undefined;
      const value = parts[parts.length - 1];
      if (oid?.tag !== TAG.OID || value?.tag !== TAG.OCTET_STRING || (critical && critical.tag !== TAG.BOOLEAN)) throw malformed("an extension in its extensionRequest is not an Extension");
      return { oid: decodeOid(content(oid)), critical: critical !== undefined && content(critical)[0] !== 0, value: content(value).slice() };
    });
  }
  return [];
}

/** True when the request is signed by its own key. */
export async function verifyCertificateRequest(request: CertificationRequest, verifier: SignatureVerifier = webCryptoVerifier): Promise<boolean> {
  return verifier(request.publicKey, request.signatureAlgorithm, request.signedData, request.signature);
}

/** Options of {@link signCertificateRequest}. */
export interface SignRequestOptions extends CertificateOptions {
  /** How to check the request's signature; default: WebCrypto. */
  verifier?: SignatureVerifier;
}

/**
 * `keytool -gencert`: checks the request's signature (MALFORMED "Invalid PKCS #10 signature" when it
 * does not verify, as Java refuses it), then issues the certificate with the CA's key.
 */
export async function signCertificateRequest(csr: Uint8Array | string | CertificationRequest, ca: CertificateAuthority, options: SignRequestOptions = {}): Promise<IssuedCertificate> {
  const request = typeof csr === "string" || csr instanceof Uint8Array ? parseCertificateRequest(csr) : csr;
  if (!(await verifyCertificateRequest(request, options.verifier))) {
    throw new KeystoreError("MALFORMED", `Invalid PKCS #10 signature: the certificate request for "${request.subject}" was altered or not signed by its own key; nothing was issued`);
  }
  return issueCertificate({ subject: request.subjectDer, publicKey: request.publicKey, requestedExtensions: request.extensions }, ca, options);
}
