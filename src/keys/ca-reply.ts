import type { Certificate } from "../model/certificate.js";
import type { PrivateKeyEntry } from "../model/entry.js";
import { KeystoreError } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import { SignatureChecker } from "../truststore/pkix-checks.js";
import { isSelfIssued } from "../truststore/x509-extensions.js";
import { readCertificateBundle } from "./certificate-bundle.js";
import { describeCertificate, namesIssuer, orderChain, signedBy, withoutDuplicates, type ChainWarning } from "./chain.js";
import { publicKeyOfSpki, samePublicKey } from "./public-key.js";

/** Options of {@link installCaReply}. */
export interface InstallCaReplyOptions {
  /**
   * More trusted certificates to complete the chain from, besides the store's own (keytool
   * `-trustcacerts`: the JVM's cacerts, which the caller loads).
   */
  cacerts?: readonly Certificate[];
  /**
   * Install a reply of several certificates whose top certificate is not trusted (keytool asks
   * "Is not trusted. Install reply anyway?"; `-noprompt` answers yes). Default false: UNTRUSTED.
   */
  acceptUntrusted?: boolean;
  /** The entry's new creation date (keytool sets it to now); default now. */
  created?: Date;
}

/** The entry after {@link installCaReply}, the chain installed and what was noticed. */
export interface InstalledCaReply {
  readonly entry: PrivateKeyEntry;
  /** Certificates appended from the trusted ones (a one-certificate reply's CA chain, a reply's root). */
  readonly completedFrom: readonly Certificate[];
  readonly warnings: ChainWarning[];
}

/** keytool's messages, kept word for word so that searches for them find this. */
export const CA_REPLY_MESSAGES = {
  installed: "Certificate reply was installed in keystore",
  notInstalled: "Certificate reply was not installed in keystore",
  keysDiffer: "Public keys in reply and keystore don't match",
  identical: "Certificate reply and certificate in keystore are identical",
  noChain: "Failed to establish chain from reply",
  incomplete: "Incomplete certificate chain in reply",
} as const;

/**
 * Installs a CA's reply on the key entry `alias`, as `keytool -importcert` does on a key entry:
 * the reply (PEM, DER, a chain, or PKCS#7) replaces the entry's chain, and the key stays exactly
 * as stored, so no key password is needed (the public key to compare comes from the entry's
 * current leaf certificate). The store is changed only when everything checks out.
 *
 * One certificate: it must hold the entry's public key (KEY_MISMATCH "Public keys in reply and
 * keystore don't match") and differ from the current leaf; its chain is completed up to a root
 * from the store's certificates and `cacerts`, each signature checked (UNTRUSTED "Failed to
 * establish chain from reply" when no root is reached, as keytool, even with acceptUntrusted).
 *
 * Several: the one holding the entry's public key is the leaf (KEY_MISMATCH when none does); the
 * rest must chain from it by signature (INVALID_ARGUMENT "Incomplete certificate chain in reply");
 * the top must be trusted: a store/cacerts certificate equal to it or signing it (then appended),
 * or UNTRUSTED unless `acceptUntrusted`.
 */
