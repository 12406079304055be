import { utf8Text } from "../binary/encoding.js";
import { aliasFromCertificate } from "../model/alias.js";
import type { Certificate } from "../model/certificate.js";
import type { PrivateKeyEntry } from "../model/entry.js";
import { KeystoreError } from "../model/errors.js";
import { resolveLimits, type Limits } from "../model/limits.js";
import { SignatureChecker } from "../truststore/pkix-checks.js";
import { certificatesOfBlocks, readCertificateBundle } from "./certificate-bundle.js";
import { describeCertificate, orderChain, type ChainWarning } from "./chain.js";
import { looksLikePem, readPemBlocks } from "./pem-blocks.js";
import { publicKeyOfPrivateKey, publicKeyOfSpki, samePublicKey } from "./public-key.js";
import { readPrivateKey, readPrivateKeyFromBlocks, type ReadPrivateKey } from "./read-key.js";

/** What {@link buildKeyEntry} takes. */
export interface BuildKeyEntryOptions {
  /**
   * The private key: PEM text or DER bytes in any form {@link readPrivateKey} reads. PEM text may
   * also hold the certificates (a `key + cert + ca` bundle); they join `certificates`.
   */
  key: Uint8Array | string;
  /** Certificate files: PEM text, DER, or PKCS#7, one bundle or several, in any order. */
  certificates?: ReadonlyArray<Uint8Array | string | Certificate>;
  /** The passphrase of an encrypted key file. */
  passphrase?: string;
  /** The entry's alias; default: made from the leaf's subject (aliasFromCertificate). */
  alias?: string;
  /** The entry's creation date; default: now. */
  created?: Date;
  /** Safety limits. */
  limits?: Partial<Limits>;
}

/** The entry made, the key as read, and what was noticed (incomplete chain, extra certificates, …). */
export interface BuiltKeyEntry {
  readonly entry: PrivateKeyEntry;
  readonly key: ReadPrivateKey;
  readonly warnings: ChainWarning[];
}

/**
 * Makes a private-key entry from a key and its certificates, as `import-key` needs: reads the key
 * (normalised to PKCS#8), finds the leaf (the certificate holding the key's public key), orders
 * the others into its chain by issuer and signature, and checks each certificate is signed by the
 * next. An incomplete chain or certificates outside the chain are warnings.
 *
 * Errors: KEY_MISMATCH when no certificate holds the key's public key (the message names the
 * certificates given), INVALID_ARGUMENT for no certificate at all or a certificate not signed by
 * the one that names its issuer, and the errors of {@link readPrivateKey}.
 */
export async function buildKeyEntry(options: BuildKeyEntryOptions): Promise<BuiltKeyEntry> {
  const limits = resolveLimits(options.limits);
  const readOptions = { ...(options.passphrase !== undefined && { passphrase: options.passphrase }), limits };
  let key: ReadPrivateKey;
  const certificates: Certificate[] = [];
  if (typeof options.key === "string" || looksLikePem(options.key)) {
    const blocks = readPemBlocks(typeof options.key === "string" ? options.key : utf8Text(options.key));
    key = readPrivateKeyFromBlocks(blocks, readOptions);
    certificates.push(...certificatesOfBlocks(blocks, limits));
  } else {
    key = readPrivateKey(options.key, readOptions);
  }
  for (const input of options.certificates ?? []) {
    if (typeof input === "string" || input instanceof Uint8Array) certificates.push(...readCertificateBundle(input, { limits }));
    else certificates.push(input);
  }
  const leaf = findLeaf(key.pkcs8, certificates);
  const ordered = await orderChain(leaf, certificates, new SignatureChecker());
  if (ordered.chain.length > limits.maxChainLength) {
    throw new KeystoreError("LIMIT", `Limit exceeded: the chain has ${ordered.chain.length} certificates, above the limit of ${limits.maxChainLength}`);
  }
  const entry: PrivateKeyEntry = {
    type: "privateKey",
    alias: options.alias ?? aliasFromCertificate(leaf),
    created: options.created ?? new Date(),
    chain: ordered.chain,
    key: { plain: key.pkcs8 },
  };
  return { entry, key, warnings: ordered.warnings };
}

/**
 * The certificate whose public key is the key's (the first, when several are); KEY_MISMATCH
 * naming the certificates otherwise, INVALID_ARGUMENT when there are none.
 */
export function findLeaf(pkcs8: Uint8Array, certificates: readonly Certificate[]): Certificate {
  if (certificates.length === 0) {
    throw new KeystoreError("INVALID_ARGUMENT", "Private key must be accompanied by certificate chain: give the key's certificate (and its CA certificates) too");
  }
  const publicKey = publicKeyOfPrivateKey(pkcs8);
  const leaf = certificates.find((certificate) => samePublicKey(publicKey, publicKeyOfSpki(certificate.subjectPublicKeyInfo)));
  if (leaf) return leaf;
  const named = certificates.slice(0, 5).map(describeCertificate).join("; ");
  const more = certificates.length > 5 ? `; and ${certificates.length - 5} more` : "";
  throw new KeystoreError(
    "KEY_MISMATCH",
    certificates.length === 1
      ? `The private key does not match the certificate ${named}: that certificate holds another public key. Give the certificate issued for this key`
      : `The private key does not match any of the ${certificates.length} certificates given (${named}${more}): none holds its public key. Give the certificate issued for this key`,
  );
}
