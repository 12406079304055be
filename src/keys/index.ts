/**
 * Private keys in every form users have, normalised to the PKCS#8 Java stores; key ↔ certificate
 * matching; chain ordering; key entries from a key and its certificates; CA replies.
 * @module
 */
export { readPrivateKey, type PrivateKeyForm, type ReadPrivateKey, type ReadPrivateKeyOptions } from "./read-key.js";
export { readPrivateKeyInfo, wrapEcPrivateKey, wrapRsaPrivateKey, type PrivateKeyInfo } from "./private-key-info.js";
export { keyMatchesCertificate, publicKeyOfPrivateKey, publicKeyOfSpki, samePublicKey, type PublicKeyValue } from "./public-key.js";
export { readCertificateBundle } from "./certificate-bundle.js";
export { describeCertificate, orderChain, type ChainWarning, type OrderedChain } from "./chain.js";
export { buildKeyEntry, findLeaf, type BuildKeyEntryOptions, type BuiltKeyEntry } from "./key-entry.js";
export { CA_REPLY_MESSAGES, installCaReply, type InstallCaReplyOptions, type InstalledCaReply } from "./ca-reply.js";
