import type { KeystoreFormat } from "../model/entry.js";

/** What a JVM needs to use a store as its trust store or key store. */
export interface JavaStoreSettings {
  /** Path of the store file. */
  path: string;
  /** Store password; omitted or empty: no password property. */
  password?: string;
  /** The store's format (decides the store type property). */
  format: KeystoreFormat;
  /** Whether the store is used as the trust store or the key store. */
  role: "truststore" | "keystore";
  /**
   * Printed instead of the password, verbatim (not quoted): a shell reference such as
   * `$STOREPASS`, so that the line can be logged without the secret.
   */
  passwordReference?: string;
}

/** The `javax.net.ssl.trustStoreType` / `keyStoreType` value Java expects for a format. */
export function javaStoreType(format: KeystoreFormat): string {
  return format === "PKCS12" ? "PKCS12" : format === "JCEKS" ? "JCEKS" : format === "BKS" || format === "UBER" ? format : "JKS";
}

/** Quotes for a POSIX shell when needed. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The system properties line, e.g. `-Djavax.net.ssl.trustStore=/etc/app/truststore.jks
 * -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=JKS`. Java uses
 * the key store password for every key in it, so a key store's keys must share it.
 */
export function javaOptions(settings: JavaStoreSettings): string {
  const prefix = settings.role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore";
  const parts = [`-D${prefix}=${shellQuote(settings.path)}`];
  if (settings.password !== undefined && settings.password !== "") {
    parts.push(`-D${prefix}Password=${settings.passwordReference ?? shellQuote(settings.password)}`);
  }
  parts.push(`-D${prefix}Type=${javaStoreType(settings.format)}`);
  return parts.join(" ");
}
