import type { Certificate } from "../model/certificate.js";
import type { Keystore } from "../model/keystore.js";
import { diagnose, type Finding } from "./diagnose.js";
import type { JavaStoreSetting, JavaTlsSettings } from "./java-settings.js";

/**
 * diagnose() for the stores an application is configured with (JAVA_OPTS, Kafka or Spring
 * properties), each finding in the words the application prints. The lines were learned from
 * Java 17 and Temurin 25 clients with each broken setting (test/e2e/settings-diagnosis-java.test.ts
 * asserts that `javaMessage` is the outermost exception line they print).
 */

/** What the caller found at a configured path (the Node side opens the files). */
export type StoreLookup =
  | { state: "missing" }
  | { state: "unreadable"; cause: string }
  | { state: "wrong-password"; format: string }
  | { state: "opened"; store: Keystore; untrustedCertificates?: readonly Certificate[] };

export interface SettingsFinding extends Finding {
  role: "truststore" | "keystore";
  path: string;
  /**
   * For settings findings `javaMessage` is the outermost exception line the application prints
   * (Temurin 25 inserts the TLS alert after the class name: "SSLException: (internal_error) …").
   * `javaCause` is the "Caused by" line (or the debug-log line) that says more, where there is one.
   */
  javaCause?: string;
}

/** The outermost lines a Java application logs when its default SSLContext cannot be built. */
export const CONTEXT_FAILURE =
  "java.net.SocketException: java.security.NoSuchAlgorithmException: Error constructing implementation (algorithm: Default, provider: SunJSSE, class: sun.security.ssl.SSLContextImpl$DefaultSSLContext)";
export const TRUST_STORE_PROBLEM = "java.security.KeyManagementException: problem accessing trust store";
/** What a client whose trust store lacks the server's CA prints (the silent cacerts fallback ends here). */
export const NO_PATH = "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";
/** An empty trust store (or none Java sees as trusted): the first handshake fails. */
export const EMPTY_TRUST = "javax.net.ssl.SSLException: Unexpected error: java.security.InvalidAlgorithmParameterException: the trustAnchors parameter must be non-empty";
/** A key store without a key, against a TLS 1.3 server that requires a client certificate. */
export const NO_CLIENT_CERTIFICATE = "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_required";

const TAMPERED = "Keystore was tampered with, or password was incorrect";

/** Findings for the configured trust store and key store, errors first. */
export function diagnoseSettings(settings: JavaTlsSettings, lookups: { trustStore?: StoreLookup; keyStore?: StoreLookup }, options: { at?: Date } = {}): SettingsFinding[] {
  const findings: SettingsFinding[] = [];
  for (const role of ["truststore", "keystore"] as const) {
    const setting: JavaStoreSetting | undefined = role === "truststore" ? settings.trustStore : settings.keyStore;
    const lookup = role === "truststore" ? lookups.trustStore : lookups.keyStore;
    if (!setting || !lookup) continue;
    const add = (finding: Finding) => findings.push({ ...finding, role, path: setting.path });
    if (lookup.state === "missing" || lookup.state === "unreadable") add(notThere(role, setting.path, lookup));
    else if (lookup.state === "wrong-password") add(wrongPassword(role, setting.path, lookup.format));
    else {
      const found = diagnose(lookup.store, {
        role,
        ...(setting.type !== undefined ? { expectedType: setting.type.toUpperCase() } : {}),
        ...(lookup.untrustedCertificates ? { untrustedCertificates: lookup.untrustedCertificates } : {}),
        ...(setting.password === undefined ? { passwordProblem: "missing" as const } : {}),
        ...(options.at ? { at: options.at } : {}),
      });
      for (const finding of found) add(inAppWords(finding, role, lookup.store.format, setting.type));
    }
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

function notThere(role: "truststore" | "keystore", path: string, lookup: { state: "missing" } | { state: "unreadable"; cause: string }): Finding & { javaCause?: string } {
  const why = lookup.state === "missing" ? "does not exist" : `cannot be read (${lookup.cause})`;
  const code = lookup.state === "missing" ? "STORE_NOT_FOUND" : "STORE_UNREADABLE";
  if (role === "truststore") {
    return {
      code,
      severity: "error",
      message: `The trust store ${path} ${why} for the application's user. Java does not complain: it silently uses the JVM's cacerts instead, and connections to servers of your own CA fail with "${NO_PATH}".`,
      javaMessage: NO_PATH,
    };
  }
  return {
    code,
    severity: "error",
    message: `The key store ${path} ${why} for the application's user: Java cannot build its default SSLContext, and the first TLS connection fails with "${CONTEXT_FAILURE}" (caused by a KeyManagementException: Temurin 25 names the file and the reason, Java 17 says "null").`,
    javaMessage: CONTEXT_FAILURE,
  };
}

function wrongPassword(role: "truststore" | "keystore", path: string, format: string): Finding & { javaCause?: string } {
  const property = role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore";
  const loader = format === "PKCS12" ? "keystore password was incorrect" : TAMPERED;
  const cause = role === "truststore" ? TRUST_STORE_PROBLEM : `java.security.KeyManagementException: ${loader}`;
  const debug = role === "truststore" ? ` (only the debug log shows "${loader}")` : "";
  return {
    code: "WRONG_PASSWORD",
    severity: "error",
    message: `${property}Password does not open ${path}. The application's first TLS connection fails with "${CONTEXT_FAILURE}", caused by "${cause}"${debug}.`,
    javaMessage: CONTEXT_FAILURE,
    javaCause: cause,
  };
}

/** A finding of diagnose() with the line the application prints for it, where it prints one. */
function inAppWords(finding: Finding, role: "truststore" | "keystore", format: string, declared: string | undefined): Finding & { javaCause?: string } {
  const { javaMessage: _file, ...rest } = finding;
  switch (finding.code) {
    case "NO_TRUST_ANCHORS":
      return { ...rest, message: `${finding.message} The application prints "${EMPTY_TRUST}" at its first TLS connection.`, javaMessage: EMPTY_TRUST };
    case "NO_PRIVATE_KEY":
      return { ...rest, message: `${finding.message} Against a TLS 1.3 server that requires a client certificate the application prints "${NO_CLIENT_CERTIFICATE}".`, javaMessage: NO_CLIENT_CERTIFICATE };
    case "TYPE_MISMATCH": {
      if (finding.severity !== "error") return { ...rest, message: `${finding.message} The application starts and connects normally.` };
      // The type's loader refuses the bytes before any password is checked: the SSLContext fails.
      const loader = typeLoaderMessage(format, declared);
      const cause = role === "truststore" ? TRUST_STORE_PROBLEM : loader !== undefined ? `java.security.KeyManagementException: ${loader}` : undefined;
      const caused = cause !== undefined ? `, caused by "${cause}"` : "";
      return { ...rest, message: `${finding.message} The application's first TLS connection fails with "${CONTEXT_FAILURE}"${caused}.`, javaMessage: CONTEXT_FAILURE, ...(cause !== undefined ? { javaCause: cause } : {}) };
    }
    default:
      return finding;
  }
}

/** What a key store type's loader says about a file of another format (learned from Java 17 and Temurin 25). */
function typeLoaderMessage(format: string, declared: string | undefined): string | undefined {
  const told = (declared ?? "").toUpperCase();
  if (told === "JKS" || told === "JCEKS") return "Invalid keystore format";
  if (told === "PKCS12" && format === "JCEKS") return "DerInputStream.getLength(): lengthTag=78, too big.";
  return undefined;
}
