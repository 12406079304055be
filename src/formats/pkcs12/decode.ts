import { BER, explicit, integer, octets, oid, parseBer, sequence, type BerNode } from "../../binary/ber.js";
import { Certificate } from "../../model/certificate.js";
import type { Entry } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { Keystore } from "../../model/keystore.js";
import { checkLimit, resolveLimits, type Limits } from "../../model/limits.js";
import { equalBytes } from "../jks/integrity.js";
import type { Pbkdf2Results } from "../../crypto/pbkdf2.js";
import { verifyMac } from "./mac.js";
import { OID } from "./oids.js";
import { DecryptionFailed, pbeDecrypt } from "./pbe.js";
import { Pkcs12ProtectedKey } from "./protected-key.js";

/** Options for {@link decodePkcs12}. */
export interface Pkcs12DecodeOptions {
  /**
   * Store password. Given: the MAC is verified (INTEGRITY on mismatch) and encrypted certificate
   * safes are decrypted. Omitted: as Java's `load(stream, null)`, the MAC is not checked and
   * encrypted safes are skipped (their certificates are missing from the result).
   */
  password?: string;
  limits?: Partial<Limits>;
  /** PBKDF2 keys derived ahead of time (by {@link decodePkcs12Async} through WebCrypto). */
  precomputed?: Pbkdf2Results;
}

const WRONG_PASSWORD = "keystore password was incorrect (PKCS12 integrity check failed), or the file was altered";

/** One SafeBag, with the attributes Java looks at. */
interface Bag {
  index: number;
  kind: "key" | "shroudedKey" | "cert" | "secret";
  /** keyBag: PKCS#8; shroudedKey/secret: EncryptedPrivateKeyInfo DER; cert: certificate DER. */
  value: Uint8Array;
  friendlyName: string | undefined;
  localKeyId: Uint8Array | undefined;
  trusted: boolean;
}

/**
 * Decodes a PKCS#12 (PFX) file into the Keystore model the way Java's PKCS12KeyStore sees it:
 * key bags become private-key entries with chains assembled from the certificate bags, certificate
 * bags with Java's trusted attribute become trusted-certificate entries, secret bags secret keys.
 * Aliases are lower-cased, as Java reports them. Keys stay encrypted until asked for.
 */
export function decodePkcs12(bytes: Uint8Array, options: Pkcs12DecodeOptions = {}): Keystore {
  const limits = resolveLimits(options.limits);
  const [versionNode, authSafe, macData] = sequence(parseBer(bytes), "the PFX");
  const version = integer(versionNode, "the PFX version");
  if (version !== 3) throw errors.unsupported(`PKCS12 keystore not in version 3 format (version ${version})`);
  const [contentType, contentWrapper] = sequence(authSafe, "the authSafe ContentInfo");
  if (oid(contentType, "the authSafe content type") !== OID.data) {
    throw errors.unsupported("public-key protected PKCS12 (only password integrity is supported, as in Java)");
  }
  const content = octets(explicit(contentWrapper, "the authSafe content"), "the authSafe content");

  const store = new Keystore({ format: "PKCS12" });
  if (macData && options.password !== undefined) {
    if (!verifyMac(macData, content, options.password, limits.maxIterations, options.precomputed)) throw errors.integrity(WRONG_PASSWORD);
    store.integrity = "verified";
  }

  const bags: Bag[] = [];
  const contentInfos = sequence(parseBer(content), "the AuthenticatedSafe");
  for (const contentInfo of contentInfos) {
    const safe = readSafe(contentInfo, options.password, limits, options.precomputed);
    if (safe) collectBags(parseBer(safe), bags, limits, 0);
  }
  assemble(store, bags, limits);
  return store;
}

