import type { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { readCertificateFile } from "../node/files.js";
import { readCertificates } from "../truststore/certificates.js";

/**
 * The certificates of a file the user named (-file CERT, a chain to verify; "-" for standard
 * input). The codec's errors speak of a "keystore"; here the file is a certificate file, and the
 * message says so and names it.
 */
export function readCertificateInput(path: string): Certificate[] {
  return certificatesOfInput(readCertificateFile(path), path);
}

/** As {@link readCertificateInput}, for bytes already read from `path`. */
export function certificatesOfInput(bytes: Uint8Array, path: string): Certificate[] {
  try {
    return readCertificates(bytes);
  } catch (error) {
    if (!(error instanceof KeystoreError) || (error.code !== "MALFORMED" && error.code !== "TRUNCATED")) throw error;
    const detail = error.message.replace(/^(Malformed|Truncated) keystore: /, "");
    const name = path === "-" ? "standard input" : path;
    throw new KeystoreError(error.code, `${name} is not a valid certificate file (PEM or DER X.509): ${detail}`, { cause: error });
  }
}
