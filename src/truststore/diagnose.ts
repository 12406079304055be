import type { Certificate } from "../model/certificate.js";
import type { PrivateKeyEntry, TrustedCertEntry } from "../model/entry.js";
import type { Keystore } from "../model/keystore.js";
import { javaIgnoredEntries, notAJavaKeystoreMessage } from "./java-view.js";
import { checkKeyEntries, CERTIFICATE_REQUIRED, NO_CERTIFICATE_SENT, type KeyFindingCode } from "./diagnose-keys.js";
import { trustAnchorsOf } from "./verify.js";
import { isSelfIssued } from "./x509-extensions.js";

/**
 * What is wrong with a trust store or key store, in terms of the Java error it will cause. Each
 * finding has a stable code for tools and a message that names the exception a user has seen.
 */

export type FindingCode =
  | "WRONG_PASSWORD"
  | "NO_TRUST_ANCHORS"
  | "PKCS12_CERTS_NOT_TRUSTED"
  | "ANCHOR_EXPIRED"
  | "ANCHOR_NOT_YET_VALID"
  | "ANCHOR_EXPIRING_SOON"
  | "NO_PRIVATE_KEY"
  | "KEY_CHAIN_INCOMPLETE"
  | "KEY_CERTIFICATE_EXPIRED"
  | "TYPE_MISMATCH"
  | "DROPS_DEFAULT_CAS"
  | "INTEGRITY_UNCHECKED"
  | "DUPLICATE_CERTIFICATES"
  | "NOT_A_JAVA_KEYSTORE"
  | "JAVA_IGNORES_ENTRIES"
  | "STORE_NOT_FOUND"
  | "STORE_UNREADABLE"
  | "TRUSTED_CERTIFICATES_IGNORED"
  | KeyFindingCode;

/** One problem (or note) {@link diagnose} found. */
export interface Finding {
  /** What kind of finding it is. */
  code: FindingCode;
  /** How serious the finding is; {@link diagnose} lists errors first. */
  severity: "error" | "warning" | "info";
  /** What was found, in plain words. */
  message: string;
  /** The entries concerned, where the finding is about particular entries. */
  aliases?: string[];
  /**
   * The text Java prints for this problem (part of the exception message a Java client logs), to
   * search a log for; where Java's wording depends on the peer, the one with OpenSSL-based servers.
   */
  javaMessage?: string;
}

/** Options for {@link diagnose}. */
export interface DiagnoseOptions {
  /** How Java will use the store: javax.net.ssl.trustStore, or javax.net.ssl.keyStore (client/server key). */
  role: "truststore" | "keystore";
  /** The JVM's default trust store (cacerts), to tell whether this store drops the public CAs. */
  defaultTrustStore?: Keystore;
  /** Time for the validity checks (default: now). */
  at?: Date;
  /** The type Java is told (javax.net.ssl.trustStoreType / keyStoreType, or keystore.type). */
  expectedType?: string;
  /** Certificates the file holds that Java will not treat as trusted (PKCS#12 cert bags without Java's trusted attribute). */
  untrustedCertificates?: readonly Certificate[];
  /** The store could not be opened with the password given ("wrong"), or was opened without one ("missing"). */
  passwordProblem?: "wrong" | "missing";
  /** Days ahead for ANCHOR_EXPIRING_SOON (default 30). */
  expiringWithinDays?: number;
  /**
   * The store password, for role "keystore": Java's key manager opens each key with it, and so
   * does diagnose, to check that the key can be read and matches its certificate.
   */
  storePassword?: string;
  /** A key password to open the keys with instead (an application that takes its own key password). */
  keyPassword?: string;
}

