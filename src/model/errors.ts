/**
 * The one error hierarchy of keystorekit. Every failure the library detects is a
 * {@link KeystoreError} with a stable {@link KeystoreErrorCode}; messages use the words Java users
 * already know from keytool and the JDK.
 */

/** Stable machine-readable error codes. New codes may be added; none will be renamed. */
export type KeystoreErrorCode =
  /** The store's digest/MAC does not verify: wrong store password or altered bytes. */
  | "INTEGRITY"
  /** The store opened, but the key password does not decrypt that entry. */
  | "WRONG_KEY_PASSWORD"
  /** The data ends before a complete structure has been read. */
  | "TRUNCATED"
  /** The bytes are not a valid store of the format. */
  | "MALFORMED"
  /** Well-formed as far as read, but a version, algorithm or format the library does not support. */
  | "UNSUPPORTED"
  /** A configured safety limit (entries, sizes, iterations) was exceeded. */
  | "LIMIT"
  /** The operation needs a password that was not given. */
  | "PASSWORD_REQUIRED"
  /** No entry with that alias (or fingerprint). */
  | "NOT_FOUND"
  /** An argument given to the API is not acceptable (for example an alias that is too long). */
  | "INVALID_ARGUMENT"
  /** A file could not be read or written (the message names the user's path and the cause). */
  | "IO"
  /** Another process holds the store, or changed it while it was being edited: nothing was written. */
  | "CONFLICT"
  /** A private key and a certificate (or a CA reply and the key entry) hold different public keys. */
  | "KEY_MISMATCH"
  /** A certificate reply does not chain to a trusted certificate (keytool: "… is not trusted. Install reply anyway?"). */
  | "UNTRUSTED"
  /** A network connection could not be made or the TLS handshake broke off (the message names the cause). */
  | "NETWORK";

/** Base class of every error keystorekit throws on purpose. */
export class KeystoreError extends Error {
  /** The machine-readable error code. */
  readonly code: KeystoreErrorCode;

  constructor(code: KeystoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KeystoreError";
    this.code = code;
  }
}

/** True when `value` is a {@link KeystoreError}, optionally with the given code. */
export function isKeystoreError(value: unknown, code?: KeystoreErrorCode): value is KeystoreError {
  return value instanceof KeystoreError && (code === undefined || value.code === code);
}

/** Java's own wording for a failed JKS/JCEKS digest, kept so that search results still match. */
export const TAMPERED_MESSAGE = "Keystore was tampered with, or password was incorrect";

/** Shorthand constructors, so call sites read as the condition they report. */
export const errors = {
  truncated: (what: string) =>
    new KeystoreError("TRUNCATED", `Truncated keystore: the data ends inside ${what}`),
  malformed: (what: string) => new KeystoreError("MALFORMED", `Malformed keystore: ${what}`),
  unsupported: (what: string) => new KeystoreError("UNSUPPORTED", `Unsupported: ${what}`),
  limit: (what: string) => new KeystoreError("LIMIT", `Limit exceeded: ${what}`),
  integrity: (message: string = TAMPERED_MESSAGE) => new KeystoreError("INTEGRITY", message),
  wrongKeyPassword: (alias: string, detail = "Cannot recover key") =>
    new KeystoreError(
      "WRONG_KEY_PASSWORD",
      `${detail}: the key password for alias "${alias}" is wrong`,
    ),
  notFound: (alias: string) => new KeystoreError("NOT_FOUND", `Alias <${alias}> does not exist`),
  invalidArgument: (what: string) => new KeystoreError("INVALID_ARGUMENT", what),
};