export async function installCaReply(store: Keystore, alias: string, reply: Uint8Array | string | readonly Certificate[], options: InstallCaReplyOptions = {}): Promise<InstalledCaReply> {
  const entry = store.entry(alias);
  if (entry.type !== "privateKey") {
    throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> is a ${entry.type} entry: a certificate reply goes on a key entry (import a trusted certificate under another alias)`);
  }
  const current = entry.chain[0];
  if (!current) throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> has no public key (certificate)`);
  const warnings: ChainWarning[] = [];
  const given = typeof reply === "string" || reply instanceof Uint8Array ? readCertificateBundle(reply) : [...reply];
  if (given.length === 0) throw new KeystoreError("INVALID_ARGUMENT", "Reply has no certificates");
  const certificates = withoutDuplicates(given, warnings);
  const trusted = trustedPool(store, options.cacerts ?? []);
  const signatures = new SignatureChecker();
  const publicKey = publicKeyOfSpki(current.subjectPublicKeyInfo);
  const holdsKey = (certificate: Certificate) => samePublicKey(publicKey, publicKeyOfSpki(certificate.subjectPublicKeyInfo));

  let chain: Certificate[];
  let completedFrom: Certificate[] = [];
  if (certificates.length === 1) {
    const leaf = certificates[0]!;
    if (!holdsKey(leaf)) throw new KeystoreError("KEY_MISMATCH", `${CA_REPLY_MESSAGES.keysDiffer}: the reply ${describeCertificate(leaf)} is not a certificate of the key of alias <${entry.alias}>`);
    if (leaf.sha256 === current.sha256) throw new KeystoreError("INVALID_ARGUMENT", CA_REPLY_MESSAGES.identical);
    const path = await chainToRoot(leaf, trusted, signatures, warnings);
    if (!path) {
      throw new KeystoreError(
        "UNTRUSTED",
        `${CA_REPLY_MESSAGES.noChain}: the issuer of the reply, ${leaf.issuer}, is not a trusted certificate of the keystore${options.cacerts ? " or cacerts" : ""} (or not up to a root). Import the CA certificates first, or give the reply with its chain`,
      );
    }
    chain = [leaf, ...path];
    completedFrom = path;
  } else {
    const leaf = certificates.find(holdsKey);
    if (!leaf) throw new KeystoreError("KEY_MISMATCH", `Certificate reply does not contain public key for <${entry.alias}> (${CA_REPLY_MESSAGES.keysDiffer})`);
    const ordered = await orderChain(leaf, certificates, signatures);
    if (ordered.unused.length > 0) {
      throw new KeystoreError("INVALID_ARGUMENT", `${CA_REPLY_MESSAGES.incomplete}: ${ordered.unused.map(describeCertificate).join("; ")} does not chain with the rest`);
    }
    warnings.push(...ordered.warnings.filter((warning) => warning.code !== "CHAIN_INCOMPLETE"));
    chain = ordered.chain;
    const top = chain[chain.length - 1]!;
    const anchor = await trustAnchorFor(top, trusted, signatures, warnings);
    if (anchor && anchor.sha256 !== top.sha256) {
      chain.push(anchor);
      completedFrom = [anchor];
    } else if (!anchor) {
      if (!options.acceptUntrusted) {
        throw new KeystoreError(
          "UNTRUSTED",
          `${CA_REPLY_MESSAGES.notInstalled}: the top-level certificate in the reply, ${describeCertificate(top)}, is not trusted. Import it as a trusted certificate first${options.cacerts ? "" : ", use cacerts (-trustcacerts)"}, or accept it anyway (-noprompt)`,
        );
      }
      warnings.push({ code: "UNTRUSTED_REPLY", message: `The top-level certificate in the reply, ${describeCertificate(top)}, is not trusted; the reply was installed as asked`, certificate: top });
    }
  }
  const installed = store.set({ ...entry, chain, created: options.created ?? new Date() }) as PrivateKeyEntry;
  return { entry: installed, completedFrom, warnings };
}

/** keytool's pool: every certificate of the store (trusted entries and key entries' leaves), then cacerts. */
function trustedPool(store: Keystore, cacerts: readonly Certificate[]): Certificate[] {
  const pool: Certificate[] = [];
  for (const entry of store) {
    if (entry.type === "trustedCert") pool.push(entry.certificate);
    else if (entry.type === "privateKey" && entry.chain[0]) pool.push(entry.chain[0]);
  }
  return [...pool, ...cacerts];
}

/** The issuers above `certificate` up to a self-signed root, each signature checked; null when there is no such path. */
async function chainToRoot(certificate: Certificate, pool: readonly Certificate[], signatures: SignatureChecker, warnings: ChainWarning[], depth = 0): Promise<Certificate[] | null> {
  if (isSelfIssued(certificate) && (await signedBy(certificate, certificate, signatures, warnings))) return [];
  if (depth > 20) return null;
  for (const issuer of pool) {
    if (issuer.sha256 === certificate.sha256 || !namesIssuer(certificate, issuer)) continue;
    if (!(await signedBy(certificate, issuer, signatures, warnings))) continue;
    const rest = await chainToRoot(issuer, pool, signatures, warnings, depth + 1);
    if (rest) return [issuer, ...rest];
  }
  return null;
}

/** keytool's getSigner: a trusted certificate equal to `top`, or one whose key signed it. */
async function trustAnchorFor(top: Certificate, pool: readonly Certificate[], signatures: SignatureChecker, warnings: ChainWarning[]): Promise<Certificate | null> {
  const same = pool.find((certificate) => certificate.sha256 === top.sha256);
  if (same) return same;
  for (const candidate of pool) {
    if (namesIssuer(top, candidate) && (await signedBy(top, candidate, signatures, warnings))) return candidate;
  }
  return null;
}
