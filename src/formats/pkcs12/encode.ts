import { derBmpString, derExplicit, derInteger, derOctetString, derOid, derSequence, derSet, DER_NULL, encodeTlv } from "../../binary/der.js";
import type { RandomSource } from "../../crypto/random.js";
import type { Certificate } from "../../model/certificate.js";
import type { PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import { unlockKey, type Keystore } from "../../model/keystore.js";
import { computeMac } from "./mac.js";
import { OID, SECRET_KEY_OIDS } from "./oids.js";
import { pbeEncrypt } from "./pbe.js";
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
 * and their leaf certificates; Java's trusted attribute on trusted certificates.
 */
export function encodePkcs12(store: Keystore, options: Pkcs12EncodeOptions): Uint8Array {
  const profile = typeof options.profile === "object" ? options.profile : PKCS12_PROFILES[options.profile ?? "java"];
  const keyBags: Uint8Array[] = [];
  const certBags: Uint8Array[] = [];
  for (const entry of store) {
    const created = entry.created ?? new Date();
    const localKeyId = attribute(OID.localKeyId, derOctetString(new TextEncoder().encode(`Time ${created.getTime()}`)));
    const name = attribute(OID.friendlyName, derBmpString(entry.alias));
    if (entry.type === "trustedCert") {
      const trusted = attribute(OID.javaTrustedKeyUsage, derOid(OID.anyExtendedKeyUsage));
      certBags.push(certBag(entry.certificate, [name, trusted]));
    } else if (entry.type === "privateKey") {
      keyBags.push(bag(OID.pkcs8ShroudedKeyBag, protectKey(entry, "private", profile, options), [name, localKeyId]));
      entry.chain.forEach((certificate, i) => {
        // Java names the leaf after the alias and pairs it by localKeyId; CA certificates by subject.
        certBags.push(certBag(certificate, i === 0 ? [name, localKeyId] : [attribute(OID.friendlyName, derBmpString(certificate.subject))]));
      });
    } else {
      const secret = derSequence(derOid(OID.pkcs8ShroudedKeyBag), derExplicit(0, derOctetString(protectKey(entry, "secret", profile, options))));
      keyBags.push(bag(OID.secretBag, secret, [name, localKeyId]));
    }
  }

  // Certificates the file held outside Java's view (no trusted attribute, in no chain) are kept,
  // as they were: plain certificate bags, still not trust anchors. Ones now in an entry are not repeated.
  const written = new Set<string>();
  for (const entry of store) for (const certificate of store.certificates(entry.alias)) written.add(certificate.sha256);
  for (const certificate of store.untrustedCertificates) {
    if (written.has(certificate.sha256)) continue;
    written.add(certificate.sha256);
    certBags.push(certBag(certificate, [attribute(OID.friendlyName, derBmpString(certificate.subject))]));
  }

  const contentInfos: Uint8Array[] = [];
  if (keyBags.length > 0) contentInfos.push(dataContentInfo(derSequence(...keyBags)));
  if (certBags.length > 0) {
    const safe = derSequence(...certBags);
    if (profile.certificates === null) contentInfos.push(dataContentInfo(safe));
    else {
      const { algorithm, ciphertext } = pbeEncrypt(profile.certificates, safe, options.password, options.random);
      const encryptedContentInfo = derSequence(derOid(OID.data), algorithm, encodeTlv(0x80, ciphertext));
      contentInfos.push(derSequence(derOid(OID.encryptedData), derExplicit(0, derSequence(derInteger(0), encryptedContentInfo))));
    }
  }
  const authSafe = derSequence(...contentInfos);
  const parts = [derInteger(3), dataContentInfo(authSafe)];
  if (profile.mac) parts.push(computeMac(profile.mac, authSafe, options.password, options.random));
  return derSequence(...parts);
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(type), derSet(value));
}

function bag(type: string, value: Uint8Array, attributes: Uint8Array[]): Uint8Array {
  return derSequence(derOid(type), derExplicit(0, value), derSet(...attributes));
}

function certBag(certificate: Certificate, attributes: Uint8Array[]): Uint8Array {
  return bag(OID.certBag, derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(certificate.der))), attributes);
}

function dataContentInfo(content: Uint8Array): Uint8Array {
  return derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
}

/** EncryptedPrivateKeyInfo of a key: the stored one when PKCS#12 protected it already, else encrypted now. */
function protectKey(entry: PrivateKeyEntry | SecretKeyEntry, kind: "private" | "secret", profile: Pkcs12Profile, options: Pkcs12EncodeOptions): Uint8Array {
  const stored = entry.key.protected;
  if (stored instanceof Pkcs12ProtectedKey && stored.kind === kind && !options.reprotectKeys) return stored.encoded;
  const password = options.keyPasswords?.[entry.alias] ?? options.password;
  const plain = unlockKey(entry, password);
  let plaintext = plain;
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

