import { errors } from "./errors.js";

/**
 * Safety limits applied while decoding untrusted bytes. Every length is also checked against the
 * bytes that remain, so these only bound work that the input size alone would allow.
 */
export interface Limits {
  /** Most entries a store may hold. */
  maxEntries: number;
  /** Largest single certificate, protected key or secret blob, in bytes. */
  maxObjectBytes: number;
  /** Longest certificate chain of one key entry. */
  maxChainLength: number;
  /** Highest PBE/KDF/MAC iteration count accepted (Java's cap is 5,000,000). */
  maxIterations: number;
  /** Largest keystore file the Node adapter reads (checked before reading). */
  maxStoreFileBytes: number;
  /** Largest certificate or key file (PEM, DER, PKCS#7) the Node adapter reads. */
  maxCertificateFileBytes: number;
  /** Largest password file the CLI reads. */
  maxPasswordFileBytes: number;
}

/** The limits used when the caller gives none. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxEntries: 1_000_000,
  maxObjectBytes: 16 * 1024 * 1024,
  maxChainLength: 100,
  maxIterations: 5_000_000,
  maxStoreFileBytes: 256 * 1024 * 1024,
  maxCertificateFileBytes: 64 * 1024 * 1024,
  maxPasswordFileBytes: 64 * 1024,
});

/** Default limits overridden by the caller's. */
export function resolveLimits(overrides?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** LIMIT error unless `value <= max`. */
export function checkLimit(value: number, max: number, what: string): void {
  if (value > max) throw errors.limit(`${what} is ${value}, above the limit of ${max}`);
}
