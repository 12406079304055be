import type { Certificate } from "../../model/certificate.js";
import { KeystoreError, isKeystoreError } from "../../model/errors.js";
import { fetchIssuer, type FetchedIssuer } from "../../node/tls-aia.js";
import { certificateNames } from "../../truststore/certificate-names.js";
import type { TrustStore } from "../../truststore/truststore.js";
import { verifyChain, type VerifyResult } from "../../truststore/verify.js";
import { isSelfIssued } from "../../truststore/x509-extensions.js";

/**
 * probe's --fetch-issuer and --import: complete the chain from AIA caIssuers URLs (as Java does
 * only with -Dcom.sun.security.enableAIAcaIssuers=true), and choose what to add to the trust store.
 */

/** Java's switch for fetching missing issuers; off by default. */
export const AIA_PROPERTY = "com.sun.security.enableAIAcaIssuers";
/**
 * The allow list of caIssuers URLs (a security property, settable as a system property) that
 * newer JDKs check as well: Temurin 25.0.3 ships it empty, which denies every URL. Java 17.0.15
 * does not have it.
 */
export const AIA_FILTER_PROPERTY = "com.sun.security.allowedAIALocations";

export interface CompletedChain {
  chain: Certificate[];
  result: VerifyResult;
  fetched: FetchedIssuer[];
  /** Why a URL gave nothing usable (NETWORK errors, not a certificate, does not sign). */
  problems: string[];
}

/** The certificate whose issuer is missing: the one the failed check names, else the top of the chain. */
function orphanOf(chain: readonly Certificate[], result: VerifyResult): Certificate | undefined {
  return result.certificate ?? chain[chain.length - 1];
}

/**
 * Fetches missing issuers from AIA URLs, one level at a time (at most `maxDepth`), re-running the
 * verdict with each issuer that verifiably signs the certificate below it.
 */
export async function completeFromAia(
  chain: readonly Certificate[],
  anchors: readonly Certificate[],
  first: VerifyResult,
  options: { host: string; timeoutMs: number; maxDepth?: number },
): Promise<CompletedChain> {
  let current = [...chain];
  let result = first;
  const fetched: FetchedIssuer[] = [];
  const problems: string[] = [];
  for (let depth = 0; depth < (options.maxDepth ?? 4) && result.code === "NO_TRUSTED_ISSUER"; depth++) {
    const orphan = orphanOf(current, result);
    if (!orphan) break;
    let found: FetchedIssuer | undefined;
    for (const url of certificateNames(orphan).caIssuers) {
      try {
        const answer = await fetchIssuer(orphan, url, { timeoutMs: options.timeoutMs });
        if (answer.issuer) {
          found = answer;
          break;
        }
        problems.push(answer.problem ?? `${url}: no issuer`);
      } catch (error) {
        if (!isKeystoreError(error, "NETWORK")) throw error;
        problems.push(error.message);
      }
    }
    if (!found || current.some((c) => c.sha256 === found!.issuer!.sha256)) break;
    fetched.push(found);
    current = [...current, found.issuer!];
    result = await verifyChain(current, anchors, { host: options.host });
  }
  return { chain: current, result, fetched, problems };
}

/**
 * What --import adds: the issuers fetched from AIA (an intermediate is a valid Java trust anchor),
 * else the root the server sent when no store certificate vouches for it. Throws NOT_FOUND when
 * there is nothing to choose.
 */
export function certificatesToImport(sent: readonly Certificate[], completed: CompletedChain): Certificate[] {
  if (completed.fetched.length > 0) return completed.fetched.map((f) => f.issuer!);
  const top = sent[sent.length - 1];
  if (sent.length > 0 && top && isSelfIssued(top) && !completed.result.trusted) return [top];
  throw new KeystoreError(
    "NOT_FOUND",
    completed.result.trusted
      ? "--import: nothing to import, the trust store already vouches for this server"
      : "--import: the server sent no root and no issuer was fetched: add --fetch-issuer (when the certificate names a caIssuers URL), or get the CA certificate and run keystorekit import-cert",
  );
}

/** Adds `certificates` as trusted entries under ALIAS (ALIAS-2, … for more than one). */
export function importInto(trust: TrustStore, certificates: readonly Certificate[], alias: string): Array<{ alias: string; subject: string; added: boolean }> {
  return certificates.map((certificate, i) => {
    const added = trust.add(certificate, { alias: i === 0 ? alias : `${alias}-${i + 1}` });
    return { alias: added.alias, subject: certificate.subject, added: added.added };
  });
}
