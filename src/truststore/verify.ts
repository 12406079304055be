import type { Certificate } from "../model/certificate.js";
import type { Keystore } from "../model/keystore.js";
import { SignatureChecker, checkAnchor, checkEndEntity, checkPath, type PathFailure, type Purpose } from "./pkix-checks.js";
import { checkHostname, type WildcardRule } from "./hostname.js";
import { certificateFacts, sameName } from "./x509-extensions.js";

/**
 * Would Java trust this chain? verifyChain follows what a Java TLS client does
 * (X509TrustManager.checkServerTrusted → sun.security.validator.PKIXValidator): the store's
 * trusted certificates are the only anchors, the chain's certificates the only intermediates, and
 * the answer carries the exception text Java would print. The fixtures in
 * test/fixtures/chains/expected.json hold Java's own verdicts for each case.
 */

/** Why a chain is (not) trusted. New codes may be added; none will be renamed. */
export type VerifyCode =
  | "TRUSTED"
  | "EMPTY_CHAIN"
  | "NO_TRUST_ANCHORS"
  | "NO_TRUSTED_ISSUER"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "BAD_SIGNATURE"
  | "NOT_A_CA"
  | "KEY_USAGE"
  | "PATH_LENGTH"
  | "ANCHOR_NOT_A_CA"
  | "ANCHOR_KEY_USAGE"
  | "EXTENDED_KEY_USAGE"
  | "LEAF_KEY_USAGE"
  | "HOSTNAME_MISMATCH";

/** Options for {@link verifyChain}. */
export interface VerifyOptions {
  /** Validation time (default: now). */
  at?: Date;
  /** End-entity checks: TLS server (default, what checkServerTrusted does), TLS client, or none. */
  purpose?: Purpose;
  /**
   * Also run Java's HTTPS endpoint identification for this host name or IP address (as
   * HttpsURLConnection does after PKIX validation); a mismatch is HOSTNAME_MISMATCH with Java's message.
   */
  host?: string;
  /** Wildcard rule of the host-name check: Temurin 25 ("leftmost-label", default) or Java 17 ("any-label"). */
  wildcards?: WildcardRule;
}

/** The verdict of {@link verifyChain}. */
export interface VerifyResult {
  /** Whether Java would trust the chain. */
  trusted: boolean;
  /** Why: "TRUSTED", or the check that failed. */
  code: VerifyCode;
  /** What happened, in plain words. */
  reason: string;
  /** The exception message a Java TLS client would show (e.g. inside SSLHandshakeException). Empty when trusted. */
  javaMessage: string;
  /** RFC 2253 DN of the issuer that is neither in the chain nor in the store (NO_TRUSTED_ISSUER). */
  missingIssuer?: string;
  /** The validated path, leaf first, ending with the anchor. */
  path?: Certificate[];
  /** The store certificate the path ends at. */
  anchor?: Certificate;
  /** The certificate a failed check is about. */
  certificate?: Certificate;
}

const BUILD_FAILED = "PKIX path building failed: ";
const VALIDATION_FAILED = "PKIX path validation failed: ";
const NO_PATH = "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

/**
 * The certificates Java's trust manager treats as anchors in `store`: every trusted-certificate
 * entry and, as sun.security.validator.TrustStoreUtil does, the first certificate of every
 * private-key entry (so a key store used as a trust store trusts its own server certificate).
 */
export function trustAnchorsOf(store: Keystore): Certificate[] {
  const anchors: Certificate[] = [];
  for (const entry of store) {
    if (entry.javaIgnores !== undefined) continue; // Java's loader never sees it
    if (entry.type === "trustedCert") anchors.push(entry.certificate);
    else if (entry.type === "privateKey" && entry.chain[0]) anchors.push(entry.chain[0]);
  }
  return anchors;
}

