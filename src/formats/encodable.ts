import { integer, oid, parseBer, sequence } from "../binary/ber.js";
import type { Certificate } from "../model/certificate.js";
import { KeystoreError, errors } from "../model/errors.js";
import { sameName } from "./pkcs12/chain.js";

/**
 * Checks encoders run before writing what their decoders (and Java) could not read back: a store is
 * refused at encode time, with INVALID_ARGUMENT naming the alias, rather than written as a file
 * that fails to load (issue 12, item 8; test/property/roundtrip.property.test.ts).
 */

/**
 * A plain private key must be a PKCS#8 PrivateKeyInfo, exactly: one DER SEQUENCE of the version
 * INTEGER and an AlgorithmIdentifier, and nothing after it. JCEKS and PKCS#12 readers check this
 * shape to tell a right key password from a wrong one, as Java's do (JCEKS's reader, which looks
 * only at the outer SEQUENCE and version, has its own check: key-protector.ts looksLikePkcs8).
 */
export function requirePkcs8(alias: string, plain: Uint8Array, format: string): void {
  try {
    const info = parseBer(plain);
    const [version, algorithm] = sequence(info, "PrivateKeyInfo");
    integer(version, "the PKCS#8 version");
    oid(sequence(algorithm, "the key algorithm")[0], "the key algorithm");
    if (info.encoded.length !== plain.length) throw errors.malformed("bytes after the PrivateKeyInfo");
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
    throw notPkcs8(alias, format, error.message);
  }
}

/** INVALID_ARGUMENT for a private key that is not PKCS#8 as `format`'s reader requires. */
export function notPkcs8(alias: string, format: string, detail: string): KeystoreError {
  return errors.invalidArgument(`the private key of alias "${alias}" is not a PKCS#8 PrivateKeyInfo (${detail}): ${format} cannot hold it so that it reads back`);
}

/**
 * Certificates must parse as X.509 as far as a PKCS#12 load reads them (issuer and subject, to
 * build the chains): Java's loader, and ours, refuse a file with one that does not.
 */
export function requireParsableCertificates(alias: string, certificates: readonly Certificate[], format: string): void {
  certificates.forEach((certificate, i) => {
    try {
      void certificate.issuerDer;
      void certificate.subjectDer;
    } catch (error) {
      if (!(error instanceof KeystoreError)) throw error;
      const which = certificates.length > 1 ? `certificate ${i + 1} of the chain` : "the certificate";
      throw errors.invalidArgument(`${which} of alias "${alias}" is not an X.509 certificate (${error.message}): ${format} cannot hold it`);
    }
  });
}

/**
 * A key's chain must run from the leaf up, each certificate issued by the next, as Java's
 * PKCS12KeyStore.setKeyEntry requires ("Certificate chain is not valid"): the file does not
 * store the order, and the reader rebuilds it from the issuer names.
 */
export function requireOrderedChain(alias: string, chain: readonly Certificate[], format: string): void {
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!sameName(chain[i]!.issuerDer, chain[i + 1]!.subjectDer)) {
      throw errors.invalidArgument(
        `Certificate chain is not valid (alias "${alias}"): certificate ${i + 2} did not issue certificate ${i + 1}; ${format} ` +
          `keeps a chain only in issuer order, leaf first`,
      );
    }
  }
  // A certificate repeated in the chain is a loop the reader stops at.
  const seen = new Set<string>();
  for (const certificate of chain) {
    if (seen.has(certificate.sha256)) throw errors.invalidArgument(`Certificate chain is not valid (alias "${alias}"): a certificate appears twice`);
    seen.add(certificate.sha256);
  }
}
