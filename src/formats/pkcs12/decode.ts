import { BER, berChildren, explicit, integer, octets, oid, parseBer, sequence, type BerNode } from "../../binary/ber.js";
import { utf16beText, utf8Text } from "../../binary/encoding.js";
import { errors } from "../../model/errors.js";
import { Keystore } from "../../model/keystore.js";
import { IterationBudget, checkLimit, resolveLimits, type Limits } from "../../model/limits.js";
import type { DerivedKeys } from "../../crypto/pbkdf2.js";
import { assemble, type Bag } from "./assemble.js";
import { macWork, verifyMac } from "./mac.js";
import { OID } from "./oids.js";
import { DecryptionFailed, pbeDecrypt, pbeWork } from "./pbe.js";

/** Options for {@link decodePkcs12}. */
export interface Pkcs12DecodeOptions {
  /**
   * Store password. Given: the MAC is verified (INTEGRITY on mismatch; `store.integrity` becomes
   * "verified") and encrypted certificate safes are decrypted (INTEGRITY when they do not open).
   * A file without MAC is "none" even when its safes decrypt: padding is no integrity
   * check. Omitted: as Java's `load(stream, null)`, the MAC is not checked and encrypted safes are
   * skipped, so their certificates (key chains, trusted certificates) are missing from the result.
   * Password-less files (no MAC, no encrypted safe, as JDK 18+ cacerts) read fully either way.
   */
  password?: string;
  /** Decoding safety limits overriding {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /** Keys derived ahead of time by {@link decodePkcs12Async}: PBKDF2 through WebCrypto, the MAC key meanwhile. */
  precomputed?: DerivedKeys;
}

const WRONG_PASSWORD = "keystore password was incorrect (PKCS12 integrity check failed), or the file was altered";

/**
 * Decodes a PKCS#12 (PFX) file into the Keystore model the way Java's PKCS12KeyStore sees it:
 * key bags become private-key entries with chains assembled from the certificate bags, certificate
 * bags with Java's trusted attribute become trusted-certificate entries, secret bags secret keys.
 * Aliases are lower-cased, as Java reports them. Keys stay encrypted until asked for. What Java's
 * loader skips (a key in a plain keyBag, a second key without localKeyId, anything in a nested
 * safeContentsBag) is read too, marked with `entry.javaIgnores` (see assemble.ts).
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

  // A file without MAC has no integrity check to run, with or without a password ("none").
  const store = new Keystore({ format: "PKCS12", integrity: macData ? "unchecked" : "none" });
  const contentInfos = sequence(parseBer(content), "the AuthenticatedSafe");
  if (options.password !== undefined) {
    checkLoadWork(macData, contentInfos.map(encryptedSafeAlgorithm), options.password, limits);
  }
  if (macData && options.password !== undefined) {
    if (!verifyMac(macData, content, options.password, limits.maxIterations, options.precomputed)) throw errors.integrity(WRONG_PASSWORD);
    store.integrity = "verified";
  }

  const bags: Bag[] = [];
  store.passwordless = !macData && contentInfos.every((info) => encryptedSafeAlgorithm(info) === null);
  for (const contentInfo of contentInfos) {
    const safe = readSafe(contentInfo, options.password, limits, options.precomputed);
    if (safe) collectBags(berChildren(safe, BER.SEQUENCE, "SafeContents"), bags, limits, 0);
  }
  assemble(store, bags, limits);
  return store;
}

/**
 * LIMIT, before any key derivation, when the MAC and the encrypted safes (`safeAlgorithms`, null for
 * plain ones) would run more KDF iterations in all than `limits.maxTotalIterations`: the number of
 * safes is the file's to choose, and each costs a derivation.
 */
export function checkLoadWork(macData: BerNode | undefined, safeAlgorithms: readonly (BerNode | null)[], password: string, limits: Limits): void {
  const budget = new IterationBudget(limits.maxTotalIterations);
  if (macData) budget.spend(macWork(macData, password, limits.maxIterations), "the MAC");
  safeAlgorithms.forEach((algorithm, i) => {
    if (algorithm) budget.spend(pbeWork(algorithm, password, limits.maxIterations), `encrypted safe ${i + 1} of ${safeAlgorithms.length}`);
  });
}

