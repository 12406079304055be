/**
 * The message digests keystores use, by name and by OID, with the two sizes the PKCS#12 KDF and
 * HMAC need (output length u and block length v). Backed by @noble/hashes.
 *
 * The registry exposes a deliberately small structural view of noble's hashers, so callers can
 * run hot loops on reusable instances (`create()`, `_cloneInto()`, `digestInto()`) without
 * depending on noble's generic types.
 */

import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from "@noble/hashes/sha2.js";

/** Canonical (JCA-style) digest names. */
export type HashName = "MD5" | "SHA-1" | "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512" | "SHA-512/224" | "SHA-512/256";

/** A running hash computation (a noble `Hash` instance). */
export interface HashState {
  update(data: Uint8Array): HashState;
  /** Finishes into `out` (at least outputLength bytes); the state is then unusable until reset by cloning. */
  digestInto(out: Uint8Array): void;
  /** Copies this state into `to` (reusing its memory) or into a new instance. */
  _cloneInto(to?: HashState): HashState;
}

export interface HashAlgorithm {
  readonly name: HashName;
  /** Dotted OID of the digest (as in DigestInfo / AlgorithmIdentifier). */
  readonly oid: string;
  /** Dotted OID of HMAC with this digest (the PBES2/PBKDF2 `prf`), when one is assigned. */
  readonly hmacOid: string | undefined;
  /** Digest size u in bytes. */
  readonly outputLength: number;
  /** Compression block size v in bytes (64 up to SHA-256, 128 for the SHA-512 family). */
  readonly blockLength: number;
  /** One-shot digest. */
  digest(data: Uint8Array): Uint8Array;
  /** A fresh incremental state. */
  create(): HashState;
  /** The underlying noble hasher, for APIs such as `hmac()` that take one. */
  readonly noble: typeof sha256 | typeof sha1;
}

function entry(name: HashName, oid: string, hmacOid: string | undefined, noble: typeof sha256 | typeof sha1): HashAlgorithm {
  return Object.freeze({
    name,
    oid,
    hmacOid,
    outputLength: noble.outputLen,
    blockLength: noble.blockLen,
    digest: (data: Uint8Array): Uint8Array => noble(data),
    create: (): HashState => noble.create(),
    noble,
  });
}

const NIST = "2.16.840.1.101.3.4.2.";
const RSADSI_DIGEST = "1.2.840.113549.2.";

/** Every supported digest, keyed by canonical name. */
export const HASHES: Readonly<Record<HashName, HashAlgorithm>> = Object.freeze({
  MD5: entry("MD5", RSADSI_DIGEST + "5", undefined, md5),
  "SHA-1": entry("SHA-1", "1.3.14.3.2.26", RSADSI_DIGEST + "7", sha1),
  "SHA-224": entry("SHA-224", NIST + "4", RSADSI_DIGEST + "8", sha224),
  "SHA-256": entry("SHA-256", NIST + "1", RSADSI_DIGEST + "9", sha256),
  "SHA-384": entry("SHA-384", NIST + "2", RSADSI_DIGEST + "10", sha384),
  "SHA-512": entry("SHA-512", NIST + "3", RSADSI_DIGEST + "11", sha512),
  "SHA-512/224": entry("SHA-512/224", NIST + "5", RSADSI_DIGEST + "12", sha512_224),
  "SHA-512/256": entry("SHA-512/256", NIST + "6", RSADSI_DIGEST + "13", sha512_256),
});

const ALL = Object.values(HASHES);

/** Canonical names compare without case, dashes or underscores: "sha256", "SHA-256", "SHA512/256". */
const normalise = (name: string) => name.toUpperCase().replace(/[-_\s]/g, "");

/** Looks a digest up by name (canonical or Java-style alias such as "SHA1", "SHA256"); undefined if unknown. */
export function hashByName(name: string): HashAlgorithm | undefined {
  const wanted = normalise(name);
  return ALL.find((hash) => normalise(hash.name) === wanted);
}

/** Looks a digest up by its OID; undefined if unknown. */
export function hashByOid(oid: string): HashAlgorithm | undefined {
  return ALL.find((hash) => hash.oid === oid);
}

/** Looks a digest up by the OID of HMAC with it (PBKDF2 `prf`); undefined if unknown. */
export function hashByHmacOid(oid: string): HashAlgorithm | undefined {
  return ALL.find((hash) => hash.hmacOid === oid);
}
