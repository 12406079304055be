import type { Certificate } from "./certificate.js";
import type { Keystore } from "./keystore.js";

/**
 * Aliases made for certificates that come without one (PEM bundles, `import-cert` without
 * `--alias`): the subject's common name (else its organisation or unit), lower-cased with
 * runs of characters that trip up shells and scripts turned into "-". "DigiCert Global Root G2"
 * becomes "digicert-global-root-g2". Falls back to the first 16 hex digits of the SHA-256.
 */
export function aliasFromCertificate(certificate: Certificate): string {
  let subject = "";
  try {
    subject = certificate.subject;
  } catch {
    // An unparsable certificate still gets an alias from its fingerprint.
  }
  const attribute = (key: string) => new RegExp(`(?:^|,)${key}=((?:\\\\.|[^,+])*)`).exec(subject)?.[1];
  const name = attribute("CN") ?? attribute("O") ?? attribute("OU");
  const slug = (name ?? "")
    .replace(/\\(.)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._@]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug.length > 0 ? slug.slice(0, 64) : `cert-${certificate.sha256.slice(0, 16)}`;
}

/** `base`, or the first free of `base-2`, `base-3`, … in `store` ({@link Keystore.uniqueAlias}: amortised O(1) lookups). */
export function uniqueAlias(store: Keystore, base: string): string {
  return store.uniqueAlias(base);
}
