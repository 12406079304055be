/**
 * keystorekit: read and write Java keystores in pure TypeScript.
 *
 * @example
 * ```ts
 * import { decodeKeystore, encodeKeystore } from "keystorekit";
 * const store = decodeKeystore(bytes, { password: "changeit" });
 * for (const entry of store) console.log(entry.alias, entry.type);
 * const out = encodeKeystore(store, { format: "JKS", password: "changeit" });
 * ```
 * @module
 */

// Model
export { Keystore, unlockKey, type IntegrityStatus, type KeystoreInit } from "./model/keystore.js";
export type {
  Entry,
  EntryType,
  KeyMaterial,
  KeystoreFormat,
  PrivateKeyEntry,
  ProtectedKey,
  SecretKeyEntry,
  TrustedCertEntry,
} from "./model/entry.js";
export { Certificate, keyAlgorithmName } from "./model/certificate.js";
export { KeystoreError, isKeystoreError, TAMPERED_MESSAGE, type KeystoreErrorCode } from "./model/errors.js";
export { DEFAULT_LIMITS, type Limits } from "./model/limits.js";
export { privateKeyAlgorithm } from "./model/pkcs8.js";

// Codecs
export { decodeKeystore, decodeKeystoreAsync, encodeKeystore, encodeKeystoreAsync, readableFormats, writableFormats, type DecodeOptions, type EncodeOptions, type WritableFormat } from "./formats/codec.js";
export { sniffFormat } from "./formats/sniff.js";
export { decodeJks, type JksDecodeOptions } from "./formats/jks/decode.js";
export { encodeJks, type JksEncodeOptions } from "./formats/jks/encode.js";
export { decodeJceks, type JceksDecodeOptions } from "./formats/jceks/decode.js";
export { encodeJceks, type JceksEncodeOptions } from "./formats/jceks/encode.js";
export { JceksSealedKey } from "./formats/jceks/sealed-key.js";
export type { SealedKeyObject, SerializedSecretKey } from "./formats/jceks/sealed-object.js";
export { decodeBks, decodeUber, type BksDecodeOptions } from "./formats/bks/decode.js";
export { bksEntryKind, type BksEntryKind, type BksEntryExtras } from "./formats/bks/entries.js";
export { BksSealedKey, type BksKeyKind, type BksKeyEncoding } from "./formats/bks/sealed-key.js";
export { decodeJksAsync, encodeJksAsync } from "./formats/jks/async.js";
export { decodePkcs12, type Pkcs12DecodeOptions } from "./formats/pkcs12/decode.js";
export { decodePkcs12Async, encodePkcs12Async } from "./formats/pkcs12/async.js";
export { encodePkcs12, type Pkcs12EncodeOptions } from "./formats/pkcs12/encode.js";
export { PKCS12_PROFILES, withIterations, type Pkcs12Profile, type Pkcs12ProfileName } from "./formats/pkcs12/profiles.js";
export type { PbeSpec } from "./formats/pkcs12/pbe.js";
export type { MacSpec } from "./formats/pkcs12/mac.js";
export type { Pbkdf2Request, DerivedKeys } from "./crypto/pbkdf2.js";
export type { HashName } from "./crypto/hash.js";
export { Pkcs12ProtectedKey } from "./formats/pkcs12/protected-key.js";
export { decodePem } from "./formats/pem/decode.js";
export { encodePem } from "./formats/pem/encode.js";

