// X.509 extensions, the signature algorithm and the version as a certificate viewer shows them
// (the browser app's details, `printcert`-like output): text lines, never a throw for one bad extension.
import { children, content, decodeOid, readTlv, type Tlv } from "../binary/der.js";
import { toHex } from "../binary/encoding.js";
import type { Certificate } from "../model/certificate.js";
import { certificateNames, formatSubjectAltName } from "../truststore/certificate-names.js";

/** One extension as shown: its OID, its name where known, whether it is critical, and its value as lines. */
export interface ExtensionDetails {
  oid: string;
  name: string;
  critical: boolean;
  values: string[];
}

const oidText = (tlv: Tlv) => decodeOid(content(tlv));
const text = (tlv: Tlv) => new TextDecoder().decode(content(tlv));
const hex = (bytes: Uint8Array) => (toHex(bytes).toUpperCase().match(/../g) ?? []).join(":");

const NAMES: Record<string, string> = {
  "2.5.29.17": "Subject Alternative Name",
  "2.5.29.15": "Key Usage",
  "2.5.29.37": "Extended Key Usage",
  "2.5.29.19": "Basic Constraints",
  "2.5.29.14": "Subject Key Identifier",
  "2.5.29.35": "Authority Key Identifier",
  "1.3.6.1.5.5.7.1.1": "Authority Information Access",
  "2.5.29.31": "CRL Distribution Points",
  "2.5.29.32": "Certificate Policies",
  "2.5.29.30": "Name Constraints",
  "1.3.6.1.4.1.11129.2.4.2": "Signed Certificate Timestamps",
};

const KEY_USAGES = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];

const EKU: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};

const POLICIES: Record<string, string> = {
  "2.5.29.32.0": "anyPolicy",
  "2.23.140.1.2.1": "CA/B domain validated",
  "2.23.140.1.2.2": "CA/B organization validated",
  "2.23.140.1.2.3": "CA/B individual validated",
  "2.23.140.1.1": "CA/B extended validation",
};

const SIGNATURES: Record<string, string> = {
  "1.2.840.113549.1.1.5": "SHA1withRSA",
  "1.2.840.113549.1.1.11": "SHA256withRSA",
  "1.2.840.113549.1.1.12": "SHA384withRSA",
  "1.2.840.113549.1.1.13": "SHA512withRSA",
  "1.2.840.113549.1.1.10": "RSASSA-PSS",
  "1.2.840.10045.4.1": "SHA1withECDSA",
  "1.2.840.10045.4.3.2": "SHA256withECDSA",
  "1.2.840.10045.4.3.3": "SHA384withECDSA",
  "1.2.840.10045.4.3.4": "SHA512withECDSA",
  "1.2.840.10040.4.3": "SHA1withDSA",
  "2.16.840.1.101.3.4.3.2": "SHA256withDSA",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
};

/** The certificate's signature algorithm, by Java's name where known. */
export function signatureAlgorithmName(certificate: Certificate): string {
  const outer = children(readTlv(certificate.der, 0))[1];
  const oid = outer ? children(outer)[0] : undefined;
  if (!oid) return "unknown";
  const dotted = oidText(oid);
  return SIGNATURES[dotted] ?? dotted;
}

/** The X.509 version (1, 2 or 3). */
export function certificateVersion(certificate: Certificate): number {
  const tbs = children(readTlv(certificate.der, 0))[0];
  const first = tbs ? children(tbs)[0] : undefined;
  return first?.tag === 0xa0 ? (content(children(first)[0]!)[0] ?? 0) + 1 : 1;
}

function generalName(name: Tlv): string {
  switch (name.tag) {
    case 0x81: return `email:${text(name)}`;
    case 0x82: return `DNS:${text(name)}`;
    case 0x86: return `URI:${text(name)}`;
    case 0x87: return `IP:${content(name).length === 4 ? Array.from(content(name)).join(".") : hex(content(name))}`;
    case 0xa4: return "directoryName";
    default: return `[${name.tag & 0x1f}]`;
  }
}

