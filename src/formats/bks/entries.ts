import type { ByteReader } from "../../binary/reader.js";
import { Certificate } from "../../model/certificate.js";
import type { Entry, PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { checkLimit, type Limits } from "../../model/limits.js";
import { BksSealedKey, readBlob, readKeyEncoding, type BksKeyEncoding, type BksKeyKind } from "./sealed-key.js";

/**
 * The entry stream shared by BKS and UBER (keystore-formats.md §5.1): entries until a type byte 0.
 *
 * BKS has two kinds of entry the keystorekit model has no type for. They are mapped onto
 * `secretKey` entries and marked with {@link BksEntryExtras.bksKind}, so they keep their alias, date
 * and bytes, convert where the target can hold key bytes (JCEKS/PKCS#12 secret keys), and can be
 * told apart:
 *  - "secretValue" (type 3, opaque bytes from `setKeyEntry(alias, byte[], chain)`): a secretKey with
 *    `algorithm: null` whose plain bytes are the stored bytes.
 *  - "publicKey" (key type 1): a secretKey whose `algorithm` is the key algorithm ("RSA") and whose
 *    bytes are the X.509 SubjectPublicKeyInfo DER. Encoders that know the marker refuse to write it
 *    as a secret key (JCEKS does).
 * A BKS entry's certificate chain is kept only for private keys (the model has no chain on other keys).
 */

export const ENTRY_END = 0;
export const ENTRY_CERTIFICATE = 1;
export const ENTRY_KEY = 2;
export const ENTRY_SECRET = 3;
export const ENTRY_SEALED = 4;

/** What a BKS entry really is, where the model's entry type cannot say it. */
export type BksEntryKind = "privateKey" | "publicKey" | "secretKey" | "secretValue" | "trustedCert";

/** Extra fields on entries decoded from BKS/UBER. */
export interface BksEntryExtras {
  /**
   * The BKS kind. A sealed key hides it inside its encryption: until the key has been decrypted this
   * is the entry type's (see `bksKindResolved`), afterwards the kind found inside.
   */
  readonly bksKind: BksEntryKind;
  /** False for a sealed key not decrypted yet: its kind is the one its chain suggests. */
  readonly bksKindResolved: boolean;
}

/** The BKS kind of an entry decoded from BKS/UBER (undefined for entries from other formats). */
export function bksEntryKind(entry: Entry): BksEntryKind | undefined {
  return (entry as Partial<BksEntryExtras>).bksKind;
}

export interface EntryStreamOptions {
  limits: Limits;
}

/** Reads entries up to and including the terminating 0; returns them in file order. */
export function readEntryStream(reader: ByteReader, options: EntryStreamOptions): Entry[] {
  const entries: Entry[] = [];
  for (;;) {
    const type = reader.u8("an entry type");
    if (type === ENTRY_END) return entries;
    if (type > ENTRY_SEALED) throw errors.malformed(`Unknown object type in store: ${type}`);
    checkLimit(entries.length + 1, options.limits.maxEntries, "the number of entries");
    entries.push(readEntry(reader, type, options.limits));
  }
}

function readEntry(reader: ByteReader, type: number, limits: Limits): Entry {
  const alias = reader.utf("an alias");
  const created = new Date(reader.i64("a creation date"));
  const chainLength = reader.i32("a chain length");
  if (chainLength < 0) throw errors.malformed(`negative chain length ${chainLength}`);
  checkLimit(chainLength, limits.maxChainLength, "a certificate chain's length");
  const chain: Certificate[] = [];
  for (let i = 0; i < chainLength; i++) chain.push(readCertificate(reader, limits));

  switch (type) {
    case ENTRY_CERTIFICATE:
      return withKind({ type: "trustedCert", alias, created, certificate: readCertificate(reader, limits) }, "trustedCert", true);
    case ENTRY_KEY:
      return plainKeyEntry(readKeyEncoding(reader, limits), alias, created, chain);
    case ENTRY_SECRET: {
      const value = readBlob(reader, limits, "a secret value");
      return withKind({ type: "secretKey", alias, created, algorithm: null, key: { plain: value } }, "secretValue", true);
    }
    default:
      // Sealed keys stay sealed until asked for: each may cost 5,000,000 KDF rounds.
      return sealedKeyEntry(new BksSealedKey(readBlob(reader, limits, "a sealed key"), alias, limits), alias, created, chain);
  }
}

/**
 * The entry of a sealed key. Once the key has been decrypted its kind decides (a public key is a
 * secretKey entry, see above). Before, the entry is what Java's KeyStore lists for a BKS key: a
 * private key when it has a chain, else a secret key (KeyStoreSpi.engineEntryInstanceOf).
 */
export function sealedKeyEntry(sealed: BksSealedKey, alias: string, created: Date, chain: Certificate[]): Entry {
  const type = sealed.kind === null ? (chain.length > 0 ? "privateKey" : "secretKey") : sealed.kind === "private" ? "privateKey" : "secretKey";
  sealed.expectType(type);
  if (type === "privateKey") return withSealedKind({ type, alias, created, chain, key: { protected: sealed } }, sealed);
  return withSealedKind({ type, alias, created, algorithm: sealed.keyAlgorithm, key: { protected: sealed } }, sealed);
}

const SEALED_KINDS: Record<BksKeyKind, BksEntryKind> = { private: "privateKey", public: "publicKey", secret: "secretKey" };

/**
 * A sealed key's entry with its BKS kind read from the key: the entry type's kind until the key has
 * been decrypted, then the kind found inside (a public key, say). Copies of the entry made after
 * that (`{ ...entry, key: { plain } }`) keep the kind found.
 */
function withSealedKind<T extends PrivateKeyEntry | SecretKeyEntry>(entry: T, sealed: BksSealedKey): T & BksEntryExtras {
  const guess: BksEntryKind = entry.type;
  return Object.defineProperties(entry, {
    bksKind: { enumerable: true, get: () => (sealed.kind === null ? guess : SEALED_KINDS[sealed.kind]) },
    bksKindResolved: { enumerable: true, get: () => sealed.kind !== null },
  }) as T & BksEntryExtras;
}

function withKind<T extends Entry>(entry: T, bksKind: BksEntryKind, bksKindResolved: boolean): T & BksEntryExtras {
  return { ...entry, bksKind, bksKindResolved };
}

function readCertificate(reader: ByteReader, limits: Limits): Certificate {
  const type = reader.utf("a certificate type");
  return new Certificate(readBlob(reader, limits, "a certificate"), type);
}

function plainKeyEntry(key: BksKeyEncoding, alias: string, created: Date, chain: Certificate[]): Entry {
  if (key.kind === "private") {
    return withKind({ type: "privateKey", alias, created, chain, key: { plain: key.encoded } }, "privateKey", true);
  }
  const entry: SecretKeyEntry = { type: "secretKey", alias, created, algorithm: key.algorithm, key: { plain: key.encoded } };
  return withKind(entry, key.kind === "public" ? "publicKey" : "secretKey", true);
}