const DAY_MS = 86_400_000;
const NO_ANCHORS = "java.security.InvalidAlgorithmParameterException: the trustAnchors parameter must be non-empty";
const NO_PATH = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";
const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Findings about `store`, errors first. An empty list means nothing Java would trip over was found. */
export function diagnose(store: Keystore, options: DiagnoseOptions): Finding[] {
  const findings: Finding[] = [];
  const add = (code: FindingCode, severity: Finding["severity"], message: string, aliases?: string[], javaMessage?: string) => {
    findings.push({ code, severity, message, ...(aliases && aliases.length > 0 && { aliases }), ...(javaMessage !== undefined && { javaMessage }) });
  };
  const at = options.at ?? new Date();
  const property = options.role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore";

  // PEM text: whatever type Java is told, it cannot load the file (so no TYPE_MISMATCH besides).
  if (store.format === "PEM") add("NOT_A_JAVA_KEYSTORE", "error", notAJavaKeystoreMessage(property));
  const typeFinding = store.format === "PEM" ? null : typeMismatch(store.format, options.expectedType, property);
  if (typeFinding) add("TYPE_MISMATCH", typeFinding.severity, typeFinding.message);

  if (options.passwordProblem === "wrong") {
    const text = store.format === "PKCS12" ? "keystore password was incorrect" : "Keystore was tampered with, or password was incorrect";
    add("WRONG_PASSWORD", "error", `The password does not open this store: Java fails with "java.io.IOException: ${text}" (check ${property}Password).`);
    return sorted(findings);
  }

  const trusted = store.entries().filter((e): e is TrustedCertEntry => e.type === "trustedCert" && e.javaIgnores === undefined);
  // Keys as Java sees them: the ones its loader skips (javaIgnores) are not there for it.
  const ignored = javaIgnoredEntries(store);
  const keys = store.entries().filter((e): e is PrivateKeyEntry => e.type === "privateKey" && e.javaIgnores === undefined);
  const untrusted = options.untrustedCertificates ?? [];

  if (options.role === "truststore" && trustAnchorsOf(store).length === 0) {
    let why = "the store is empty";
    if (untrusted.length > 0) why = "its certificates lack Java's trusted attribute (see PKCS12_CERTS_NOT_TRUSTED)";
    else if (store.format === "PKCS12" && (options.passwordProblem === "missing" || store.integrity === "unchecked")) {
      why = "it was opened without a password, and Java skips a PKCS#12's encrypted certificates then (set javax.net.ssl.trustStorePassword)";
    }
    add("NO_TRUST_ANCHORS", "error", `No trusted certificates (${why}): every TLS connection fails with "${NO_ANCHORS}".`);
  }

  if (untrusted.length > 0) {
    const names = untrusted.map((c) => c.subject).join("; ");
    add(
      "PKCS12_CERTS_NOT_TRUSTED",
      trusted.length === 0 ? "error" : "warning",
      `${untrusted.length} certificate(s) in this PKCS#12 have no Java trusted-certificate attribute (OID 2.16.840.1.113894.746875.1.1), as with "openssl pkcs12 -export -nokeys": Java ignores them as trust anchors (${names}). Re-import them with "keytool -importcert" or "keystorekit import-cert", or convert the file with "keystorekit convert IN OUT --trust-certificates", which writes the attribute.`,
    );
  }

  if (options.role === "truststore") checkValidity(trusted, at, options.expiringWithinDays ?? 30, add);
  else ignoredAnchorDates(trusted, at, add);

  if (ignored.length > 0) {
    add(
      "JAVA_IGNORES_ENTRIES",
      "warning",
      `Java's loader skips ${ignored.length} entr${ignored.length === 1 ? "y" : "ies"} of this file (${ignored.map((e) => `${e.alias}: ${e.javaIgnores}`).join("; ")}): keytool and ${property} do not see ${ignored.length === 1 ? "it" : "them"}. Convert the file ("keystorekit convert IN OUT.p12") to write ${ignored.length === 1 ? "it" : "them"} in a form Java reads.`,
      ignored.map((e) => e.alias),
    );
  }

  if (options.role === "keystore") {
    if (keys.length === 0) {
      const skipped = ignored.filter((e) => e.type === "privateKey");
      const head = skipped.length === 0
        ? "No private-key entry:"
        : `No private-key entry that Java sees: the key${skipped.length === 1 ? "" : "s"} of this file (${skipped.map((e) => `${e.alias}: ${e.javaIgnores}`).join("; ")}) ${skipped.length === 1 ? "is" : "are"} skipped by its loader (see JAVA_IGNORES_ENTRIES), so`;
      add("NO_PRIVATE_KEY", "error", `${head} Java has no certificate to present when the peer asks for one (client authentication). ${NO_CERTIFICATE_SENT}. Import the key and its chain ("keystorekit import-key", or from a PKCS#12 with "keytool -importkeystore").`, undefined, CERTIFICATE_REQUIRED);
    }
    for (const finding of checkKeyEntries(keys, { format: store.format, ...(options.storePassword !== undefined && { storePassword: options.storePassword }), ...(options.keyPassword !== undefined && { keyPassword: options.keyPassword }) })) {
      add(finding.code, finding.severity, finding.message, finding.aliases, finding.javaMessage);
    }
    // No root anywhere in the chain (the last one of an ordered chain; a chain out of order is
    // KEY_CHAIN_OUT_OF_ORDER). An empty chain is KEY_NO_CHAIN.
    const broken = keys.filter((k) => k.chain.length > 0 && !k.chain.some(isSelfIssued));
    if (broken.length > 0) {
      add("KEY_CHAIN_INCOMPLETE", "warning", `The certificate chain of ${broken.length} key entr${broken.length === 1 ? "y is" : "ies are"} missing or does not end at a self-signed root: Java sends the chain as stored, so a peer without the missing intermediate fails with "${NO_PATH}". Store the full chain with the key.`, broken.map((k) => k.alias));
    }
    const expired = keys.filter((k) => k.chain[0] && !k.chain[0].isValidAt(at));
    if (expired.length > 0) {
      add("KEY_CERTIFICATE_EXPIRED", "error", `The certificate of ${expired.length} key entr${expired.length === 1 ? "y is" : "ies are"} outside its validity period: Java peers reject it with "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed".`, expired.map((k) => k.alias));
    }
  }

  if (options.defaultTrustStore && options.role === "truststore") {
    const have = new Set(trustAnchorsOf(store).map((c) => c.sha256));
    const defaults = [...new Map(trustAnchorsOf(options.defaultTrustStore).map((c) => [c.sha256, c])).values()];
    const missing = defaults.filter((c) => !have.has(c.sha256)).length;
    if (missing > 0) {
      const most = missing * 2 >= defaults.length;
      add(
        "DROPS_DEFAULT_CAS",
        most ? "warning" : "info",
        `${missing} of the ${defaults.length} CA certificates of the default trust store are not in this store. Pointing javax.net.ssl.trustStore at it replaces cacerts, so ${most ? "public servers — Maven Central, plugin marketplaces, the vendor's own update servers — " : "servers issued by those CAs "}will fail with "${NO_PATH}". Start from a copy of the default store and add your certificates to it ("keystorekit import-cert --from-default").`,
      );
    }
  }

  // "none" (a store built in memory, PEM text) has no check to skip.
  if (store.integrity === "unchecked" && store.size > 0) {
    add("INTEGRITY_UNCHECKED", "info", `The store was read without a password, so its integrity check did not run. Java does the same when ${property}Password is not set${store.format === "PKCS12" ? " (and then skips a PKCS#12's encrypted certificates)" : ""}.`);
  }

  const bySha = new Map<string, string[]>();
  for (const entry of trusted) bySha.set(entry.certificate.sha256, [...(bySha.get(entry.certificate.sha256) ?? []), entry.alias]);
  const duplicates = [...bySha.values()].filter((aliases) => aliases.length > 1);
  if (duplicates.length > 0 && options.role === "truststore") {
    add("DUPLICATE_CERTIFICATES", "info", `${duplicates.length} certificate(s) are stored under more than one alias (${duplicates.map((a) => a.join(" = ")).join("; ")}); keytool warns "Certificate already exists in keystore under alias" for these. Harmless, but removing one alias leaves the certificate trusted.`, duplicates.flat());
  }
  return sorted(findings);
}

