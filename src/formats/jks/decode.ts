import { ByteReader } from "../../binary/reader.js";
import { Certificate } from "../../model/certificate.js";
import type { Entry, KeystoreFormat, ProtectedKey } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { Keystore } from "../../model/keystore.js";
import { checkLimit, resolveLimits, type Limits } from "../../model/limits.js";
import { DIGEST_LENGTH, JKS_MAGIC, TAG_PRIVATE_KEY, TAG_SECRET_KEY, TAG_TRUSTED_CERT } from "./constants.js";
import { equalBytes, storeDigest } from "./integrity.js";
import { JksProtectedKey } from "./key-protector.js";

/** Options for decoding a JKS (or, through the shared container reader, a JCEKS) store. */
export interface JksDecodeOptions {
  /**
   * The store password. Given: the integrity digest is verified (INTEGRITY error on mismatch).
   * Omitted: the digest is not checked and the store reports `integrity: "unchecked"`, as Java's
   * `load(stream, null)` does.
   */
  password?: string;
  /** Decoding safety limits overriding {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
}

/** What differs between JKS and JCEKS inside the shared container layout. */
export interface ContainerDialect {
  format: KeystoreFormat;
  magic: number;
  /** Wraps the stored bytes of a tag-1 key. */
  protectedKey(encoded: Uint8Array, alias: string): ProtectedKey;
  /** Reads a tag-3 entry body (JCEKS only); undefined: tag 3 is malformed for this format. */
  readSecretKey?(reader: ByteReader, alias: string, created: Date, limits: Limits): Entry;
}

export const JKS_DIALECT: ContainerDialect = {
  format: "JKS",
  magic: JKS_MAGIC,
  protectedKey: (encoded, alias) => new JksProtectedKey(encoded, alias),
};

/** Decodes a JKS file (versions 1 and 2). Synchronous: needs no WebCrypto. */
export function decodeJks(bytes: Uint8Array, options: JksDecodeOptions = {}): Keystore {
  return decodeContainer(bytes, options, JKS_DIALECT);
}

/** The smallest possible entry: tag, empty alias, date and an empty trusted certificate (v1). */
const MIN_ENTRY_BYTES = 4 + 2 + 8 + 4;

/** Reads the JKS/JCEKS container: header, entries, then (with a password) the digest. */
export function decodeContainer(bytes: Uint8Array, options: JksDecodeOptions, dialect: ContainerDialect): Keystore {
  const { store, body, storedDigest } = readContainer(bytes, options, dialect);
  if (options.password !== undefined) {
    if (!equalBytes(storeDigest(options.password, body), storedDigest())) throw errors.integrity();
    store.integrity = "verified";
  }
  return store;
}

/** The container's entries, the bytes its digest covers, and a reader of the stored digest. */
export interface ContainerContents {
  store: Keystore;
  body: Uint8Array;
  /** The 20 stored digest bytes (TRUNCATED when the file ends before them). */
  storedDigest(): Uint8Array;
}

/** Reads header and entries; the digest is left to the caller (sync or WebCrypto). */
export function readContainer(bytes: Uint8Array, options: JksDecodeOptions, dialect: ContainerDialect): ContainerContents {
  const limits = resolveLimits(options.limits);
  const reader = new ByteReader(bytes);
  const magic = reader.u32("the magic number");
  if (magic !== dialect.magic) {
    throw errors.malformed(`not a ${dialect.format} keystore (magic number 0x${magic.toString(16).padStart(8, "0")})`);
  }
  const version = reader.u32("the version");
  if (version !== 1 && version !== 2) throw errors.unsupported(`${dialect.format} version ${version} (Invalid keystore format)`);
  const count = reader.i32("the entry count");
  if (count < 0) throw errors.malformed(`negative entry count ${count}`);
  if (count * MIN_ENTRY_BYTES > reader.remaining) throw errors.truncated(`the ${count} entries the header announces`);
  checkLimit(count, limits.maxEntries, "the entry count");

  const store = new Keystore({ format: dialect.format, integrity: "unchecked" });
  for (let i = 0; i < count; i++) store.addDecoded(readEntry(reader, version, dialect, limits));

  const body = bytes.subarray(0, reader.offset);
  return { store, body, storedDigest: () => reader.take(DIGEST_LENGTH, "the integrity digest") };
}

function readEntry(reader: ByteReader, version: number, dialect: ContainerDialect, limits: Limits): Entry {
  const tag = reader.u32("an entry tag");
  if (tag !== TAG_PRIVATE_KEY && tag !== TAG_TRUSTED_CERT && !(tag === TAG_SECRET_KEY && dialect.readSecretKey)) {
    throw errors.malformed(`Unrecognized keystore entry: ${tag}`);
  }
  const alias = reader.utf("an alias");
  const created = new Date(reader.i64("a creation date"));

  if (tag === TAG_TRUSTED_CERT) {
    return { type: "trustedCert", alias, created, certificate: readCertificate(reader, version, limits) };
  }
  if (tag === TAG_SECRET_KEY) return dialect.readSecretKey!(reader, alias, created, limits);

  const keyLength = reader.i32("a protected key length");
  if (keyLength < 0) throw errors.malformed(`length cannot be negative: ${keyLength}`);
  checkLimit(keyLength, limits.maxObjectBytes, "a protected key's length");
  const encoded = reader.take(keyLength, "a protected key");
  // Java treats a negative chain length as "no chain".
  const chainLength = Math.max(0, reader.i32("a chain length"));
  checkLimit(chainLength, limits.maxChainLength, "a certificate chain's length");
  if (chainLength * 4 > reader.remaining) throw errors.truncated("a certificate chain");
  const chain: Certificate[] = [];
  for (let i = 0; i < chainLength; i++) chain.push(readCertificate(reader, version, limits));
  return { type: "privateKey", alias, created, chain, key: { protected: dialect.protectedKey(encoded, alias) } };
}

function readCertificate(reader: ByteReader, version: number, limits: Limits): Certificate {
  // Version 1 files have no type string: every certificate is X.509.
  const type = version === 2 ? reader.utf("a certificate type") : "X.509";
  const length = reader.i32("a certificate length");
  if (length < 0) throw errors.malformed(`length cannot be negative: ${length}`);
  checkLimit(length, limits.maxObjectBytes, "a certificate's length");
  reader.need(length, "a certificate");
  const start = reader.offset;
  reader.offset += length;
  return Certificate.inRange(reader.bytes, start, reader.offset, type);
}

