import { parsePem, utf8Text } from "../binary/encoding.js";
import { Certificate } from "../model/certificate.js";
import { errors } from "../model/errors.js";

/**
 * Certificates from what users hand over: PEM text (one or many CERTIFICATE blocks), or DER bytes
 * of one certificate. Each is parsed once here, so garbage is refused before it enters a store.
 */
export function readCertificates(input: Uint8Array | string): Certificate[] {
  const isText = typeof input === "string" || looksLikeText(input);
  if (isText) {
    const text = typeof input === "string" ? input : utf8Text(input);
    const blocks = parsePem(text).filter((block) => /CERTIFICATE$/.test(block.label));
    if (blocks.length === 0) throw errors.malformed("no PEM CERTIFICATE block found");
    return blocks.map((block) => checked(new Certificate(block.der)));
  }
  return [checked(new Certificate(input as Uint8Array))];
}

function looksLikeText(bytes: Uint8Array): boolean {
  return bytes[0] !== 0x30 && utf8Text(bytes.subarray(0, 2048)).includes("-----BEGIN");
}

function checked(certificate: Certificate): Certificate {
  void certificate.subject; // parses the TBSCertificate; MALFORMED when it is not X.509
  return certificate;
}