type Add = (code: FindingCode, severity: Finding["severity"], message: string, aliases?: string[], javaMessage?: string) => void;

/**
 * Role "keystore": Java's key manager reads only the key entries, so the dates of trusted
 * certificates (every anchor of a cacerts copy) are not its problem. One summary instead of a
 * finding per anchor, and only when some of them are out of date.
 */
function ignoredAnchorDates(trusted: readonly TrustedCertEntry[], at: Date, add: Add): void {
  const outOfDate = trusted.filter((e) => at > e.certificate.notAfter || at < e.certificate.notBefore).length;
  if (outOfDate === 0) return;
  add("TRUSTED_CERTIFICATES_IGNORED", "info", `${outOfDate} of the ${trusted.length} trusted certificates in this store are expired or not yet valid. As javax.net.ssl.keyStore, Java ignores trusted certificates (its key manager reads key entries only), so they do not matter here; if the same file is also the javax.net.ssl.trustStore, check it with "keystorekit diagnose --role truststore".`);
}

function checkValidity(trusted: readonly TrustedCertEntry[], at: Date, days: number, add: Add): void {
  const list = (entries: TrustedCertEntry[], date: (c: Certificate) => Date) =>
    entries.map((e) => `${e.alias} (${date(e.certificate).toISOString().slice(0, 10)})`).join(", ");
  const expired = trusted.filter((e) => at > e.certificate.notAfter);
  if (expired.length > 0) {
    add("ANCHOR_EXPIRED", "warning", `${expired.length} trusted certificate(s) have expired: ${list(expired, (c) => c.notAfter)}. Java does not check a trust anchor's own dates, but certificates that CA issued have expired with it (Java: "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"), and other TLS clients reject the anchor itself. Replace or remove them.`, expired.map((e) => e.alias));
  }
  const future = trusted.filter((e) => at < e.certificate.notBefore);
  if (future.length > 0) {
    add("ANCHOR_NOT_YET_VALID", "warning", `${future.length} trusted certificate(s) are not valid yet: ${list(future, (c) => c.notBefore)}. Check the system clock; certificates they issue fail with "validity check failed" until then.`, future.map((e) => e.alias));
  }
  const soon = trusted.filter((e) => at <= e.certificate.notAfter && e.certificate.notAfter.getTime() - at.getTime() <= days * DAY_MS);
  if (soon.length > 0) {
    add("ANCHOR_EXPIRING_SOON", "info", `${soon.length} trusted certificate(s) expire within ${days} days: ${list(soon, (c) => c.notAfter)}.`, soon.map((e) => e.alias));
  }
}