/** The SafeContents bytes of one ContentInfo, or null when it is encrypted and no password was given. */
function readSafe(contentInfo: BerNode, password: string | undefined, limits: Limits, precomputed?: Pbkdf2Results): Uint8Array | null {
  const [typeNode, wrapper] = sequence(contentInfo, "a ContentInfo");
  const type = oid(typeNode, "a ContentInfo type");
  if (type === OID.data) return octets(explicit(wrapper, "a data ContentInfo"), "a data ContentInfo");
  if (type !== OID.encryptedData) throw errors.unsupported(`PKCS#12 content type ${type} (for example public-key encrypted safes)`);
  if (password === undefined) return null; // as Java does with a null password
  const [, encryptedContentInfo] = sequence(explicit(wrapper, "an encryptedData ContentInfo"), "EncryptedData");
  const [, algorithm, encrypted] = sequence(encryptedContentInfo, "EncryptedContentInfo");
  if (!algorithm || !encrypted) throw errors.malformed("EncryptedContentInfo lacks its algorithm or content");
  const data = octets(encrypted, "the encrypted safe", BER.CONTEXT_0);
  try {
    return pbeDecrypt(algorithm, data, password, limits.maxIterations, precomputed);
  } catch (error) {
    if (error instanceof DecryptionFailed) throw errors.integrity(WRONG_PASSWORD);
    throw error;
  }
}

function collectBags(safeContents: BerNode, bags: Bag[], limits: Limits, depth: number): void {
  for (const safeBag of sequence(safeContents, "SafeContents")) {
    checkLimit(bags.length + 1, limits.maxEntries, "the number of PKCS#12 bags");
    const [idNode, valueWrapper, attributes] = sequence(safeBag, "a SafeBag");
    const bagId = oid(idNode, "a SafeBag type");
    const value = explicit(valueWrapper, "a SafeBag value");
    const base = { index: bags.length, ...readAttributes(attributes) };
    switch (bagId) {
      case OID.keyBag:
        bags.push({ ...base, kind: "key", value: value.encoded });
        break;
      case OID.pkcs8ShroudedKeyBag:
        bags.push({ ...base, kind: "shroudedKey", value: value.encoded });
        break;
      case OID.certBag: {
        const [certType, certValue] = sequence(value, "a CertBag");
        if (oid(certType, "a CertBag type") !== OID.x509Certificate) break; // SDSI certificates: not for Java
        bags.push({ ...base, kind: "cert", value: octets(explicit(certValue, "a CertBag value"), "a certificate") });
        break;
      }
      case OID.secretBag: {
        const [secretType, secretValue] = sequence(value, "a SecretBag");
        const type = oid(secretType, "a SecretBag type");
        if (type !== OID.pkcs8ShroudedKeyBag) throw errors.unsupported(`secret bag of type ${type}`);
        bags.push({ ...base, kind: "secret", value: octets(explicit(secretValue, "a SecretBag value"), "a secret key") });
        break;
      }
      case OID.safeContentsBag:
        if (depth >= 4) throw errors.limit("nested SafeContents deeper than 4");
        collectBags(value, bags, limits, depth + 1);
        break;
      default:
        break; // CRL bags and unknown bags hold no keystore entries (Java skips them too)
    }
  }
}

function readAttributes(attributes: BerNode | undefined): Pick<Bag, "friendlyName" | "localKeyId" | "trusted"> {
  const result: Pick<Bag, "friendlyName" | "localKeyId" | "trusted"> = { friendlyName: undefined, localKeyId: undefined, trusted: false };
  if (!attributes) return result;
  for (const attribute of sequence(attributes, "bag attributes", BER.SET)) {
    const [typeNode, values] = sequence(attribute, "a bag attribute");
    const type = oid(typeNode, "a bag attribute type");
    const [first] = sequence(values, "attribute values", BER.SET);
    if (type === OID.friendlyName && first) result.friendlyName = readText(first);
    else if (type === OID.localKeyId && first) result.localKeyId = octets(first, "a localKeyId");
    else if (type === OID.javaTrustedKeyUsage) result.trusted = true;
  }
  return result;
}

/** friendlyName text: BMPString as the standard says (UTF8String accepted too). */
function readText(node: BerNode): string {
  if (node.tag === BER.BMP_STRING) {
    let text = "";
    for (let i = 0; i + 1 < node.content.length; i += 2) text += String.fromCharCode((node.content[i]! << 8) | node.content[i + 1]!);
    return text;
  }
  if (node.tag === BER.UTF8_STRING) return new TextDecoder().decode(node.content);
  throw errors.malformed("friendlyName is not a BMPString");
}

