/**
 * The keystore model shared by every format entry point: {@link Keystore}, entries, certificates,
 * errors, limits and the byte/PEM encodings. Each `keystorekit/<format>` entry re-exports it, so
 * one import is enough for the common case.
 * @module
 */
export { Keystore, unlockKey, type IntegrityStatus, type KeystoreInit } from "../model/keystore.js";
export type {
  Entry,
  EntryType,
  KeyMaterial,
  KeystoreFormat,
  PrivateKeyEntry,
  ProtectedKey,
  SecretKeyEntry,
  TrustedCertEntry,
} from "../model/entry.js";
export { Certificate, keyAlgorithmName } from "../model/certificate.js";
export { KeystoreError, isKeystoreError, TAMPERED_MESSAGE, type KeystoreErrorCode } from "../model/errors.js";
export { DEFAULT_LIMITS, type Limits } from "../model/limits.js";
export { privateKeyAlgorithm } from "../model/pkcs8.js";
export { aliasChanges, aliasCollisions, foldsAliasCase, renameAliasCollisions, type AliasChange } from "../model/java-aliases.js";
export { toPem, parsePem, toHex, fromHex, toBase64, fromBase64, type PemBlock, type PemHeader } from "../binary/encoding.js";
export type { RandomSource } from "../crypto/random.js";
