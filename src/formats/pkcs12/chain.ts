import { toHex, utf16beText, utf8Text } from "../../binary/encoding.js";
import { BER, octets, oid, parseBer, sequence, type BerNode } from "../../binary/ber.js";
import type { Certificate } from "../../model/certificate.js";
import { KeystoreError } from "../../model/errors.js";
import { equalBytes } from "../jks/integrity.js";

/**
 * Certificate chains of PKCS#12 key entries, assembled as Java's PKCS12KeyStore does on load
 * (JDK 17+ `findMatchedCertificate` and `findIssuer`): the leaf is the non-trusted certificate bag
 * whose localKeyId equals the key's (preferring one whose friendlyName is also the key's alias),
 * else one with the key's alias; each issuer is the first certificate of the file whose subject is
 * the issuer name, preferring the one whose SubjectKeyIdentifier equals the AuthorityKeyIdentifier.
 * The walk stops at a self-issued certificate, a loop, or a missing issuer.
 */

/** A certificate bag as the chain builder needs it. */
export interface CertCandidate {
  certificate: Certificate;
  /** localKeyId, after Java's "01" substitution for files with one key and no ids. */
  localKeyId: Uint8Array | undefined;
  friendlyName: string | undefined;
  trusted: boolean;
}

const AUTHORITY_KEY_ID = "2.5.29.35";
const SUBJECT_KEY_ID = "2.5.29.14";

/**
 * The certificate bags of a file, indexed once (only when the file has keys) so that assembling
 * chains stays linear for stores with thousands of keys. Lists keep bag order, which decides ties.
 */
export class ChainIndex {
  private readonly byKeyId = new Map<string, CertCandidate[]>();
  private readonly byAlias = new Map<string, CertCandidate[]>();
  private readonly bySubject = new Map<string, CertCandidate[]>();

  constructor(certs: readonly CertCandidate[]) {
    for (const cert of certs) {
      push(this.bySubject, nameKey(cert.certificate.subjectDer), cert);
      if (cert.trusted) continue; // Java looks for a key's leaf among the non-trusted bags only
      if (cert.localKeyId) push(this.byKeyId, toHex(cert.localKeyId), cert);
      if (cert.friendlyName !== undefined) push(this.byAlias, cert.friendlyName.toLowerCase(), cert);
    }
  }

  /** The leaf Java pairs with a key: localKeyId and alias, else the last localKeyId match, else the last alias match. */
  findLeaf(keyId: Uint8Array | undefined, alias: string): CertCandidate | undefined {
    const lower = alias.toLowerCase();
    const idMatches = (keyId && this.byKeyId.get(toHex(keyId))) || [];
    return idMatches.find((c) => c.friendlyName?.toLowerCase() === lower) ?? idMatches.at(-1) ?? this.byAlias.get(lower)?.at(-1);
  }

  /** The chain from `leaf` up, at most `maxLength` long. */
  buildChain(leaf: CertCandidate | undefined, maxLength: number): CertCandidate[] {
    const chain: CertCandidate[] = [];
    let current = leaf;
    while (current && chain.length < maxLength) {
      const der = current.certificate.der;
      if (chain.some((c) => equalBytes(c.certificate.der, der))) break; // a loop
      chain.push(current);
      if (sameName(current.certificate.subjectDer, current.certificate.issuerDer)) break; // self-issued: the root
      current = this.findIssuer(current.certificate);
    }
    return chain;
  }

  /** Java's findIssuer: the first subject match, unless an AKI names another one's SKI. */
  private findIssuer(certificate: Certificate): CertCandidate | undefined {
    const candidates = this.bySubject.get(nameKey(certificate.issuerDer)) ?? [];
    const authorityKeyId = keyIdentifiers(certificate).authority;
    if (!authorityKeyId) return candidates[0];
    let fallback: CertCandidate | undefined;
    for (const candidate of candidates) {
      const subjectKeyId = keyIdentifiers(candidate.certificate).subject;
      if (!subjectKeyId) fallback = candidate;
      else if (equalBytes(subjectKeyId, authorityKeyId)) return candidate;
      // a different key id is not a fallback either (as Java)
    }
    return fallback;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether two X.500 names (DER) are one name, as Java's X500Principal.equals and the chain walk compare them. */
export function sameName(a: Uint8Array, b: Uint8Array): boolean {
  return equalBytes(a, b) || nameKey(a) === nameKey(b);
}

/** A name's canonical form, or its hex when it does not parse (then only identical bytes match). */
function nameKey(der: Uint8Array): string {
  try {
    return canonicalName(der);
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
    return `#${toHex(der)}`;
  }
}

/**
 * Java compares X500Principals by their canonical form, which ignores how strings are encoded
 * (PrintableString or UTF8String), letter case and repeated spaces: approximated here by attribute
 * type OIDs with trimmed, space-folded, lower-cased values, multi-valued RDNs sorted.
 */
const nameCache = new WeakMap<Uint8Array, string>();
function canonicalName(der: Uint8Array): string {
  let name = nameCache.get(der);
  if (name === undefined) {
    // Name ::= SEQUENCE OF SET OF { type, value }: value bytes read as text, whitespace folded.
    const parts = sequence(parseBer(der), "a name").map((rdn) =>
      sequence(rdn, "an RDN", BER.SET)
        .map((ava) => {
          const [type, value] = sequence(ava, "an attribute");
          return `${oid(type, "an attribute type")}=${textOf(value)}`;
        })
        .sort()
        .join("+"),
    );
    name = parts.join(",");
    nameCache.set(der, name);
  }
  return name;
}

function textOf(node: BerNode | undefined): string {
  if (!node || node.constructed) return "";
  const text = node.tag === BER.BMP_STRING ? utf16beText(node.content) : utf8Text(node.content);
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

const keyIdCache = new WeakMap<Certificate, { authority?: Uint8Array; subject?: Uint8Array }>();

/** The AuthorityKeyIdentifier keyIdentifier and SubjectKeyIdentifier of a certificate, if any. */
function keyIdentifiers(certificate: Certificate): { authority?: Uint8Array; subject?: Uint8Array } {
  let ids = keyIdCache.get(certificate);
  if (!ids) {
    ids = {};
    try {
      readExtensions(certificate.der, ids);
    } catch (error) {
      // A certificate whose extensions do not parse is matched by name only, as Java does.
      if (!(error instanceof KeystoreError)) throw error;
    }
    keyIdCache.set(certificate, ids);
  }
  return ids;
}

function readExtensions(der: Uint8Array, ids: { authority?: Uint8Array; subject?: Uint8Array }): void {
  const [tbs] = sequence(parseBer(der), "a certificate");
  const extensions = sequence(tbs, "a TBSCertificate").find((part) => part.tag === 0x83 && part.constructed);
  if (!extensions) return;
  const [list] = sequence(extensions, "extensions", 0x83);
  for (const extension of sequence(list, "extensions")) {
    const parts = sequence(extension, "an extension");
    const id = oid(parts[0], "an extension id");
    const value = octets(parts[parts.length - 1], "an extension value");
    if (id === SUBJECT_KEY_ID) ids.subject = octets(parseBer(value), "a SubjectKeyIdentifier");
    else if (id === AUTHORITY_KEY_ID) {
      // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }
      const keyId = sequence(parseBer(value), "an AuthorityKeyIdentifier").find((part) => part.tag === BER.CONTEXT_0);
      if (keyId) ids.authority = octets(keyId, "an AKI keyIdentifier", BER.CONTEXT_0);
    }
  }
}