/** Java's localKeyId "Time <ms>" carries the entry's creation date. */
function dateFromLocalKeyId(localKeyId: Uint8Array | undefined): Date | null {
  if (!localKeyId) return null;
  const text = String.fromCharCode(...localKeyId.subarray(0, 40));
  const match = /^Time (\d{1,15})$/.exec(text);
  return match ? new Date(Number(match[1])) : null;
}

/** Builds the entries as Java does: keys with their chains, then trusted certificates, in bag order. */
function assemble(store: Keystore, bags: Bag[], limits: Limits): void {
  const certs = bags.filter((bag) => bag.kind === "cert").map((bag) => ({ bag, certificate: new Certificate(bag.value), used: false }));
  const entries: { index: number; entry: Entry }[] = [];
  let unnamed = 0;
  const aliasOf = (bag: Bag) => (bag.friendlyName ?? String(++unnamed)).toLowerCase();

  for (const bag of bags) {
    if (bag.kind === "cert") continue;
    const alias = aliasOf(bag);
    const created = dateFromLocalKeyId(bag.localKeyId);
    if (bag.kind === "secret") {
      const key = new Pkcs12ProtectedKey(bag.value, "secret", alias, limits.maxIterations);
      entries.push({ index: bag.index, entry: { type: "secretKey", alias, created, algorithm: null, key: { protected: key } } });
      continue;
    }
    const chain: Certificate[] = [];
    let current = bag.localKeyId ? certs.find((c) => c.bag.localKeyId && equalBytes(c.bag.localKeyId, bag.localKeyId!)) : undefined;
    while (current && chain.length < limits.maxChainLength) {
      current.used = true;
      chain.push(current.certificate);
      if (equalBytes(current.certificate.subjectDer, current.certificate.issuerDer)) break; // self-signed: the root
      const issuerDer = current.certificate.issuerDer;
      current = certs.find((c) => !chain.includes(c.certificate) && equalBytes(c.certificate.subjectDer, issuerDer));
    }
    const key = bag.kind === "key" ? { plain: bag.value } : { protected: new Pkcs12ProtectedKey(bag.value, "private", alias, limits.maxIterations) };
    entries.push({ index: bag.index, entry: { type: "privateKey", alias, created, chain, key } });
  }
  for (const cert of certs) {
    if (cert.bag.trusted) {
      entries.push({ index: cert.bag.index, entry: { type: "trustedCert", alias: aliasOf(cert.bag), created: dateFromLocalKeyId(cert.bag.localKeyId), certificate: cert.certificate } });
    } else if (!cert.used) {
      store.untrustedCertificates.push(cert.certificate);
    }
  }
  entries.sort((a, b) => a.index - b.index);
  for (const { entry } of entries) store.addDecoded(entry);
}


/** The encrypted safes' AlgorithmIdentifiers and the MacData, for {@link decodePkcs12Async}. */
export function pfxDerivations(bytes: Uint8Array): { macData: BerNode | undefined; safeAlgorithms: BerNode[] } {
  const [, authSafe, macData] = sequence(parseBer(bytes), "the PFX");
  const [, contentWrapper] = sequence(authSafe, "the authSafe ContentInfo");
  const content = octets(explicit(contentWrapper, "the authSafe content"), "the authSafe content");
  const safeAlgorithms: BerNode[] = [];
  for (const contentInfo of sequence(parseBer(content), "the AuthenticatedSafe")) {
    const [typeNode, wrapper] = sequence(contentInfo, "a ContentInfo");
    if (oid(typeNode, "a ContentInfo type") !== OID.encryptedData) continue;
    const [, encryptedContentInfo] = sequence(explicit(wrapper, "an encryptedData ContentInfo"), "EncryptedData");
    const algorithm = sequence(encryptedContentInfo, "EncryptedContentInfo")[1];
    if (algorithm) safeAlgorithms.push(algorithm);
  }
  return { macData, safeAlgorithms };
}
