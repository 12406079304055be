import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { readCertificateBundle } from "../keys/certificate-bundle.js";
import type { Certificate } from "../model/certificate.js";
import { KeystoreError, isKeystoreError } from "../model/errors.js";
import { SignatureChecker } from "../truststore/pkix-checks.js";
import { sameName } from "../truststore/x509-extensions.js";

/**
 * The missing issuer from a certificate's AIA caIssuers URL, as Java fetches it when
 * -Dcom.sun.security.enableAIAcaIssuers=true (sun.security.provider.certpath.URICertStore): one
 * HTTP GET, DER or PKCS#7 (also PEM), bounded in size and time. What comes back is used only when
 * it is the certificate's issuer: its subject is the certificate's issuer name and its key
 * verifies the certificate's signature.
 */

export interface FetchIssuerOptions {
  /** Bound for the whole download, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 256 KiB: an issuer is a few KiB, a PKCS#7 of a chain a few more). */
  maxBytes?: number;
}

/** What a caIssuers URL gave, and whether it is the issuer of the certificate. */
export interface FetchedIssuer {
  url: string;
  /** Every certificate the URL served. */
  certificates: Certificate[];
  /** The one that signs the certificate (undefined: none does; `problem` says why). */
  issuer?: Certificate;
  problem?: string;
}

const DEFAULT_MAX = 256 * 1024;

/** GETs `url` (http: or https:), following no redirects (Java's URICertStore does not either); NETWORK errors name the cause. */
export function download(url: string, options: FetchIssuerOptions = {}): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new KeystoreError("NETWORK", `cannot fetch the issuer: "${url}" is not a URL`));
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return Promise.reject(new KeystoreError("NETWORK", `cannot fetch the issuer from ${url}: only http: and https: URLs are fetched (Java fetches ldap: too; download it yourself)`));
  }
  const fail = (why: string) => new KeystoreError("NETWORK", `could not fetch the issuer from ${url}: ${why}`);
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (result: Uint8Array | KeystoreError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      if (result instanceof KeystoreError) reject(result);
      else resolve(result);
    };
    const get = parsed.protocol === "https:" ? httpsRequest : httpRequest;
    const req = get(parsed, { method: "GET", headers: { accept: "application/pkix-cert, application/pkcs7-mime, */*" } }, (response: IncomingMessage) => {
      if (response.statusCode !== 200) return finish(fail(`HTTP ${response.statusCode ?? "?"} ${response.statusMessage ?? ""}`.trim()));
      const declared = Number(response.headers["content-length"] ?? "0");
      if (declared > maxBytes) return finish(fail(`the server announces ${declared} bytes, more than the ${maxBytes} accepted for a certificate`));
      const chunks: Uint8Array[] = [];
      let size = 0;
      response.on("data", (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > maxBytes) return finish(fail(`more than ${maxBytes} bytes: not a certificate`));
        chunks.push(chunk);
      });
      response.on("end", () => {
        const body = new Uint8Array(size);
        let at = 0;
        for (const chunk of chunks) body.set(chunk, (at += chunk.length) - chunk.length);
        finish(body);
      });
      response.on("error", (error: NodeJS.ErrnoException) => finish(fail(error.code ?? error.message)));
    });
    const timer = setTimeout(() => finish(fail(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => finish(fail(`${error.code ?? "ERROR"} (${error.message})`)));
    req.end();
  });
}

/**
 * Downloads `url` and finds the issuer of `certificate` among what it served. A download that
 * fails throws NETWORK; bytes that are no certificate, or certificates that do not sign
 * `certificate`, give a result with `problem` set.
 */
export async function fetchIssuer(certificate: Certificate, url: string, options: FetchIssuerOptions = {}): Promise<FetchedIssuer> {
  const body = await download(url, options);
  let certificates: Certificate[];
  try {
    certificates = readCertificateBundle(body);
  } catch (error) {
    if (!isKeystoreError(error)) throw error;
    return { url, certificates: [], problem: `${url} did not serve a certificate (DER, PKCS#7 or PEM): ${error.message}` };
  }
  const signatures = new SignatureChecker();
  for (const candidate of certificates) {
    if (!sameName(candidate.subjectDer, certificate.issuerDer, candidate.subject, certificate.issuer)) continue;
    if (await signatures.verify(certificate, candidate).catch(() => false)) return { url, certificates, issuer: candidate };
  }
  const names = certificates.map((c) => c.subject).join("; ");
  return { url, certificates, problem: `${url} served ${names}, which does not sign ${certificate.subject}: not used` };
}
