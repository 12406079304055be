import type { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { SignatureChecker } from "../truststore/pkix-checks.js";
import { certificateFacts, isSelfIssued, sameName } from "../truststore/x509-extensions.js";

/** Something worth telling the user about a chain that was still accepted. */
export interface ChainWarning {
  /**
   * CHAIN_INCOMPLETE: the chain does not end in a self-issued (root) certificate;
   * EXTRA_CERTIFICATE: a certificate given is not part of the chain and was left out;
   * DUPLICATE_CERTIFICATE: a certificate was given twice;
   * SIGNATURE_UNCHECKED: a signature could not be checked here (algorithm or platform);
   * UNTRUSTED_REPLY: a CA reply was installed although its top certificate is not trusted.
   */
  readonly code: "CHAIN_INCOMPLETE" | "EXTRA_CERTIFICATE" | "DUPLICATE_CERTIFICATE" | "SIGNATURE_UNCHECKED" | "UNTRUSTED_REPLY";
  readonly message: string;
  /** The certificate concerned, when there is one. */
  readonly certificate?: Certificate;
}

/** A chain put in order, leaf first, and what was noticed on the way. */
export interface OrderedChain {
  readonly chain: Certificate[];
  /** Certificates given that are not in the chain (also reported as EXTRA_CERTIFICATE). */
  readonly unused: Certificate[];
  readonly warnings: ChainWarning[];
  /** Whether the chain ends in a self-issued certificate. */
  readonly complete: boolean;
}

/** "CN=x (SHA-256 ab12cd34…)": how messages name a certificate. */
export function describeCertificate(certificate: Certificate): string {
  let subject: string;
  try {
    subject = certificate.subject;
  } catch {
    subject = "an unreadable certificate";
  }
  return `${subject} (SHA-256 ${certificate.sha256.slice(0, 16)}…)`;
}

/** The certificates without repeats (same DER), first occurrence kept; repeats are reported. */
export function withoutDuplicates(certificates: readonly Certificate[], warnings: ChainWarning[]): Certificate[] {
  const seen = new Set<string>();
  const out: Certificate[] = [];
  for (const certificate of certificates) {
    if (seen.has(certificate.sha256)) {
      warnings.push({ code: "DUPLICATE_CERTIFICATE", message: `${describeCertificate(certificate)} was given twice; it is used once`, certificate });
      continue;
    }
    seen.add(certificate.sha256);
    out.push(certificate);
  }
  return out;
}

/** Whether `issuer` could have issued `child` by names, and by key identifiers when both have them. */
export function namesIssuer(child: Certificate, issuer: Certificate): boolean {
  if (!sameName(child.issuerDer, issuer.subjectDer, child.issuer, issuer.subject)) return false;
  const authority = certificateFacts(child).authorityKeyId;
  const subject = certificateFacts(issuer).subjectKeyId;
  return authority === null || subject === null || authority === subject;
}

/**
 * `signatures.verify`, with "cannot check here" (UNSUPPORTED) turned into a warning and true:
 * a signature we cannot check is not a bad one.
 */
export async function signedBy(child: Certificate, issuer: Certificate, signatures: SignatureChecker, warnings: ChainWarning[]): Promise<boolean> {
  try {
    return await signatures.verify(child, issuer);
  } catch (error) {
    if (error instanceof KeystoreError && error.code === "UNSUPPORTED") {
      warnings.push({ code: "SIGNATURE_UNCHECKED", message: `${error.message.replace(/^Unsupported: /, "")}; it was assumed to be valid`, certificate: child });
      return true;
    }
    throw error;
  }
}

/**
 * Orders `certificates` into a chain from `leaf`: each next certificate is the one whose subject
 * (and subjectKeyIdentifier, when both sides have key identifiers) names the current one's issuer
 * and whose key verifies its signature, until a self-issued certificate or no issuer is found.
 * A candidate by name whose signature fails is not used (another may be the real issuer); when
 * none verifies, the chain stops there and the first such candidate's failure is thrown as
 * INVALID_ARGUMENT ("… is not signed by …"). Certificates left over are EXTRA_CERTIFICATE, a chain
 * that does not reach a root CHAIN_INCOMPLETE: both reported, not refused.
 */
export async function orderChain(leaf: Certificate, certificates: readonly Certificate[], signatures: SignatureChecker = new SignatureChecker()): Promise<OrderedChain> {
  const warnings: ChainWarning[] = [];
  const pool = withoutDuplicates(certificates, warnings).filter((certificate) => certificate.sha256 !== leaf.sha256);
  const chain = [leaf];
  let current = leaf;
  while (!isSelfIssued(current)) {
    const candidates = pool.filter((certificate) => namesIssuer(current, certificate));
    let next: Certificate | undefined;
    for (const candidate of candidates) {
      if (await signedBy(current, candidate, signatures, warnings)) {
        next = candidate;
        break;
      }
    }
    if (!next) {
      if (candidates.length > 0) {
        throw new KeystoreError("INVALID_ARGUMENT", `Invalid certificate chain: ${describeCertificate(current)} is not signed by ${describeCertificate(candidates[0]!)}, although that certificate has its issuer's name`);
      }
      break;
    }
    chain.push(next);
    pool.splice(pool.indexOf(next), 1);
    current = next;
  }
  const top = chain[chain.length - 1]!;
  const complete = isSelfIssued(top);
  if (!complete) {
    warnings.push({ code: "CHAIN_INCOMPLETE", message: `The chain is incomplete: the issuer of ${describeCertificate(top)}, ${top.issuer}, is not among the certificates given. Java clients that lack it fail with "unable to find valid certification path"`, certificate: top });
  }
  for (const extra of pool) {
    warnings.push({ code: "EXTRA_CERTIFICATE", message: `${describeCertificate(extra)} is not part of the chain of ${describeCertificate(leaf)} and was left out`, certificate: extra });
  }
  return { chain, unused: pool, warnings, complete };
}
