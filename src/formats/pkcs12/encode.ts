import { derBmpString, derInteger, derOctetString, derOid, derSequence, derSet, DER_NULL } from "../../binary/der.js";
import { DerElement, explicitTag, octetStringOf, sequenceOf, type DerPart } from "../../binary/der-tree.js";
import type { RandomSource } from "../../crypto/random.js";
import type { Certificate } from "../../model/certificate.js";
import type { PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { writtenAliases } from "../../model/java-aliases.js";
import { unlockKey, type Keystore } from "../../model/keystore.js";
import { requireOrderedChain, requireParsableCertificates, requirePkcs8 } from "../encodable.js";
import { computeMac } from "./mac.js";
import { OID, SECRET_KEY_OIDS } from "./oids.js";
import type { DerivedKeys } from "../../crypto/pbkdf2.js";
import { pbeEncrypt, type PreparedPbe } from "./pbe.js";
import { PKCS12_PROFILES, type Pkcs12Profile, type Pkcs12ProfileName } from "./profiles.js";
import { Pkcs12ProtectedKey } from "./protected-key.js";

/** Options for {@link encodePkcs12}. */
export interface Pkcs12EncodeOptions {
  /** Store password (MAC and certificate encryption) and default key password. */
  password: string;
  /** A profile name or a custom profile (default "java"). */
  profile?: Pkcs12ProfileName | Pkcs12Profile;
  /** Passwords that open keys read from other stores, by alias (default: the store password). */
  keyPasswords?: Readonly<Record<string, string>>;
  /** Re-encrypt keys that were read from a PKCS#12 file instead of writing them back unchanged. */
  reprotectKeys?: boolean;
  /** Random source for salts and IVs (default: WebCrypto). */
  random?: RandomSource;
}

/**
 * Writes a PKCS#12 file laid out as Java writes it (keystore-formats §4.1–4.2): a data safe with the
 * key bags, then the certificate safe; friendlyName (the alias) and localKeyId "Time <ms>" on keys
 * and their leaf certificates; Java's trusted attribute on trusted certificates. Aliases are written
 * lower-cased, as Java does (INVALID_ARGUMENT for aliases that differ only in case). The safes are built
 * as DER trees and written once each (see der-tree.ts): a certificate is copied three times in all
 * (into the safe, the encrypted safe, the file) however deep PKCS#12 nests it.
 */
export function encodePkcs12(store: Keystore, options: Pkcs12EncodeOptions): Uint8Array {
  return writePkcs12(store, options);
}

/** {@link encodePkcs12}, with the certificate safe's and the MAC's salts and keys possibly prepared ahead. */
export function writePkcs12(store: Keystore, options: Pkcs12EncodeOptions, prepared?: PreparedPkcs12): Uint8Array {
  const profile = resolveProfile(options.profile, store);
  const keyBags: DerElement[] = [];
  const certBags: DerElement[] = [];
  const aliases = writtenAliases(store, "PKCS12");
  for (const entry of store) {
    requireParsableCertificates(entry.alias, store.certificates(entry.alias), "PKCS12");
    if (entry.type === "privateKey") requireOrderedChain(entry.alias, entry.chain, "PKCS12");
  }
  for (const [i, entry] of store.entries().entries()) {
    const name = attribute(OID.friendlyName, derBmpString(aliases[i]!));
    if (entry.type === "trustedCert") {
      certBags.push(certBag(entry.certificate, derSet(name, TRUSTED_ATTRIBUTE)));
      continue;
    }
    const created = entry.created ?? new Date();
    const localKeyId = attribute(OID.localKeyId, derOctetString(new TextEncoder().encode(`Time ${created.getTime()}`)));
    if (entry.type === "privateKey") {
      keyBags.push(bag(OID.pkcs8ShroudedKeyBag, protectKey(entry, "private", profile, options), derSet(name, localKeyId)));
      entry.chain.forEach((certificate, i) => {
        // Java names the leaf after the alias and pairs it by localKeyId; CA certificates by subject.
        certBags.push(certBag(certificate, i === 0 ? derSet(name, localKeyId) : derSet(attribute(OID.friendlyName, derBmpString(certificate.subject)))));
      });
    } else {
      const secret = sequenceOf([derOid(OID.pkcs8ShroudedKeyBag), explicitTag(0, octetStringOf(protectKey(entry, "secret", profile, options)))]);
      keyBags.push(bag(OID.secretBag, secret, derSet(name, localKeyId)));
    }
  }
  for (const certificate of unlistedCertificates(store)) {
    certBags.push(certBag(certificate, derSet(attribute(OID.friendlyName, derBmpString(certificate.subject)))));
  }

  const contentInfos: DerPart[] = [];
  if (keyBags.length > 0) contentInfos.push(dataContentInfo(sequenceOf(keyBags)));
  if (certBags.length > 0) {
    const safe = sequenceOf(certBags);
    if (profile.certificates === null) contentInfos.push(dataContentInfo(safe));
    else {
      const { algorithm, ciphertext } = pbeEncrypt(profile.certificates, safe.toBytes(), options.password, options.random, prepared?.certificates);
      const encryptedContentInfo = sequenceOf([derOid(OID.data), algorithm, new DerElement(0x80, [ciphertext])]);
      contentInfos.push(sequenceOf([derOid(OID.encryptedData), explicitTag(0, sequenceOf([derInteger(0), encryptedContentInfo]))]));
    }
  }
  const authSafe = sequenceOf(contentInfos).toBytes();
  const parts: DerPart[] = [derInteger(3), dataContentInfo(authSafe)];
  if (profile.mac) parts.push(computeMac(profile.mac, authSafe, options.password, options.random, prepared?.mac));
  return sequenceOf(parts).toBytes();
}

/**
 * The profile an option names, or the custom one it holds; without one, "passwordless" for a
 * store read password-less (so an edit keeps it so), else "java".
 */
export function resolveProfile(profile: Pkcs12EncodeOptions["profile"], store?: Keystore): Pkcs12Profile {
  if (typeof profile === "object") return profile;
  return PKCS12_PROFILES[profile ?? (store?.passwordless ? "passwordless" : "java")];
}

/**
 * Salts drawn and keys derived ahead of time for the certificate safe and the MAC, by
 * encodePkcs12Async (async.ts); keys of key bags are always protected on the spot.
 */
export interface PreparedPkcs12 {
  certificates?: PreparedPbe;
  mac?: { salt: Uint8Array; keys: DerivedKeys };
}

/** Java's trusted-certificate attribute (trusted for any extended key usage), the same on every bag. */
const TRUSTED_ATTRIBUTE = attribute(OID.javaTrustedKeyUsage, derOid(OID.anyExtendedKeyUsage));

/**
 * Certificates the file held outside Java's view (no trusted attribute, in no chain): kept, as they
 * were, as plain certificate bags that are still not trust anchors. Ones now in an entry are not
 * repeated (compared by fingerprint, and only when there are such certificates at all).
 */
function unlistedCertificates(store: Keystore): Certificate[] {
  if (store.untrustedCertificates.length === 0) return [];
  const written = new Set<string>();
  for (const entry of store) for (const certificate of store.certificates(entry.alias)) written.add(certificate.sha256);
  const out: Certificate[] = [];
  for (const certificate of store.untrustedCertificates) {
    if (written.has(certificate.sha256)) continue;
    written.add(certificate.sha256);
    out.push(certificate);
  }
  return out;
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(type), derSet(value));
}

