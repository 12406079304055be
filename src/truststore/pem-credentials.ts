import { toPem } from "../binary/encoding.js";
import type { PrivateKeyEntry } from "../model/entry.js";
import { KeystoreError } from "../model/errors.js";
import { unlockKey, type Keystore } from "../model/keystore.js";
import { trustAnchorsOf } from "./verify.js";

/**
 * A Java store as the PEM strings every TLS stack takes (Node's tls/https, undici, kafkajs' `ssl`,
 * pg, Deno.connectTls): the job jks-js is mostly used for, with Java's own rules on which
 * certificates a trust store trusts and which key a key store presents.
 */
export interface PemCredentials {
  /** The private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), decrypted in memory. */
  key?: string;
  /** The key's certificate chain, leaf first, concatenated PEM. */
  cert?: string;
  /** The trusted certificates, one PEM each (Java's trust anchors of the store). */
  ca: string[];
  /** The alias of the key entry used. */
  alias?: string;
}

export interface PemCredentialsOptions {
  /** The key entry to use (default: the first key entry, as Java's key manager picks a key). */
  alias?: string;
  /** The key's password (JKS/JCEKS keys may have their own; PKCS#12 keys use the store password). */
  keyPassword?: string;
  /** Only the trust anchors: no key is looked for. */
  trustOnly?: boolean;
}

/**
 * `{ key, cert, ca }` from a decoded store. `ca` holds what Java's trust manager would trust
 * (trusted-certificate entries and the first certificate of each key entry); `key`/`cert` the key
 * entry named by `alias`, or the first one. Errors: NOT_FOUND (no such alias, or no key entry
 * where one is needed), PASSWORD_REQUIRED / WRONG_KEY_PASSWORD (the key cannot be decrypted).
 */
export function pemCredentials(store: Keystore, options: PemCredentialsOptions = {}): PemCredentials {
  const ca = trustAnchorsOf(store).map((certificate) => certificate.toPem());
  if (options.trustOnly) return { ca };
  const keys = [...store].filter((entry): entry is PrivateKeyEntry => entry.type === "privateKey" && entry.javaIgnores === undefined);
  let entry: PrivateKeyEntry | undefined;
  if (options.alias !== undefined) {
    const named = store.get(options.alias);
    if (!named) throw new KeystoreError("NOT_FOUND", `Alias <${options.alias}> does not exist (aliases: ${store.aliases().join(", ") || "none"})`);
    if (named.type !== "privateKey") throw new KeystoreError("NOT_FOUND", `Alias <${options.alias}> has no key (it is a ${named.type === "trustedCert" ? "trusted certificate" : "secret key"} entry)`);
    entry = named;
  } else {
    entry = keys[0];
    if (!entry) throw new KeystoreError("NOT_FOUND", "the key store holds no private key entry (Java's client then sends no certificate, and the server ends with handshake_failure or certificate_required)");
  }
  const pkcs8 = unlockKey(entry, options.keyPassword);
  return {
    key: toPem("PRIVATE KEY", pkcs8),
    cert: entry.chain.map((certificate) => certificate.toPem()).join(""),
    ca,
    alias: entry.alias,
  };
}