function decode(oid: string, value: Uint8Array, certificate: Certificate): string[] {
  const top = readTlv(value, 0);
  switch (oid) {
    case "2.5.29.17": {
      return (certificateNames(certificate).subjectAltNames ?? []).map(formatSubjectAltName);
    }
    case "2.5.29.15": {
      const bits = content(top);
      const unused = bits[0] ?? 0;
      const names: string[] = [];
      for (let i = 0; i < (bits.length - 1) * 8 - unused; i++) {
        if ((bits[1 + (i >> 3)]! >> (7 - (i & 7))) & 1) names.push(KEY_USAGES[i] ?? `bit ${i}`);
      }
      return names;
    }
    case "2.5.29.37":
      return children(top).map((oidTlv) => EKU[oidText(oidTlv)] ?? oidText(oidTlv));
    case "2.5.29.19": {
      const parts = children(top);
      const ca = parts[0]?.tag === 0x01 && content(parts[0])[0] !== 0;
      const pathLen = parts.find((part) => part.tag === 0x02);
      const limit = pathLen ? `, path length ≤ ${content(pathLen).reduce((n, b) => n * 256 + b, 0)}` : "";
      return [ca ? `CA: yes${limit}` : "CA: no (end entity)"];
    }
    case "2.5.29.14":
      return [hex(content(top))];
    case "2.5.29.35":
      return children(top).map((part) => (part.tag === 0x80 ? `key id ${hex(content(part))}` : part.tag === 0x82 ? `serial ${hex(content(part))}` : "issuer name"));
    case "1.3.6.1.5.5.7.1.1":
      return children(top).map((description) => {
        const [method, location] = children(description);
        const kind = method ? oidText(method) : "";
        const label = kind === "1.3.6.1.5.5.7.48.2" ? "CA Issuers" : kind === "1.3.6.1.5.5.7.48.1" ? "OCSP" : kind;
        return `${label}: ${location ? generalName(location) : ""}`;
      });
    case "2.5.29.31":
      return children(top).flatMap((point) => {
        const name = children(point).find((part) => part.tag === 0xa0);
        const full = name ? children(name).find((part) => part.tag === 0xa0) : undefined;
        return full ? children(full).map(generalName) : ["(distribution point without a full name)"];
      });
    case "2.5.29.32":
      return children(top).map((information) => {
        const [policy, qualifiers] = children(information);
        const dotted = policy ? oidText(policy) : "";
        const cps = qualifiers
          ? children(qualifiers).flatMap((qualifier) => {
              const [id, body] = children(qualifier);
              return id && oidText(id) === "1.3.6.1.5.5.7.2.1" && body ? [`CPS ${text(body)}`] : [];
            })
          : [];
        return [POLICIES[dotted] ? `${dotted} (${POLICIES[dotted]})` : dotted, ...cps].join(", ");
      });
    default:
      return [`${value.length} bytes`];
  }
}

/**
 * The certificate's extensions in file order, each with its name, criticality and value as text
 * lines (SAN, KU, EKU, BC, SKI/AKI, AIA, CRL DP, policies decoded; others by size). An extension
 * whose value does not decode says so in its value instead of throwing: a viewer shows the rest.
 */
export function describeExtensions(certificate: Certificate): ExtensionDetails[] {
  const tbs = children(readTlv(certificate.der, 0))[0];
  const wrapper = tbs ? children(tbs).find((part) => part.tag === 0xa3) : undefined;
  const list = wrapper ? children(wrapper)[0] : undefined;
  if (!list) return [];
  return children(list).map((extension) => {
    const parts = children(extension);
    const oid = oidText(parts[0]!);
    const critical = parts.length === 3 && parts[1]!.tag === 0x01 && content(parts[1]!)[0] !== 0;
    const value = content(parts[parts.length - 1]!);
    let values: string[];
    try {
      values = decode(oid, value, certificate);
    } catch (error) {
      values = [`could not decode: ${error instanceof Error ? error.message : String(error)}`];
    }
    return { oid, name: NAMES[oid] ?? oid, critical, values };
  });
}