/** The encryption AlgorithmIdentifier of an encrypted safe; null for other ContentInfos. */
function encryptedSafeAlgorithm(contentInfo: BerNode): BerNode | null {
  const [typeNode, wrapper] = sequence(contentInfo, "a ContentInfo");
  if (oid(typeNode, "a ContentInfo type") !== OID.encryptedData) return null;
  const [, encryptedContentInfo] = sequence(explicit(wrapper, "an encryptedData ContentInfo"), "EncryptedData");
  const algorithm = sequence(encryptedContentInfo, "EncryptedContentInfo")[1];
  if (!algorithm) throw errors.malformed("EncryptedContentInfo lacks its algorithm");
  return algorithm;
}

/** The SafeContents bytes of one ContentInfo, or null when it is encrypted and no password was given. */
function readSafe(contentInfo: BerNode, password: string | undefined, limits: Limits, precomputed?: DerivedKeys): Uint8Array | null {
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

function collectBags(safeBags: Iterable<BerNode>, bags: Bag[], limits: Limits, depth: number): void {
  let position = -1;
  for (const safeBag of safeBags) {
    position++;
    checkLimit(bags.length + 1, limits.maxEntries, "the number of PKCS#12 bags");
    const [idNode, valueWrapper, attributes] = sequence(safeBag, "a SafeBag");
    const bagId = oid(idNode, "a SafeBag type");
    const value = explicit(valueWrapper, "a SafeBag value");
    const bag = (kind: Bag["kind"], bytes: Uint8Array): Bag => ({ position, kind, value: bytes, nested: depth > 0, ...readAttributes(attributes) });
    switch (bagId) {
      case OID.keyBag:
        bags.push(bag("key", value.encoded));
        break;
      case OID.pkcs8ShroudedKeyBag:
        bags.push(bag("shroudedKey", value.encoded));
        break;
      case OID.certBag: {
        const [certType, certValue] = sequence(value, "a CertBag");
        if (oid(certType, "a CertBag type") !== OID.x509Certificate) break; // SDSI certificates: not for Java
        bags.push(bag("cert", octets(explicit(certValue, "a CertBag value"), "a certificate")));
        break;
      }
      case OID.secretBag: {
        const [secretType, secretValue] = sequence(value, "a SecretBag");
        const type = oid(secretType, "a SecretBag type");
        const secret = bag("secret", octets(explicit(secretValue, "a SecretBag value"), "a secret key"));
        // Java lists any secret bag as a SecretKeyEntry, and only getKey fails on other types.
        bags.push(type === OID.pkcs8ShroudedKeyBag ? secret : { ...secret, secretType: type });
        break;
      }
      case OID.safeContentsBag:
        if (depth >= 4) throw errors.limit("nested SafeContents deeper than 4");
        collectBags(sequence(value, "SafeContents"), bags, limits, depth + 1);
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
  if (node.tag === BER.BMP_STRING) return utf16beText(node.content);
  if (node.tag === BER.UTF8_STRING) return utf8Text(node.content);
  throw errors.malformed("friendlyName is not a BMPString");
}

/** The encrypted safes' AlgorithmIdentifiers and the MacData, for {@link decodePkcs12Async}. */
export function pfxDerivations(bytes: Uint8Array): { macData: BerNode | undefined; safeAlgorithms: BerNode[] } {
  const [, authSafe, macData] = sequence(parseBer(bytes), "the PFX");
  const [, contentWrapper] = sequence(authSafe, "the authSafe ContentInfo");
  const content = octets(explicit(contentWrapper, "the authSafe content"), "the authSafe content");
  const safeAlgorithms: BerNode[] = [];
  for (const contentInfo of sequence(parseBer(content), "the AuthenticatedSafe")) {
    const algorithm = encryptedSafeAlgorithm(contentInfo);
    if (algorithm) safeAlgorithms.push(algorithm);
  }
  return { macData, safeAlgorithms };
}
