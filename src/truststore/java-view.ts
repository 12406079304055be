import type { Entry } from "../model/entry.js";
import type { Keystore } from "../model/keystore.js";

/**
 * Where what keystorekit read differs from what Java's KeyStore.load will see in the same file:
 * the one wording shared by `list` (as warnings) and {@link diagnose} (as findings).
 */

/** A difference between keystorekit's view of a file and Java's, with a stable code. */
export interface JavaViewWarning {
  code: "NOT_A_JAVA_KEYSTORE" | "JAVA_IGNORES_ENTRIES" | "PKCS12_CERTS_NOT_TRUSTED";
  message: string;
  /** The entries concerned (JAVA_IGNORES_ENTRIES). */
  aliases?: string[];
}

/** The entries Java's loader skips (`entry.javaIgnores` set by the decoder). */
export function javaIgnoredEntries(store: Keystore): Entry[] {
  return store.entries().filter((entry) => entry.javaIgnores !== undefined);
}

/** The entries Java lists when it loads the file. */
export function javaVisibleEntries(store: Keystore): Entry[] {
  return store.entries().filter((entry) => entry.javaIgnores === undefined);
}

/**
 * PEM text is no keystore for Java (the messages are Java 17's and 25's for the JKS and PKCS12
 * types; keytool's default type says "Unrecognized keystore format").
 */
export function notAJavaKeystoreMessage(property = "javax.net.ssl.trustStore/keyStore"): string {
  return `This file is PEM text, not a keystore: Java cannot load it as ${property} ("java.io.IOException: Invalid keystore format" with type JKS, "toDerInputStream rejects tag type 45" with PKCS12). Convert it first: keystorekit convert IN OUT.p12 (or OUT.jks).`;
}

/** The warnings about `store` as Java will load it; none when Java sees what keystorekit sees. */
export function javaViewWarnings(store: Keystore): JavaViewWarning[] {
  const warnings: JavaViewWarning[] = [];
  if (store.format === "PEM") warnings.push({ code: "NOT_A_JAVA_KEYSTORE", message: notAJavaKeystoreMessage() });
  const ignored = javaIgnoredEntries(store);
  if (ignored.length > 0) {
    const visible = store.size - ignored.length;
    warnings.push({
      code: "JAVA_IGNORES_ENTRIES",
      message: `Java skips ${ignored.length} of the ${store.size} ${store.size === 1 ? "entry" : "entries"} of this file (${ignored.map((e) => `${e.alias}: ${e.javaIgnores}`).join("; ")}) and lists ${visible}. Convert the file (keystorekit convert IN OUT.p12) to write them in a form Java reads.`,
      aliases: ignored.map((e) => e.alias),
    });
  }
  const untrusted = store.untrustedCertificates.length;
  if (untrusted > 0) {
    warnings.push({
      code: "PKCS12_CERTS_NOT_TRUSTED",
      message: `${untrusted} certificate${untrusted === 1 ? " is" : "s are"} in this PKCS#12 but not listed as ${untrusted === 1 ? "an entry" : "entries"}: ${untrusted === 1 ? "it lacks" : "they lack"} Java's trusted-certificate attribute (as "openssl pkcs12 -export -nokeys" writes them), so Java ignores ${untrusted === 1 ? "it" : "them"} as trust anchors (${store.untrustedCertificates.map((c) => c.subject).join("; ")}). Convert with "keystorekit convert IN OUT.p12 --trust-certificates" to make ${untrusted === 1 ? "it" : "them"} trusted.`,
    });
  }
  return warnings;
}
