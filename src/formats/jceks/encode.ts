import type { ByteWriter } from "../../binary/writer.js";
import type { PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { unlockKey, type Keystore } from "../../model/keystore.js";
import { JCEKS_MAGIC, JKS_KEY_PROTECTOR_OID, TAG_SECRET_KEY } from "../jks/constants.js";
import { encodeContainer, keyPasswordFor, type EncodeDialect, type JksEncodeOptions } from "../jks/encode.js";
import { JCEKS_WRITE_ITERATIONS, PBE_MD5_DES3_OID, jceksProtect, looksLikePkcs8 } from "./key-protector.js";
import { JceksSealedKey, sealSecretKey } from "./sealed-key.js";
import { bksEntryKind } from "../bks/entries.js";
import { notPkcs8 } from "../encodable.js";

/** Options for writing a JCEKS store. */
export interface JceksEncodeOptions extends JksEncodeOptions {
  /**
   * PBE iteration count for keys encrypted by this call. Default 200,000, what JDK 17 and 25 write;
   * Java's writers accept 10,000–5,000,000, and its readers anything up to 5,000,000.
   */
  iterations?: number;
}

/**
 * Encodes a JCEKS version 2 file as JDK 17/25 write it. Keys already protected in a form JCEKS holds
 * (PBEWithMD5AndTripleDES or the JKS protector for private keys, a sealed object for secret keys)
 * are written back unchanged, so a JCEKS loaded and saved with the same password is reproduced byte
 * for byte without key passwords. Other keys are protected under their key password (default: the
 * store password).
 *
 * Password note: Java ≤ 24 protects JCEKS keys only under printable-ASCII passwords; JDK 25 uses
 * UTF-8. A key protected here under a non-ASCII password is UTF-8 (JDK 25's form): JDK 25 reads it,
 * JDK 17–24 cannot. The store password (UTF-16 digest) has no such restriction.
 */
export function encodeJceks(store: Keystore, options: JceksEncodeOptions): Uint8Array {
  const iterations = options.iterations ?? JCEKS_WRITE_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 5_000_000) {
    throw errors.invalidArgument(`JCEKS iteration count must be 1…5,000,000 (Java writes 200,000), got ${iterations}`);
  }
  const dialect: EncodeDialect = {
    magic: JCEKS_MAGIC,
    protectPrivateKey: (entry) => protectPrivateKey(entry, options, iterations),
    writeSecretKey: (writer, entry, alias) => writeSecretKey(writer, entry, alias, options, iterations),
  };
  return encodeContainer(store, options, dialect, "JCEKS");
}

function protectPrivateKey(entry: PrivateKeyEntry, options: JceksEncodeOptions, iterations: number): Uint8Array {
  const stored = entry.key.protected;
  if (stored && !options.reprotectKeys && (stored.algorithm === PBE_MD5_DES3_OID || stored.algorithm === JKS_KEY_PROTECTOR_OID)) {
    return stored.encoded;
  }
  const password = keyPasswordFor(entry.alias, options);
  const pkcs8 = unlockKey(entry, password);
  // The reader tells a right password from a wrong one by this shape: without it the key never opens.
  if (!looksLikePkcs8(pkcs8)) throw notPkcs8(entry.alias, "JCEKS", "not one DER SEQUENCE starting with the version INTEGER");
  return jceksProtect(pkcs8, password, options.random, iterations);
}

function writeSecretKey(writer: ByteWriter, entry: SecretKeyEntry, alias: string, options: JceksEncodeOptions, iterations: number): void {
  if (bksEntryKind(entry) === "publicKey") {
    throw errors.unsupported(`"${entry.alias}" is a BKS public key, which JCEKS (like Java's KeyStore API) cannot hold`);
  }
  const stored = entry.key.protected;
  let sealed: Uint8Array;
  if (stored instanceof JceksSealedKey && !options.reprotectKeys) {
    sealed = stored.encoded;
  } else {
    const password = keyPasswordFor(entry.alias, options);
    let algorithm = entry.algorithm ?? (stored instanceof JceksSealedKey ? stored.keyAlgorithm : null);
    let key: Uint8Array;
    if (!entry.key.plain && stored instanceof JceksSealedKey) {
      const unsealed = stored.unseal(password);
      algorithm ??= unsealed.algorithm;
      key = unsealed.key;
    } else {
      key = unlockKey(entry, password);
    }
    if (algorithm === null) {
      throw errors.invalidArgument(`secret key "${entry.alias}" has no algorithm name, which JCEKS must record (e.g. "AES")`);
    }
    sealed = sealSecretKey(algorithm, key, password, options.random, iterations);
  }
  writer.u32(TAG_SECRET_KEY).utf(alias).i64(entry.created!.getTime()).bytes(sealed);
}
