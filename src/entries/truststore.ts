/**
 * Trust-store tools: add, find, diff and expire trusted certificates, verify chains (PKIX, through
 * WebCrypto) and diagnose stores. Combine with a format entry point to read and write.
 *
 * @example
 * ```ts
 * import { decodeJks } from "keystorekit/jks";
 * import { TrustStore, readCertificates } from "keystorekit/truststore";
 * const trust = new TrustStore(decodeJks(bytes, { password: "changeit" }));
 * for (const certificate of readCertificates(pemText)) trust.add(certificate);
 * ```
 * @module
 */
export { TrustStore, type AddResult, type DiffItem, type DiffResult, type ExpiringItem, type FindQuery } from "../truststore/truststore.js";
export { readCertificates } from "../truststore/certificates.js";
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
} from "../truststore/java-options.js";
export { aliasFromCertificate, uniqueAlias } from "../model/alias.js";
export { verifyChain, trustAnchorsOf, type VerifyResult, type VerifyCode, type VerifyOptions } from "../truststore/verify.js";
export type { Purpose } from "../truststore/pkix-checks.js";
export { diagnose, type Finding, type FindingCode, type DiagnoseOptions } from "../truststore/diagnose.js";
export * from "./model.js";