/** A SafeBag; `attributes` is the DER SET of its attributes (sorted by derSet). */
function bag(type: string, value: DerPart, attributes: Uint8Array): DerElement {
  return sequenceOf([derOid(type), explicitTag(0, value), attributes]);
}

function certBag(certificate: Certificate, attributes: Uint8Array): DerElement {
  return bag(OID.certBag, sequenceOf([derOid(OID.x509Certificate), explicitTag(0, octetStringOf(certificate.der))]), attributes);
}

function dataContentInfo(content: DerPart): DerElement {
  return sequenceOf([derOid(OID.data), explicitTag(0, octetStringOf(content))]);
}

/** EncryptedPrivateKeyInfo of a key: the stored one when PKCS#12 protected it already, else encrypted now. */
function protectKey(entry: PrivateKeyEntry | SecretKeyEntry, kind: "private" | "secret", profile: Pkcs12Profile, options: Pkcs12EncodeOptions): Uint8Array {
  const stored = entry.key.protected;
  if (stored instanceof Pkcs12ProtectedKey && stored.kind === kind && !options.reprotectKeys) return stored.encoded;
  const password = options.keyPasswords?.[entry.alias] ?? options.password;
  const plain = unlockKey(entry, password);
  let plaintext = plain;
  if (kind === "private") requirePkcs8(entry.alias, plain, "PKCS12");
  if (kind === "secret") {
    const algorithm = (entry as SecretKeyEntry).algorithm ?? stored?.keyAlgorithm ?? null;
    const algorithmOid = algorithm ? SECRET_KEY_OIDS[algorithm] : undefined;
    if (!algorithmOid) throw errors.unsupported(`PKCS12 secret key "${entry.alias}" with algorithm ${algorithm ?? "unknown"}`);
    // A PKCS#8-shaped wrapper, as Java writes it (JDK 17 with the NULL parameter).
    plaintext = derSequence(derInteger(0), derSequence(derOid(algorithmOid), DER_NULL), derOctetString(plain));
  }
  const { algorithm, ciphertext } = pbeEncrypt(profile.keys, plaintext, options.password, options.random);
  return derSequence(algorithm, derOctetString(ciphertext));
}

