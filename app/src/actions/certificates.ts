// Add certificates: PEM text, DER, or PKCS#7 (.p7b) from pasted text or dropped files, as trusted
// certificate entries, aliases from the certificate (as import-cert without --alias), duplicates named.
import { TrustStore, readCertificateBundle, type Certificate, type Keystore } from "keystorekit";

/** One input as the user gave it: pasted text or a file's bytes. */
export type CertificateInput = Uint8Array | string;

/** What {@link addCertificates} did. */
export interface AddedCertificates {
  /** Entries added: the alias each got and the certificate's subject. */
  added: { alias: string; subject: string }[];
  /** Certificates already trusted (or given twice), with the alias that holds them. */
  duplicates: { subject: string; existingAlias: string }[];
}

/** Every certificate of the inputs, in order (readCertificateBundle: PEM, DER or PKCS#7). */
export function certificatesOf(inputs: readonly CertificateInput[]): Certificate[] {
  return inputs.flatMap((input) => readCertificateBundle(input));
}

/**
 * Adds `certificates` to `store` as trusted entries. `alias` names a single certificate; without it
 * each alias is made from the subject (aliasFromCertificate, numbered when taken). A certificate
 * the store already trusts is not added again: it is listed in `duplicates`, as keytool warns.
 */
export function addCertificates(store: Keystore, certificates: readonly Certificate[], options: { alias?: string } = {}): AddedCertificates {
  const trust = new TrustStore(store);
  const alias = options.alias?.trim() || undefined;
  const result: AddedCertificates = { added: [], duplicates: [] };
  for (const certificate of certificates) {
    const added = trust.add(certificate, alias !== undefined && certificates.length === 1 ? { alias } : {});
    if (added.added) result.added.push({ alias: added.alias, subject: certificate.subject });
    else result.duplicates.push({ subject: certificate.subject, existingAlias: added.existingAlias ?? added.alias });
  }
  return result;
}

/**
 * When every certificate is trusted already (by fingerprint), what adding them would report, so
 * the page can say so without an undo step that changes nothing; undefined when some are new.
 */
export function allAlreadyTrusted(store: Keystore, certificates: readonly Certificate[]): AddedCertificates | undefined {
  const trust = new TrustStore(store);
  const duplicates: AddedCertificates["duplicates"] = [];
  for (const certificate of certificates) {
    const existingAlias = trust.aliasOf(certificate);
    if (existingAlias === undefined) return undefined;
    duplicates.push({ subject: certificate.subject, existingAlias });
  }
  return { added: [], duplicates };
}

/** One line for the status area: "Added 2 certificates (a, b); 1 already trusted as <x>". */
export function describeAdded(result: AddedCertificates): string {
  const parts: string[] = [];
  const n = result.added.length;
  parts.push(n === 0 ? "No certificate added" : `Added ${n} certificate${n === 1 ? "" : "s"} (${result.added.map((a) => a.alias).join(", ")})`);
  for (const duplicate of result.duplicates) {
    parts.push(`Certificate already exists in keystore under alias <${duplicate.existingAlias}> (${duplicate.subject})`);
  }
  return parts.join("; ");
}
