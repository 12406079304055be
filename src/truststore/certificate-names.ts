import { TAG, children, content, decodeOid, expectTlv, type Tlv } from "../binary/der.js";
import { latin1Text } from "../binary/encoding.js";
import type { Certificate } from "../model/certificate.js";
import { errors } from "../model/errors.js";
import { decodeDirectoryString } from "../x509/name.js";

/**
 * The names a TLS client looks at in a certificate: subjectAltName entries (as Java's
 * X509Certificate.getSubjectAlternativeNames lists them), the most specific subject CN (Java's
 * fallback for DNS names), and the AIA caIssuers URLs (where a missing issuer can be fetched).
 */

/** One GeneralName of subjectAltName. `ip` holds the 4 or 16 address bytes. */
export type SubjectAltName =
  | { type: "dns"; value: string }
  | { type: "ip"; value: string; bytes: Uint8Array }
  | { type: "email" | "uri"; value: string }
  | { type: "other"; value: string };

export interface CertificateNames {
  /** subjectAltName entries, or null when the certificate has no such extension (Java: null collection). */
  subjectAltNames: SubjectAltName[] | null;
  /** The value of the last (most specific) CN of the subject, or null. */
  commonName: string | null;
  /** AIA caIssuers URIs. */
  caIssuers: string[];
}

const cache = new WeakMap<Certificate, CertificateNames>();

/** The names of `certificate` (parsed once per Certificate object; MALFORMED on broken DER). */
export function certificateNames(certificate: Certificate): CertificateNames {
  let names = cache.get(certificate);
  if (!names) {
    names = parseNames(certificate);
    cache.set(certificate, names);
  }
  return names;
}

/** A subjectAltName entry as openssl and keytool print it: DNS:…, IP:…, email:…, URI:…. */
export function formatSubjectAltName(name: SubjectAltName): string {
  const label = { dns: "DNS", ip: "IP", email: "email", uri: "URI", other: "other" }[name.type];
  return `${label}:${name.value}`;
}

function parseNames(certificate: Certificate): CertificateNames {
  const names: CertificateNames = { subjectAltNames: null, commonName: mostSpecificCn(certificate.subjectDer), caIssuers: [] };
  const der = certificate.der;
  const tbs = children(expectTlv(der, 0, der.length, TAG.SEQUENCE, "certificate"))[0];
  if (!tbs) throw errors.malformed("certificate has no TBSCertificate");
  const extensions = children(tbs).find((part) => part.tag === 0xa3);
  const list = extensions ? children(extensions)[0] : undefined;
  for (const extension of list ? children(list) : []) {
    const parts = children(extension);
    const oid = parts[0];
    const value = parts[parts.length - 1];
    if (!oid || oid.tag !== TAG.OID || !value || value.tag !== TAG.OCTET_STRING) continue;
    const inner = content(value);
    const body = () => expectTlv(inner, 0, inner.length, TAG.SEQUENCE, "extension value");
    const id = decodeOid(content(oid));
    if (id === "2.5.29.17") names.subjectAltNames = children(body()).map(generalName);
    if (id === "1.3.6.1.5.5.7.1.1") {
      for (const access of children(body())) {
        const [method, location] = children(access);
        if (method?.tag === TAG.OID && decodeOid(content(method)) === "1.3.6.1.5.5.7.48.2" && location?.tag === 0x86) {
          names.caIssuers.push(latin1Text(content(location)));
        }
      }
    }
  }
  return names;
}

function generalName(tlv: Tlv): SubjectAltName {
  const body = content(tlv);
  switch (tlv.tag) {
    case 0x82:
      return { type: "dns", value: latin1Text(body) };
    case 0x81:
      return { type: "email", value: latin1Text(body) };
    case 0x86:
      return { type: "uri", value: latin1Text(body) };
    case 0x87:
      return { type: "ip", value: ipText(body), bytes: body.slice() };
    default:
      return { type: "other", value: `[${tlv.tag & 0x1f}]` };
  }
}

/** IPv4 dotted, IPv6 as Java's IPAddressName prints it (eight hex groups, no compression). */
function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  if (bytes.length === 16) return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(":");
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** X500Name.findMostSpecificAttribute(commonName): the CN of the last RDN that has one. */
function mostSpecificCn(nameDer: Uint8Array): string | null {
  const name = expectTlv(nameDer, 0, nameDer.length, TAG.SEQUENCE, "name");
  const rdns = children(name);
  for (let i = rdns.length - 1; i >= 0; i--) {
    for (const ava of children(rdns[i]!)) {
      const [type, value] = children(ava);
      if (type?.tag === TAG.OID && value && decodeOid(content(type)) === "2.5.4.3") return decodeDirectoryString(value);
    }
  }
  return null;
}
