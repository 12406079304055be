import { TAG, children, content, decodeOid, expectTlv, type Tlv } from "../binary/der.js";
import { toHex } from "../binary/encoding.js";
import type { Certificate } from "../model/certificate.js";
import { errors } from "../model/errors.js";

/**
 * The X.509 facts PKIX path validation needs, read with the small DER reader (no pkijs), so that
 * diagnose() can ask "is this a CA? self-issued?" cheaply over a whole cacerts.
 */
export interface CertificateFacts {
  /** X.509 version (1, 2 or 3). Java does not require CA extensions of v1 anchors. */
  version: number;
  /** basicConstraints, or null when the extension is absent (Java then treats the cert as no CA). */
  basicConstraints: { ca: boolean; pathLen: number | null } | null;
  /** keyUsage bits (index 5 = keyCertSign), or null when absent. */
  keyUsage: boolean[] | null;
  /** extendedKeyUsage OIDs, or null when absent. */
  extKeyUsage: string[] | null;
  /** subjectKeyIdentifier, lowercase hex, or null. */
  subjectKeyId: string | null;
  /** authorityKeyIdentifier keyIdentifier, lowercase hex, or null. */
  authorityKeyId: string | null;
}

export const KEY_USAGE_DIGITAL_SIGNATURE = 0;
export const KEY_USAGE_KEY_CERT_SIGN = 5;
export const EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
export const EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
export const EKU_ANY = "2.5.29.37.0";

const cache = new WeakMap<Certificate, CertificateFacts>();

/** The facts of `certificate` (parsed once per Certificate object). */
export function certificateFacts(certificate: Certificate): CertificateFacts {
  let facts = cache.get(certificate);
  if (!facts) {
    facts = parseFacts(certificate.der);
    cache.set(certificate, facts);
  }
  return facts;
}

/** True when the certificate may issue others as Java's PKIX sees it (basicConstraints cA). */
export function isCa(certificate: Certificate): boolean {
  return certificateFacts(certificate).basicConstraints?.ca === true;
}

/** Subject and issuer names are the same (a root, or a self-issued key rollover certificate). */
export function isSelfIssued(certificate: Certificate): boolean {
  return sameName(certificate.subjectDer, certificate.issuerDer, certificate.subject, certificate.issuer);
}

/**
 * Name equality as X500Principal.equals approximates it: identical DER, or the same RFC 2253
 * text ignoring case and repeated spaces (Java compares canonical forms, so a PrintableString and a
 * UTF8String of the same name are equal there too).
 */
export function sameName(aDer: Uint8Array, bDer: Uint8Array, aText: string, bText: string): boolean {
  if (aDer.length === bDer.length && aDer.every((byte, i) => byte === bDer[i])) return true;
  const canon = (text: string) => text.toLowerCase().replace(/\s+/g, " ");
  return canon(aText) === canon(bText);
}

function parseFacts(der: Uint8Array): CertificateFacts {
  const facts: CertificateFacts = {
    version: 1,
    basicConstraints: null,
    keyUsage: null,
    extKeyUsage: null,
    subjectKeyId: null,
    authorityKeyId: null,
  };
  const certificate = expectTlv(der, 0, der.length, TAG.SEQUENCE, "certificate");
  const tbs = children(certificate)[0];
  if (!tbs) throw errors.malformed("certificate has no TBSCertificate");
  for (const part of children(tbs)) {
    if (part.tag === 0xa0) {
      const version = children(part)[0];
      if (version?.tag === TAG.INTEGER) facts.version = (content(version)[0] ?? 0) + 1;
    } else if (part.tag === 0xa3) {
      const list = children(part)[0];
      if (list) for (const extension of children(list)) readExtension(extension, facts);
    }
  }
  return facts;
}

function readExtension(extension: Tlv, facts: CertificateFacts): void {
  const parts = children(extension);
  const oidTlv = parts[0];
  const value = parts[parts.length - 1];
  if (!oidTlv || oidTlv.tag !== TAG.OID || !value || value.tag !== TAG.OCTET_STRING) return;
  const inner = content(value);
  const body = (): Tlv => expectTlv(inner, 0, inner.length, inner[0] ?? 0, "extension value");
  switch (decodeOid(content(oidTlv))) {
    case "2.5.29.19": {
      // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
      let ca = false;
      let pathLen: number | null = null;
      for (const field of children(body())) {
        if (field.tag === TAG.BOOLEAN) ca = (content(field)[0] ?? 0) !== 0;
        if (field.tag === TAG.INTEGER) pathLen = content(field).reduce((n, b) => n * 256 + b, 0);
      }
      facts.basicConstraints = { ca, pathLen };
      break;
    }
    case "2.5.29.15": {
      // KeyUsage ::= BIT STRING; first content byte is the count of unused bits.
      const bits = content(body()).subarray(1);
      facts.keyUsage = Array.from({ length: 9 }, (_, i) => (((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1);
      break;
    }
    case "2.5.29.37":
      facts.extKeyUsage = children(body())
        .filter((oid) => oid.tag === TAG.OID)
        .map((oid) => decodeOid(content(oid)));
      break;
    case "2.5.29.14":
      facts.subjectKeyId = toHex(content(body()));
      break;
    case "2.5.29.35": {
      // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }
      const keyId = children(body()).find((field) => field.tag === 0x80);
      if (keyId) facts.authorityKeyId = toHex(content(keyId));
      break;
    }
  }
}