/** Validates `chain` (leaf first, as a server sends it) against the trusted certificates `anchors`. */
export async function verifyChain(chain: readonly Certificate[], anchors: readonly Certificate[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const at = options.at ?? new Date();
  const leaf = chain[0];
  if (!leaf) {
    return { trusted: false, code: "EMPTY_CHAIN", reason: "the chain contains no certificate", javaMessage: "null or zero-length certificate chain" };
  }
  if (anchors.length === 0) {
    return {
      trusted: false,
      code: "NO_TRUST_ANCHORS",
      reason: "the trust store holds no trusted certificate (empty, opened without its password, or a PKCS#12 whose certificates lack Java's trusted attribute)",
      javaMessage: "Unexpected error: java.security.InvalidAlgorithmParameterException: the trustAnchors parameter must be non-empty",
    };
  }
  const run = new Verification(chain, anchors, at, options.purpose ?? "tls-server");
  const result = await run.validate();
  // Java identifies the endpoint only once the chain is trusted; a PKIX failure is reported first.
  if (!result.trusted || options.host === undefined) return result;
  const check = checkHostname(leaf, options.host, options.wildcards ? { wildcards: options.wildcards } : {});
  if (check.matched) return { ...result, reason: `${result.reason}; ${check.reason}` };
  return { trusted: false, code: "HOSTNAME_MISMATCH", reason: check.reason, javaMessage: check.javaMessage, certificate: leaf, ...(result.path ? { path: result.path } : {}), ...(result.anchor ? { anchor: result.anchor } : {}) };
}

class Verification {
  private readonly signatures = new SignatureChecker();
  private readonly bySubject = new Map<string, Certificate[]>();

  constructor(
    private readonly chain: readonly Certificate[],
    private readonly anchors: readonly Certificate[],
    private readonly at: Date,
    private readonly purpose: Purpose,
  ) {
    for (const anchor of anchors) {
      const key = canon(anchor.subject);
      this.bySubject.set(key, [...(this.bySubject.get(key) ?? []), anchor]);
    }
  }

  /** PKIXValidator.engineValidate: use the chain as sent when it is ordered, else build a path. */
  async validate(): Promise<VerifyResult> {
    const chain = this.chain;
    for (let i = 0; i < chain.length; i++) {
      const cert = chain[i]!;
      if (i > 0 && !sameName(cert.subjectDer, chain[i - 1]!.issuerDer, cert.subject, chain[i - 1]!.issuer)) return this.build();
      // A certificate of the chain that is itself in the store (or has a trusted certificate's
      // name and key) ends the path there; Java trusts a leaf found in the store without any check.
      const trusted = this.trustedCopy(cert);
      if (trusted) {
        if (i === 0) return this.success([trusted], trusted, true);
        return this.validatePath(chain.slice(0, i), this.bySubject.get(canon(chain[i - 1]!.issuer)) ?? [trusted]);
      }
    }
    // Java checks the last certificate's issuer by name only (it verifies that signature only for
    // the browser plug-in), so a bad signature under an anchor is a validation failure.
    const candidates = this.bySubject.get(canon(chain[chain.length - 1]!.issuer));
    if (candidates) return this.validatePath(chain, candidates);
    return this.build();
  }

  /** PKIXCertPathValidator over the given order; Java reports the last anchor's failure. */
  private async validatePath(path: readonly Certificate[], candidates: readonly Certificate[]): Promise<VerifyResult> {
    const top = path[path.length - 1]!;
    let failure: PathFailure | null = null;
    for (const anchor of candidates.filter((a) => this.mayIssue(a, top))) {
      failure = await checkPath(path, anchor, this.at, this.signatures);
      if (!failure) return this.success([...path, anchor], anchor, false, VALIDATION_FAILED);
    }
    if (failure) return this.failure(failure, VALIDATION_FAILED + failure.javaCause);
    return {
      trusted: false,
      code: "NO_TRUSTED_ISSUER",
      reason: `the store has a certificate named ${top.issuer}, but not the one that issued ${top.subject} (its key identifier differs)`,
      javaMessage: `${VALIDATION_FAILED}java.security.cert.CertPathValidatorException: Path does not chain with any of the trust anchors`,
      missingIssuer: top.issuer,
      certificate: top,
    };
  }

  /**
   * SunCertPathBuilder: depth-first from the leaf through the chain's certificates to any anchor;
   * every complete path is validated and the first valid one wins. Java then reports only "unable
   * to find valid certification path"; the reason here says what actually failed.
   */
  private async build(): Promise<VerifyResult> {
    const leaf = this.chain[0]!;
    let firstFailure: PathFailure | null = null;
    let deepest: Certificate = leaf;
    let deepestLength = 0;
    const search = async (path: Certificate[]): Promise<VerifyResult | null> => {
      const top = path[path.length - 1]!;
      if (path.length > deepestLength) [deepest, deepestLength] = [top, path.length];
      for (const anchor of (this.bySubject.get(canon(top.issuer)) ?? []).filter((a) => this.mayIssue(a, top))) {
        const failure = await checkPath(path, anchor, this.at, this.signatures);
        if (!failure) return this.success([...path, anchor], anchor, false, BUILD_FAILED);
        firstFailure ??= failure;
      }
      for (const next of this.chain) {
        if (path.includes(next) || path.some((c) => c.sha256 === next.sha256) || !this.mayIssue(next, top)) continue;
        const found = await search([...path, next]);
        if (found) return found;
      }
      return null;
    };
    const found = await search([leaf]);
    if (found) return found;
    const javaMessage = BUILD_FAILED + NO_PATH;
    if (firstFailure) return this.failure(firstFailure, javaMessage);
    for (const code of ["NOT_YET_VALID", "EXPIRED"] as const) {
      const early = code === "NOT_YET_VALID";
      if (early ? this.at < leaf.notBefore : this.at > leaf.notAfter) {
        const when = early ? `is not valid before ${leaf.notBefore.toISOString()}` : `expired on ${leaf.notAfter.toISOString()}`;
        return { trusted: false, code, reason: `${leaf.subject} ${when}, and no path to a trusted certificate was found`, javaMessage, certificate: leaf };
      }
    }
    const top = deepest as Certificate;
    const selfSigned = sameName(top.subjectDer, top.issuerDer, top.subject, top.issuer);
    return {
      trusted: false,
      code: "NO_TRUSTED_ISSUER",
      reason: selfSigned
        ? `the chain ends at the self-signed ${top.subject}, which is not in the trust store`
        : `the issuer ${top.issuer} of ${top.subject} is neither in the trust store nor sent in the chain (import that CA certificate, or have the server send its intermediate)`,
      javaMessage,
      missingIssuer: top.issuer,
      certificate: top,
    };
  }

  /** Java's success path: the anchor must be a CA (unless it is the leaf itself), then the end-entity checks. */
  private success(path: Certificate[], anchor: Certificate, leafIsAnchor: boolean, prefix = ""): VerifyResult {
    if (!leafIsAnchor) {
      const bad = checkAnchor(anchor);
      if (bad) return this.failure(bad, prefix + bad.javaCause);
      const endEntity = checkEndEntity(path[0]!, this.purpose);
      if (endEntity) return { trusted: false, code: endEntity.code as VerifyCode, reason: endEntity.reason, javaMessage: endEntity.javaMessage, certificate: path[0]! };
    }
    const reason = leafIsAnchor
      ? `${path[0]!.subject} is itself in the trust store`
      : `${path[0]!.subject} chains to the trusted ${anchor.subject}`;
    return { trusted: true, code: "TRUSTED", reason, javaMessage: "", path, anchor };
  }

  private failure(failure: PathFailure, javaMessage: string): VerifyResult {
    return { trusted: false, code: failure.code as VerifyCode, reason: failure.reason, javaMessage, certificate: failure.certificate };
  }

  /** A store certificate equal to `cert`, or with its name and public key (a re-signed CA). */
  private trustedCopy(cert: Certificate): Certificate | undefined {
    const sameSubject = this.bySubject.get(canon(cert.subject)) ?? [];
    return (
      sameSubject.find((a) => a.sha256 === cert.sha256) ??
      sameSubject.find((a) => equalBytes(a.subjectPublicKeyInfo, cert.subjectPublicKeyInfo))
    );
  }

  /** Could `issuer` have issued `child`: names chain, and key identifiers agree where both exist. */
  private mayIssue(issuer: Certificate, child: Certificate): boolean {
    if (!sameName(issuer.subjectDer, child.issuerDer, issuer.subject, child.issuer)) return false;
    const aki = certificateFacts(child).authorityKeyId;
    const ski = certificateFacts(issuer).subjectKeyId;
    return aki === null || ski === null || aki === ski;
  }
}

function canon(name: string): string {
  return name.toLowerCase().replace(/\s+/g, " ");
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
