import { BER, oid, parseBer, sequence, type BerNode } from "../binary/ber.js";
import { utf8Text } from "../binary/encoding.js";
import { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { checkLimit, resolveLimits, type Limits } from "../model/limits.js";
import { looksLikePem, readPemBlocks, type PemBlockWithHeaders } from "./pem-blocks.js";

/**
 * Certificates as users hand them over: PEM text with CERTIFICATE and PKCS7 blocks, DER of one
 * certificate, or DER/BER PKCS#7 (`.p7b`/`.p7c`, as CAs send replies). Each certificate is parsed
 * here, so garbage is refused before it reaches a store.
 */

const SIGNED_DATA = "1.2.840.113549.1.7.2";
const CERTIFICATE_LABELS = new Set(["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"]);
const PKCS7_LABELS = new Set(["PKCS7", "PKCS #7 SIGNED DATA", "CERTIFICATE CHAIN"]);

/** Every certificate in `input` (PEM text or DER bytes), in the order given. */
export function readCertificateBundle(input: Uint8Array | string, options: { limits?: Partial<Limits> } = {}): Certificate[] {
  const limits = resolveLimits(options.limits);
  if (typeof input === "string" || looksLikePem(input)) {
    const blocks = readPemBlocks(typeof input === "string" ? input : utf8Text(input));
    const certificates = certificatesOfBlocks(blocks, limits);
    if (certificates.length === 0) {
      throw new KeystoreError("INVALID_ARGUMENT", "No certificate found: expected PEM CERTIFICATE or PKCS7 blocks, or DER");
    }
    return certificates;
  }
  checkLimit(input.length, limits.maxCertificateFileBytes, "the certificate file size");
  return isPkcs7(input) ? certificatesOfPkcs7(input, limits) : [checked(new Certificate(input))];
}

/** The certificates of already split PEM blocks (CERTIFICATE and PKCS7 blocks; others are skipped). */
export function certificatesOfBlocks(blocks: readonly PemBlockWithHeaders[], limits: Limits = resolveLimits()): Certificate[] {
  const out: Certificate[] = [];
  for (const block of blocks) {
    if (CERTIFICATE_LABELS.has(block.label)) out.push(checked(new Certificate(block.der)));
    else if (PKCS7_LABELS.has(block.label)) out.push(...certificatesOfPkcs7(block.der, limits));
    checkLimit(out.length, limits.maxChainLength * 10, "the number of certificates");
  }
  return out;
}

function isPkcs7(der: Uint8Array): boolean {
  try {
    const [type] = sequence(parseBer(der), "ContentInfo");
    return type?.tag === BER.OID && oid(type, "content type") === SIGNED_DATA;
  } catch {
    return false;
  }
}

/** ContentInfo { signedData, [0] SignedData { version, digests, content, [0] IMPLICIT certificates, … } }. */
function certificatesOfPkcs7(der: Uint8Array, limits: Limits): Certificate[] {
  let list: readonly BerNode[];
  try {
    const [type, explicit] = sequence(parseBer(der), "PKCS#7 ContentInfo");
    if (oid(type, "the PKCS#7 content type") !== SIGNED_DATA) {
      throw new KeystoreError("UNSUPPORTED", "Unsupported: a PKCS#7 file that is not SignedData (a certificate reply is a SignedData)");
    }
    const signedData = sequence(sequence(explicit, "the PKCS#7 content", BER.CONTEXT_0)[0], "PKCS#7 SignedData");
    const certificates = signedData.find((field) => field.tag === BER.CONTEXT_0 && field.constructed);
    list = certificates ? certificates.children : [];
  } catch (error) {
    if (error instanceof KeystoreError && (error.code === "MALFORMED" || error.code === "TRUNCATED")) {
      throw new KeystoreError(error.code, `${error.code === "TRUNCATED" ? "Truncated" : "Malformed"} PKCS#7: ${error.message.replace(/^(Malformed|Truncated) keystore: /, "")}`, { cause: error });
    }
    throw error;
  }
  checkLimit(list.length, limits.maxChainLength * 10, "the number of certificates in the PKCS#7 file");
  // Only X.509 certificates (SEQUENCE); [0]..[3] are other certificate choices Java ignores too.
  return list.filter((node) => node.tag === BER.SEQUENCE).map((node) => checked(new Certificate(node.encoded.slice())));
}

function checked(certificate: Certificate): Certificate {
  try {
    void certificate.subject; // parses the TBSCertificate: MALFORMED when it is not X.509
    void certificate.subjectPublicKeyInfo;
  } catch (error) {
    if (error instanceof KeystoreError && (error.code === "MALFORMED" || error.code === "TRUNCATED")) {
      throw new KeystoreError("MALFORMED", `Malformed certificate: not an X.509 certificate (${error.message.replace(/^(Malformed|Truncated) keystore: /, "")})`, { cause: error });
    }
    throw error;
  }
  return certificate;
}
