import type { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import { runtimeName, subtleCrypto } from "../crypto/webcrypto.js";
import { signatureScheme, signedParts } from "./certificate-signature.js";
import { NOT_SUPPORTED, verifyWithWebCrypto } from "./webcrypto-signature.js";
import {
  EKU_ANY,
  EKU_CLIENT_AUTH,
  EKU_SERVER_AUTH,
  KEY_USAGE_DIGITAL_SIGNATURE,
  KEY_USAGE_KEY_CERT_SIGN,
  certificateFacts,
  isSelfIssued,
} from "./x509-extensions.js";

/**
 * The checks of Java's PKIXCertPathValidator and of sun.security.validator (trust-anchor and
 * end-entity checks), one function each, in the order Java runs them so that a certificate with
 * two problems is reported with the problem Java reports.
 */

/** Why a path was refused: our code, plain words, and Java's text without the "PKIX path …" prefix. */
export interface PathFailure {
  code: string;
  reason: string;
  /** Java's exception as `e.toString()` prints it (class name and message). */
  javaCause: string;
  certificate: Certificate;
}

const CPVE = "java.security.cert.CertPathValidatorException: ";
const VALIDATOR = "sun.security.validator.ValidatorException: ";

/** "CN=a,O=b" (RFC 2253) → "CN=a, O=b", as X500Principal.toString() prints simple names. */
export function javaPrincipalText(rfc2253: string): string {
  return rfc2253.split(/(?<!\\),/).join(", ");
}

/** Verifies certificate signatures (see checkSignature), remembering each (child, issuer) answer. */
export class SignatureChecker {
  private readonly results = new Map<string, Promise<boolean>>();

  /** True when `issuer`'s key verifies `child`'s signature; rejects with a KeystoreError when it cannot tell. */
  verify(child: Certificate, issuer: Certificate): Promise<boolean> {
    const key = `${child.sha256}>${issuer.sha256}`;
    let result = this.results.get(key);
    if (!result) {
      result = checkSignature(child, issuer);
      this.results.set(key, result);
    }
    return result;
  }
}

const RSASSA_PSS = "1.2.840.113549.1.1.10";

/**
 * WebCrypto where it can do the algorithm (webcrypto-signature.ts: from our own DER, issuer keys
 * imported once); else our own verifier (RSA, and RSASSA-PSS, whose parameters WebCrypto cannot
 * always express); else UNSUPPORTED. A signature we cannot check is never reported as a bad one.
 * Both certificates must be whole X.509 structures (MALFORMED otherwise), as Java's
 * CertificateFactory would have refused them before any path is built.
 */
async function checkSignature(child: Certificate, issuer: Certificate): Promise<boolean> {
  const signed = signedParts(child.der, child.subject);
  signedParts(issuer.der, issuer.subject);
  const scheme = signatureScheme(signed.algorithm);
  if (!scheme) return false; // an algorithm Java does not know either: "signature check failed"
  const subtle = subtleCrypto();
  if (scheme.webCrypto && subtle) {
    const verdict = await verifyWithWebCrypto(subtle, signed, issuer);
    if (verdict === NOT_SUPPORTED) {
      throw new KeystoreError("UNSUPPORTED", `Unsupported: ${runtimeName()} has no WebCrypto ${scheme.name}, so it cannot check the ${scheme.name} signature of ${child.subject}, although Java can: check this chain with a JVM or in Node.js`);
    }
    if (verdict !== undefined) return verdict;
    if (signed.algorithm === RSASSA_PSS && scheme.verify) return scheme.verify(issuer.subjectPublicKeyInfo, signed);
    // A key that does not fit the algorithm (or a curve WebCrypto lacks) cannot vouch for the child.
    return false;
  }
  if (scheme.verify) return scheme.verify(issuer.subjectPublicKeyInfo, signed);
  const what = `the ${scheme.name} signature of ${child.subject}`;
  throw new KeystoreError(
    "UNSUPPORTED",
    subtle || !scheme.webCrypto
      ? `Unsupported: cannot check ${what} here, although Java can: check this chain with a JVM`
      : `WebCrypto unavailable (insecure context): cannot check signatures (${what}). Serve the page over HTTPS or from localhost, or check the chain in Node, Deno or a JVM`,
  );
}

/**
 * Validates `path` (leaf first, not containing the anchor) against `anchor` at `at`, as
 * PKIXCertPathValidator does: from the anchor down, per certificate keyUsage and basicConstraints
 * of issuing certificates, then validity, name chaining and signature. The anchor's own validity
 * is not checked (Java does not either). Returns null when the path is valid.
 * (Java's AlgorithmChecker — jdk.certpath.disabledAlgorithms such as MD5 or RSA < 1024 — is not
 * modelled: small RSA keys still verify here, and MD5/MD2 signatures are UNSUPPORTED.)
 */
export async function checkPath(path: readonly Certificate[], anchor: Certificate, at: Date, signatures: SignatureChecker): Promise<PathFailure | null> {
  let maxPathLength = path.length;
  for (let j = path.length - 1; j >= 0; j--) {
    const cert = path[j]!;
    const issuer = path[j + 1] ?? anchor;
    const facts = certificateFacts(cert);
    if (j > 0) {
      // KeyChecker: an issuing certificate whose keyUsage is present must assert keyCertSign.
      if (facts.keyUsage && !facts.keyUsage[KEY_USAGE_KEY_CERT_SIGN]) {
        return fail("KEY_USAGE", `${cert.subject} issues certificates, but its keyUsage does not include keyCertSign`, CPVE + "CA key usage check failed: keyCertSign bit is not set", cert);
      }
      // ConstraintsChecker: v3 issuers need basicConstraints cA; v1/v2 only as a self-issued
      // certificate directly under the anchor (key rollover).
      let pathLen: number;
      if (facts.version < 3) pathLen = j === path.length - 1 && isSelfIssued(cert) ? Infinity : -1;
      else pathLen = facts.basicConstraints?.ca ? (facts.basicConstraints.pathLen ?? Infinity) : -1;
      if (pathLen === -1) {
        return fail("NOT_A_CA", `${cert.subject} issued ${path[j - 1]!.subject}, but it is not a CA certificate (basicConstraints cA is not set)`, CPVE + "basic constraints check failed: this is not a CA certificate", cert);
      }
      if (!isSelfIssued(cert)) {
        if (maxPathLength <= 0) {
          return fail("PATH_LENGTH", `${cert.subject} is one CA too many: a CA above it limits the path length (pathLenConstraint)`, CPVE + "basic constraints check failed: pathLenConstraint violated - this cert must be the last cert in the certification path", cert);
        }
        maxPathLength--;
      }
      maxPathLength = Math.min(maxPathLength, pathLen);
    }
    // BasicChecker: validity, then the signature (its name-chaining check is implied: paths are
    // only ever assembled by matching names).
    if (at < cert.notBefore) {
      return fail("NOT_YET_VALID", `${cert.subject} is not valid before ${cert.notBefore.toISOString()}`, CPVE + "validity check failed", cert);
    }
    if (at > cert.notAfter) {
      return fail("EXPIRED", `${cert.subject} expired on ${cert.notAfter.toISOString()}`, CPVE + "validity check failed", cert);
    }
    if (!(await signatures.verify(cert, issuer))) {
      return fail("BAD_SIGNATURE", `the signature of ${cert.subject} does not verify with the public key of ${issuer.subject}`, CPVE + "signature check failed", cert);
    }
  }
  return null;
}

/** PKIXValidator.verifyTrustAnchor: a v3 anchor must be a CA whose keyUsage, if any, allows keyCertSign. */
export function checkAnchor(anchor: Certificate): PathFailure | null {
  const facts = certificateFacts(anchor);
  if (facts.version < 3) return null;
  const name = `TrustAnchor with subject "${javaPrincipalText(anchor.subject)}"`;
  if (!facts.basicConstraints?.ca) {
    return fail("ANCHOR_NOT_A_CA", `the trusted certificate ${anchor.subject} is used as an issuer but is not a CA certificate (set -Djdk.security.allowNonCaAnchor=true to allow it)`, `${VALIDATOR}${name} is not a CA certificate`, anchor);
  }
  if (facts.keyUsage && !facts.keyUsage[KEY_USAGE_KEY_CERT_SIGN]) {
    return fail("ANCHOR_KEY_USAGE", `the trusted certificate ${anchor.subject} is used as an issuer but its keyUsage lacks keyCertSign`, `${VALIDATOR}${name} does not have keyCertSign bit set in KeyUsage extension`, anchor);
  }
  return null;
}

/** What the certificate will be used for; decides the end-entity checks. */
export type Purpose = "tls-server" | "tls-client" | "any";

/**
 * EndEntityChecker for TLS: extendedKeyUsage must allow the purpose, and keyUsage (when present)
 * digitalSignature, which every (EC)DHE and TLS 1.3 key exchange needs. The message is Java's
 * ValidatorException text, which checkServerTrusted throws as is.
 */
export function checkEndEntity(leaf: Certificate, purpose: Purpose): { code: string; reason: string; javaMessage: string } | null {
  if (purpose === "any") return null;
  const facts = certificateFacts(leaf);
  const [eku, role] = purpose === "tls-server" ? [EKU_SERVER_AUTH, "server"] : [EKU_CLIENT_AUTH, "client"];
  if (facts.extKeyUsage && !facts.extKeyUsage.includes(eku) && !facts.extKeyUsage.includes(EKU_ANY)) {
    return {
      code: "EXTENDED_KEY_USAGE",
      reason: `${leaf.subject} may not be used for TLS ${role} authentication: its extendedKeyUsage lacks ${role}Auth`,
      javaMessage: `Extended key usage does not permit use for TLS ${role} authentication`,
    };
  }
  if (facts.keyUsage && !facts.keyUsage[KEY_USAGE_DIGITAL_SIGNATURE]) {
    return {
      code: "LEAF_KEY_USAGE",
      reason: `${leaf.subject} may not sign the TLS handshake: its keyUsage lacks digitalSignature`,
      javaMessage: "KeyUsage does not allow digital signatures",
    };
  }
  return null;
}

function fail(code: string, reason: string, javaCause: string, certificate: Certificate): PathFailure {
  return { code, reason, javaCause, certificate };
}
