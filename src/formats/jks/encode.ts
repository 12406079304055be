import { ByteWriter } from "../../binary/writer.js";
import type { RandomSource } from "../../crypto/random.js";
import type { Certificate } from "../../model/certificate.js";
import type { Entry, PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { writtenAliases } from "../../model/java-aliases.js";
import { unlockKey, type Keystore } from "../../model/keystore.js";
import { JKS_KEY_PROTECTOR_OID, JKS_MAGIC, TAG_PRIVATE_KEY, TAG_TRUSTED_CERT } from "./constants.js";
import { storeDigest } from "./integrity.js";
import { jksProtect } from "./key-protector.js";

/** Options for writing a JKS (and, through the shared writer, a JCEKS) store. */
export interface JksEncodeOptions {
  /** The store password, used for the integrity digest and as the default key password. */
  password: string;
  /**
   * Passwords for keys, by alias: used to decrypt keys that must be re-protected and to protect
   * plain keys. Default: the store password.
   */
  keyPasswords?: Readonly<Record<string, string>>;
  /**
   * Re-encrypt every key under its key password even when its stored protection could be written
   * back unchanged (used when converting or changing passwords). Default false: keys whose
   * protection this format can hold are written back byte for byte, so no key password is needed.
   */
  reprotectKeys?: boolean;
  /** Random source for key-protector salts (default: WebCrypto). */
  random?: RandomSource;
}

/** What differs between JKS and JCEKS when writing the shared container. */
export interface EncodeDialect {
  magic: number;
  /** Protected form (EncryptedPrivateKeyInfo DER) of a tag-1 key. */
  protectPrivateKey(entry: PrivateKeyEntry, options: JksEncodeOptions): Uint8Array;
  /** Writes a tag-3 entry (JCEKS); undefined: the format cannot hold secret keys. */
  writeSecretKey?(writer: ByteWriter, entry: SecretKeyEntry, alias: string, options: JksEncodeOptions): void;
}

/** The password that protects (or opens) the key of `alias`. */
export function keyPasswordFor(alias: string, options: JksEncodeOptions): string {
  return options.keyPasswords?.[alias] ?? options.password;
}

export const JKS_ENCODE_DIALECT: EncodeDialect = {
  magic: JKS_MAGIC,
  protectPrivateKey(entry, options) {
    const stored = entry.key.protected;
    if (stored && !options.reprotectKeys && stored.algorithm === JKS_KEY_PROTECTOR_OID) return stored.encoded;
    const password = keyPasswordFor(entry.alias, options);
    return jksProtect(unlockKey(entry, password), password, options.random);
  },
};

/**
 * Encodes a JKS version 2 file. Entries are written in store order, under lower-cased aliases as
 * Java writes them (INVALID_ARGUMENT for aliases that differ only in case); keys whose JKS protection is
 * intact are written back unchanged, so a store loaded and saved with the same password is
 * reproduced byte for byte. Synchronous.
 */
export function encodeJks(store: Keystore, options: JksEncodeOptions): Uint8Array {
  return encodeContainer(store, options, JKS_ENCODE_DIALECT, "JKS");
}

/** Writes the JKS/JCEKS container: header, entries, digest. */
export function encodeContainer(store: Keystore, options: JksEncodeOptions, dialect: EncodeDialect, formatName: string): Uint8Array {
  const writer = writeContainerBody(store, options, dialect, formatName);
  writer.bytes(storeDigest(options.password, writer.finish()));
  return writer.finish();
}

/** Header and entries, ready for the digest (computed by the caller, sync or with WebCrypto). */
export function writeContainerBody(store: Keystore, options: JksEncodeOptions, dialect: EncodeDialect, formatName: string): ByteWriter {
  const writer = new ByteWriter(estimateSize(store));
  const aliases = writtenAliases(store, formatName);
  writer.u32(dialect.magic).u32(2).i32(store.size);
  store.entries().forEach((entry, i) => writeEntry(writer, entry, aliases[i]!, options, dialect, formatName));
  return writer;
}

/** One entry, under `alias` (the entry's alias as Java writes it: lower-cased). */
function writeEntry(writer: ByteWriter, entry: Entry, alias: string, options: JksEncodeOptions, dialect: EncodeDialect, formatName: string): void {
  const created = entry.created ?? new Date();
  switch (entry.type) {
    case "trustedCert":
      writer.u32(TAG_TRUSTED_CERT).utf(alias).i64(created.getTime());
      writeCertificate(writer, entry.certificate);
      return;
    case "privateKey": {
      const protectedKey = dialect.protectPrivateKey(entry, options);
      writer.u32(TAG_PRIVATE_KEY).utf(alias).i64(created.getTime());
      writer.lengthPrefixed(protectedKey).i32(entry.chain.length);
      for (const certificate of entry.chain) writeCertificate(writer, certificate);
      return;
    }
    case "secretKey":
      if (!dialect.writeSecretKey) {
        throw errors.unsupported(
          `${formatName} cannot hold secret keys (alias "${entry.alias}"): save as JCEKS or PKCS12 instead`,
        );
      }
      dialect.writeSecretKey(writer, { ...entry, created }, alias, options);
      return;
  }
}

function writeCertificate(writer: ByteWriter, certificate: Certificate): void {
  writer.utf(certificate.type).lengthPrefixed(certificate.der);
}

/** A close upper estimate of the output size, so the writer rarely has to grow. */
function estimateSize(store: Keystore): number {
  let size = 64;
  for (const entry of store) {
    size += 64 + entry.alias.length * 3;
    if (entry.type === "trustedCert") size += entry.certificate.der.length;
    else if (entry.type === "privateKey") {
      size += (entry.key.protected?.encoded.length ?? (entry.key.plain?.length ?? 0) + 128) + 64;
      for (const certificate of entry.chain) size += certificate.der.length + 16;
    } else size += 1024;
  }
  return size;
}
