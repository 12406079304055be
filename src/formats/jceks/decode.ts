import type { ByteReader } from "../../binary/reader.js";
import type { SecretKeyEntry } from "../../model/entry.js";
import type { Keystore } from "../../model/keystore.js";
import { checkLimit, resolveLimits, type Limits } from "../../model/limits.js";
import { JCEKS_MAGIC, JKS_MAGIC } from "../jks/constants.js";
import { decodeContainer, decodeJks, type ContainerDialect, type JksDecodeOptions } from "../jks/decode.js";
import { JceksProtectedKey } from "./key-protector.js";
import { JceksSealedKey } from "./sealed-key.js";
import { readSealedObject } from "./sealed-object.js";

/** Options for decoding a JCEKS store (the same as for JKS). */
export type JceksDecodeOptions = JksDecodeOptions;

/**
 * Decodes a JCEKS file (versions 1 and 2; keystore-formats.md §3). The container, aliases, dates,
 * chains and integrity digest are JKS's, read by the shared container reader; JCEKS adds
 * PBEWithMD5AndTripleDES keys and sealed secret keys (tag 3). Keys stay protected until asked for.
 *
 * Like Java's JCEKS loader this also opens JKS files (magic 0xFEEDFEED); they are decoded as JKS
 * and `store.format` says "JKS", so that saving reproduces them.
 */
export function decodeJceks(bytes: Uint8Array, options: JceksDecodeOptions = {}): Keystore {
  if (bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) === JKS_MAGIC) {
    return decodeJks(bytes, options);
  }
  return decodeContainer(bytes, options, jceksDialect(resolveLimits(options.limits)));
}

function jceksDialect(limits: Limits): ContainerDialect {
  return {
    format: "JCEKS",
    magic: JCEKS_MAGIC,
    protectedKey: (encoded, alias) => new JceksProtectedKey(encoded, alias, limits),
    readSecretKey: (reader, alias, created) => readSecretKeyEntry(reader, alias, created, limits),
  };
}

/** Tag 3: the serialized sealed key follows the date directly, with no length in front. */
function readSecretKeyEntry(reader: ByteReader, alias: string, created: Date, limits: Limits): SecretKeyEntry {
  const start = reader.offset;
  const sealed = readSealedObject(reader);
  const encoded = reader.bytes.subarray(start, reader.offset);
  checkLimit(encoded.length, limits.maxObjectBytes, "a sealed secret key's length");
  return {
    type: "secretKey",
    alias,
    created,
    // Inside the encrypted part: known after decryption (JceksSealedKey.keyAlgorithm).
    algorithm: null,
    key: { protected: new JceksSealedKey(encoded, sealed, alias, limits) },
  };
}