/** The store type Java is told versus the format the bytes are, and what Java makes of it. */
function typeMismatch(actual: string, expected: string | undefined, property: string): { severity: Finding["severity"]; message: string } | null {
  if (!expected) return null;
  const norm = (t: string) => {
    const u = t.toUpperCase().replace(/[^A-Z0-9]/g, "");
    return u === "P12" || u === "PFX" ? "PKCS12" : u;
  };
  const want = norm(expected);
  if (want === norm(actual)) return null;
  const told = `${property}Type=${expected}`;
  const fix = `set -D${property}Type=${actual}`;
  if ((want === "JKS" && actual === "PKCS12") || (want === "PKCS12" && actual === "JKS")) {
    return { severity: "warning", message: `The store is ${actual}, but Java is told ${told}. Java still loads it because the security property keystore.type.compat=true (the default) makes the JKS and PKCS12 types read each other's files; with keystore.type.compat=false, or on a runtime without that property, loading fails. To be exact, ${fix}.` };
  }
  if (want === "JCEKS" && actual === "JKS") {
    return { severity: "info", message: `The store is JKS, but Java is told ${told}; the JCEKS type reads JKS files, so this works. ${fix} to be exact.` };
  }
  if (actual === "BKS" || actual === "UBER") {
    return { severity: "error", message: `The store is BouncyCastle ${actual}, but Java is told ${told}: Java's own key store types cannot read it. Register the BouncyCastle provider and ${fix}, or convert the store to PKCS12.` };
  }
  if (actual === "PEM") {
    return { severity: "error", message: `The file is a PEM bundle, not a keystore: Java cannot load it as ${expected} (nor with another key store type). Convert it to PKCS12 or JKS first.` };
  }
  const quote = want === "JKS" && actual === "JCEKS" ? ' with "java.io.IOException: Invalid keystore format"' : "";
  return { severity: "error", message: `The store is ${actual}, but Java is told ${told}: loading fails${quote}. ${fix[0]!.toUpperCase()}${fix.slice(1)}.` };
}

function sorted(findings: Finding[]): Finding[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i).map(({ f }) => f);
}