// Trust stores
export { TrustStore, type AddResult, type DiffItem, type DiffResult, type ExpiringItem, type FindQuery } from "./truststore/truststore.js";
export { readCertificates } from "./truststore/certificates.js";
export {
  JAVA_OPTIONS_FORMS,
  javaOptions,
  javaOptionsFor,
  javaStoreType,
  type JavaOptionsForm,
  type JavaOptionsText,
  type JavaOptionsWarning,
  type JavaOptionsWarningCode,
  type JavaStoreSettings,
} from "./truststore/java-options.js";
export { aliasFromCertificate, uniqueAlias } from "./model/alias.js";
export { aliasChanges, aliasCollisions, foldsAliasCase, renameAliasCollisions, type AliasChange } from "./model/java-aliases.js";
export { verifyChain, trustAnchorsOf, type VerifyResult, type VerifyCode, type VerifyOptions } from "./truststore/verify.js";
export { pemCredentials, type PemCredentials, type PemCredentialsOptions } from "./truststore/pem-credentials.js";
export { parseJavaOptions, javaPropertiesFromEnv, javaTlsSettings, parseProperties, kafkaTlsSettings, springTlsSettings, type JavaStoreSetting, type JavaTlsSettings } from "./truststore/java-settings.js";
export { checkHostname, type HostnameCheck, type WildcardRule } from "./truststore/hostname.js";
export { certificateNames, formatSubjectAltName, type CertificateNames, type SubjectAltName } from "./truststore/certificate-names.js";
export type { Purpose } from "./truststore/pkix-checks.js";
export { diagnose, type Finding, type FindingCode, type DiagnoseOptions } from "./truststore/diagnose.js";
export { diagnoseSettings, CONTEXT_FAILURE, TRUST_STORE_PROBLEM, type SettingsFinding, type StoreLookup } from "./truststore/settings-diagnosis.js";

// Private keys, key entries and CA replies
export {
  CA_REPLY_MESSAGES,
  buildKeyEntry,
  describeCertificate,
  findLeaf,
  installCaReply,
  keyMatchesCertificate,
  orderChain,
  publicKeyOfPrivateKey,
  publicKeyOfSpki,
  readCertificateBundle,
  readPrivateKey,
  readPrivateKeyInfo,
  samePublicKey,
  wrapEcPrivateKey,
  wrapRsaPrivateKey,
  type BuildKeyEntryOptions,
  type BuiltKeyEntry,
  type ChainWarning,
  type InstallCaReplyOptions,
  type InstalledCaReply,
  type OrderedChain,
  type PrivateKeyForm,
  type PrivateKeyInfo,
  type PublicKeyValue,
  type ReadPrivateKey,
  type ReadPrivateKeyOptions,
} from "./keys/index.js";

// New keys, certificates and requests (keytool -genkeypair, -certreq, -gencert, -genseckey)
export { generateKeyPair, generateSecretKey, secretKeyEntry, javaEcPkcs8, KEYTOOL_DEFAULT_KEY_SIZES, type GenerateKeyPairOptions, type GeneratedKeyPair, type KeyPairAlgorithm, type GenerateSecretKeyOptions, type GeneratedSecretKey, type SecretKeyAlgorithm } from "./keys/generate.js";
export { createSigner, webCryptoVerifier, type CreateSignerOptions } from "./x509/webcrypto-signer.js";
export { chooseSignatureAlgorithm, defaultSignatureAlgorithm, signatureAlgorithm, type KeytoolDefaults, type SignatureAlgorithm, type SignatureVerifier, type Signer } from "./x509/signature.js";
export { publicKeyInfo, type KeyFamily, type NamedCurve, type PublicKeyInfo } from "./x509/key-info.js";
export { createSelfSignedCertificate, issueCertificate, randomSerial, type CertificateAuthority, type CertificateOptions, type IssueRequest, type IssuedCertificate, type SelfSignedOptions } from "./x509/certificate-builder.js";
export { createCertificateRequest, parseCertificateRequest, signCertificateRequest, verifyCertificateRequest, type CertificateRequestOptions, type CertificationRequest, type SignRequestOptions } from "./x509/csr.js";
export { parseDname } from "./x509/dname.js";
export { describeExtensions, certificateVersion, signatureAlgorithmName, type ExtensionDetails } from "./x509/extension-details.js";
export { keyIdentifier, keytoolExtensions, parseExtOption, encodeExtension, type ExtensionContext, type X509Extension } from "./x509/ext-option.js";
export { DEFAULT_VALIDITY_DAYS, parseStartDate, validityEnd } from "./x509/validity.js";

// Encodings
export { toPem, parsePem, toHex, fromHex, toBase64, fromBase64, type PemBlock, type PemHeader } from "./binary/encoding.js";
export type { RandomSource } from "./crypto/random.js";
