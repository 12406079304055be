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
  /**
   * Most key-derivation iterations one load may run in all: the PKCS#12 MAC and every encrypted
   * safe, the BKS HMAC key, the UBER cipher key (a derivation Java retries with another password
   * form counts once per try, a key and its IV as two). Summed from the file and refused with LIMIT
   * before the work starts. The default is Java's per-count cap twice: a MAC and one encrypted
   * safe at 5,000,000 iterations each (Java's own default needs 20,000 in all). Keys decrypted later,
   * when asked for, are bounded by {@link maxIterations} one by one.
   */
  maxTotalIterations: number;
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
  maxTotalIterations: 10_000_000,
});

/** Default limits overridden by the caller's. */
export function resolveLimits(overrides?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** LIMIT error unless `value <= max`. */
export function checkLimit(value: number, max: number, what: string): void {
  if (value > max) throw errors.limit(`${what} is ${value}, above the limit of ${max}`);
}

/**
 * The key-derivation work of one load, counted against {@link Limits.maxTotalIterations}. Decoders
 * add each derivation they are about to run (all of a file's at once where they can be read
 * first), so that LIMIT comes before the work.
 */
export class IterationBudget {
  private total = 0;

  constructor(private readonly max: number) {}

  /** Adds `iterations` of planned work for `what`; LIMIT when the load's total goes above the limit. */
  spend(iterations: number, what: string): void {
    this.total += iterations;
    if (this.total > this.max) {
      throw errors.limit(
        `the key derivations of this load (${what} and before) add up to ${this.total} iterations, above the limit of ` +
          `${this.max} (limits.maxTotalIterations): the file asks for far more password hashing than any real keystore`,
      );
    }
  }
}
