import type { Certificate } from "../model/certificate.js";
import type { Keystore } from "../model/keystore.js";
import { diagnose, type Finding } from "./diagnose.js";
import type { JavaStoreSetting, JavaTlsSettings } from "./java-settings.js";

/**
 * diagnose() for the stores an application is configured with (JAVA_OPTS, Kafka or Spring
 * properties), each finding in the words the application prints. The lines were learned from
 * Java 17 and Temurin 25 clients with each broken setting (test/e2e/settings-diagnosis-java.test.ts).
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
}

/** The outermost lines a Java application logs when its default SSLContext cannot be built. */
export const CONTEXT_FAILURE =
  "java.net.SocketException: java.security.NoSuchAlgorithmException: Error constructing implementation (algorithm: Default, provider: SunJSSE, class: sun.security.ssl.SSLContextImpl$DefaultSSLContext)";
export const TRUST_STORE_PROBLEM = "java.security.KeyManagementException: problem accessing trust store";
const NO_PATH = "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

/** Findings for the configured trust store and key store, errors first. */
export function diagnoseSettings(settings: JavaTlsSettings, lookups: { trustStore?: StoreLookup; keyStore?: StoreLookup }, options: { at?: Date } = {}): SettingsFinding[] {
  const findings: SettingsFinding[] = [];
  for (const role of ["truststore", "keystore"] as const) {
    const setting: JavaStoreSetting | undefined = role === "truststore" ? settings.trustStore : settings.keyStore;
    const lookup = role === "truststore" ? lookups.trustStore : lookups.keyStore;
    if (!setting || !lookup) continue;
    const property = role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore";
    const add = (finding: Finding) => findings.push({ ...finding, role, path: setting.path });
    if (lookup.state === "missing" || lookup.state === "unreadable") {
      const why = lookup.state === "missing" ? "does not exist" : `cannot be read (${lookup.cause})`;
      add({
        code: lookup.state === "missing" ? "STORE_NOT_FOUND" : "STORE_UNREADABLE",
        severity: "error",
        message:
          role === "truststore"
            ? `The trust store ${setting.path} ${why} for the application's user. Java does not complain: it silently uses the JVM's cacerts instead, and connections to servers of your own CA fail with "${NO_PATH}".`
            : `The key store ${setting.path} ${why} for the application's user: Java cannot build its default SSLContext, and the first TLS connection fails with "${CONTEXT_FAILURE}".`,
      });
    } else if (lookup.state === "wrong-password") {
      const cause =
        role === "truststore"
          ? TRUST_STORE_PROBLEM
          : `java.security.KeyManagementException: ${lookup.format === "PKCS12" ? "keystore password was incorrect" : "Keystore was tampered with, or password was incorrect"}`;
      const debug = role === "truststore" ? ` (only the debug log shows "${lookup.format === "PKCS12" ? "keystore password was incorrect" : "Keystore was tampered with, or password was incorrect"}")` : "";
      add({
        code: "WRONG_PASSWORD",
        severity: "error",
        message: `${property}Password does not open ${setting.path}. The application's first TLS connection fails with "${CONTEXT_FAILURE}", caused by "${cause}"${debug}.`,
      });
    } else {
      const found = diagnose(lookup.store, {
        role,
        ...(setting.type !== undefined ? { expectedType: setting.type.toUpperCase() } : {}),
        ...(lookup.untrustedCertificates ? { untrustedCertificates: lookup.untrustedCertificates } : {}),
        ...(setting.password === undefined ? { passwordProblem: "missing" as const } : {}),
        ...(options.at ? { at: options.at } : {}),
      });
      for (const finding of found) add(finding);
    }
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
