import { TAG, content, derOid, derSequence, encodeTlv, readTlv } from "../binary/der.js";
import { digestParts } from "../crypto/digest.js";
import { KeystoreError } from "../model/errors.js";
import { generalName, generalNames } from "./general-names.js";
import { publicKeyInfo } from "./key-info.js";
import { KeytoolWordError, javaSplit, objectIdentifier, oneOf } from "./keytool-words.js";

/**
 * keytool's `-ext` option, as its createV3Extensions applies it (measured with keytool 17 and 25):
 *
 * - `name[:critical][=value]`, the name as keytool's oneOf matches it ("BC", "bc", "BasicConstraints",
 *   "basic"), or a dotted OID whose value is hex (other characters skipped, as keytool does);
 * - nothing is critical unless marked `:critical` (or `:c`): keytool does not make BC critical itself;
 * - a later `-ext` of the same extension replaces an earlier one;
 * - `honored=all,-EKU,SAN:critical` copies a CSR's requested extensions (gencert only); keytool
 *   copies none without it; explicit `-ext`s then win over the honored ones;
 * - SubjectKeyIdentifier (SHA-1 of the key bits, 20 bytes) is always added, and
 *   AuthorityKeyIdentifier when the issuer's key is not the subject's: they are not `-ext` names
 *   (keytool refuses "SKI" and "AKI" as unknown OIDs);
 * - the extensions are written sorted by their OID's text, as keytool's TreeMap orders them.
 */

/** One certificate extension. */
export interface X509Extension {
  /** Dotted OID. */
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING's content: the DER of the extension's own value. */
  readonly value: Uint8Array;
}

export const OID = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  issuerAltName: "2.5.29.18",
  basicConstraints: "2.5.29.19",
  crlDistributionPoints: "2.5.29.31",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  subjectInfoAccess: "1.3.6.1.5.5.7.1.11",
} as const;

/** keytool's extSupported, in its order (null marks where its experimental names begin). */
const NAMES = ["BasicConstraints", "KeyUsage", "ExtendedKeyUsage", "SubjectAlternativeName", "IssuerAlternativeName", "SubjectInfoAccess", "AuthorityInfoAccess", null, "CRLDistributionPoints"];
const NAME_OIDS = [OID.basicConstraints, OID.keyUsage, OID.extKeyUsage, OID.subjectAltName, OID.issuerAltName, OID.subjectInfoAccess, OID.authorityInfoAccess, "", OID.crlDistributionPoints];

const KEY_USAGES = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly", "contentCommitment"];
const EXTENDED_KEY_USAGES = ["anyExtendedKeyUsage", "serverAuth", "clientAuth", "codeSigning", "emailProtection", "", "", "", "timeStamping", "OCSPSigning"];
const ACCESS_METHODS = ["", "ocsp", "caIssuers", "timeStamping", "", "caRepository"];

const invalid = (option: string, why: string) => new KeystoreError("INVALID_ARGUMENT", `Invalid -ext "${option}": ${why}`);

/** The extension one `-ext` text asks for; null for `honored=…` (which only gencert reads). INVALID_ARGUMENT naming the bad part otherwise. */
export function parseExtOption(option: string): X509Extension | null {
  try {
    return parseOrThrow(option);
  } catch (error) {
    if (error instanceof KeytoolWordError) throw invalid(option, error.message);
    throw error;
  }
}

function parseOrThrow(option: string): X509Extension | null {
  const equals = option.indexOf("=");
  let name = equals >= 0 ? option.slice(0, equals) : option;
  const value = equals >= 0 ? option.slice(equals + 1) : null;
  let critical = false;
  const colon = name.indexOf(":");
  if (colon >= 0) {
    // keytool: anything after the colon that is not a prefix of "critical" is ignored.
    critical = oneOf(name.slice(colon + 1), ["critical"]) === 0;
    name = name.slice(0, colon);
  }
  if (name.toLowerCase() === "honored") return null;
  const index = oneOf(name, NAMES);
  const needValue = (): string => {
    if (value === null || value.length === 0) throw new KeytoolWordError(`${NAMES[index]} needs a value (${name}=…)`);
    return value;
  };
  const extension = (oid: string, body: Uint8Array): X509Extension => ({ oid, critical, value: body });
  switch (index) {
    case 0:
      return extension(OID.basicConstraints, basicConstraints(value));
    case 1:
      return extension(OID.keyUsage, keyUsage(needValue()));
    case 2:
      return extension(OID.extKeyUsage, extendedKeyUsage(needValue()));
    case 3:
    case 4:
      return extension(NAME_OIDS[index]!, generalNameList(needValue(), index === 3));
    case 5:
    case 6:
      if (critical) throw new KeytoolWordError(`${NAMES[index]} cannot be marked as critical`);
      return extension(NAME_OIDS[index]!, accessDescriptions(needValue()));
    case 8:
      // One DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }, as keytool writes it.
      return extension(OID.crlDistributionPoints, derSequence(derSequence(encodeTlv(0xa0, retag(generalNameList(needValue(), false), 0xa0)))));
    default: {
      if (name === "SKI" || name === "AKI" || /^(subject|authority)KeyIdentifier$/i.test(name)) {
        throw new KeytoolWordError(`keytool adds SubjectKeyIdentifier and AuthorityKeyIdentifier itself; "${name}" is not an -ext name`);
      }
      const oid = objectIdentifier(name, "the extension name (use BC, KU, EKU, SAN, IAN, AIA, SIA, CRL or an OID)");
      return extension(oid, hexValue(value ?? "", option));
    }
  }
}

/** The same content under another tag (an IMPLICIT tagging of an encoded element). */
function retag(der: Uint8Array, tag: number): Uint8Array {
  return encodeTlv(tag, content(readTlv(der, 0)));
}

function basicConstraints(value: string | null): Uint8Array {
  let ca = false;
  let pathLen = -1;
  if (value === null) ca = true;
  else if (/^[+-]?[0-9]+$/.test(value)) {
    ca = true;
    pathLen = javaInt(value);
  } else {
    for (const part of javaSplit(value, ",")) {
      const pair = javaSplit(part, ":");
      if (pair.length !== 2) throw new KeytoolWordError(`"${part}" is not ca:true|false or pathlen:N`);
      const [key, setting] = pair as [string, string];
      if (key.toLowerCase() === "ca") ca = setting.toLowerCase() === "true";
      else if (key.toLowerCase() === "pathlen") pathLen = javaInt(setting);
      else throw new KeytoolWordError(`"${part}" is not ca:true|false or pathlen:N`);
    }
  }
  // Java writes the pathLenConstraint only for a CA, and cA only when true (DER leaves out the default).
  const fields: Uint8Array[] = [];
  if (ca) {
    fields.push(Uint8Array.of(TAG.BOOLEAN, 1, 0xff));
    if (pathLen >= 0) fields.push(integer(pathLen));
  }
  return derSequence(...fields);
}

function javaInt(text: string): number {
  const value = Number(text);
  if (!/^[+-]?[0-9]+$/.test(text) || value > 2147483647 || value < -2147483648) throw new KeytoolWordError(`"${text}" is not a number`);
  return value;
}

function integer(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest & 0xff);
    if (rest < 256) break;
  }
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return encodeTlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** KeyUsage: a named-bit BIT STRING, trailing zero bits dropped as DER requires. */
function keyUsage(value: string): Uint8Array {
  const bits = new Array<boolean>(9).fill(false);
  for (const word of javaSplit(value, ",")) {
    let bit = oneOf(word, KEY_USAGES);
    if (bit < 0) throw new KeytoolWordError(`unknown keyUsage type "${word}" (use ${KEY_USAGES.join(", ")})`);
    if (bit === 9) bit = 1; // contentCommitment is nonRepudiation's newer name
    bits[bit] = true;
  }
  const used = bits.lastIndexOf(true) + 1;
  const bytes = new Uint8Array(Math.ceil(used / 8));
  bits.forEach((set, i) => {
    if (set) bytes[i >> 3]! |= 0x80 >> (i & 7);
  });
  return encodeTlv(TAG.BIT_STRING, Uint8Array.of((8 - (used % 8)) % 8, ...bytes));
}

function extendedKeyUsage(value: string): Uint8Array {
  const oids = javaSplit(value, ",").map((word) => {
    const index = oneOf(word, EXTENDED_KEY_USAGES);
    if (index === 0) return "2.5.29.37.0";
    if (index > 0) return `1.3.6.1.5.5.7.3.${index}`;
    try {
      return objectIdentifier(word, "");
    } catch {
      throw new KeytoolWordError(`unknown extendedKeyUsage type "${word}" (use serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, anyExtendedKeyUsage or an OID)`);
    }
  });
  return derSequence(...oids.map((oid) => derOid(oid)));
}

function generalNameList(value: string, allowWildcard: boolean): Uint8Array {
  return generalNames(
    javaSplit(value, ",").map((item) => {
      const colon = item.indexOf(":");
      if (colon < 0) throw new KeytoolWordError(`"${item}" is not type:value (for example dns:host.example or ip:127.0.0.1)`);
      return generalName(item.slice(0, colon), item.slice(colon + 1), allowWildcard);
    }),
  );
}

/** AIA/SIA: `method:type:location` items, e.g. `ocsp:uri:http://ocsp.example` or `caIssuers:uri:…`. */
function accessDescriptions(value: string): Uint8Array {
  return derSequence(
    ...javaSplit(value, ",").map((item) => {
      const first = item.indexOf(":");
      const second = item.indexOf(":", first + 1);
      if (first < 0 || second < 0) throw new KeytoolWordError(`"${item}" is not method:type:location (for example ocsp:uri:http://ocsp.example)`);
      const method = item.slice(0, first);
      const index = oneOf(method, ACCESS_METHODS);
      let oid: string;
      if (index >= 0) oid = `1.3.6.1.5.5.7.48.${index}`;
      else {
        try {
          oid = objectIdentifier(method, "");
        } catch {
          throw new KeytoolWordError(`unknown access method "${method}" (use ocsp, caIssuers, timeStamping, caRepository or an OID)`);
        }
      }
      return derSequence(derOid(oid), generalName(item.slice(first + 1, second), item.slice(second + 1), false));
    }),
  );
}

/** keytool's hex for an OID-named extension: non-hex characters are skipped ("01:02" is 0102); an odd count is an error. */
function hexValue(text: string, option: string): Uint8Array {
  const digits = text.replace(/[^0-9A-Fa-f]/g, "");
  if (digits.length % 2 !== 0) throw new KeytoolWordError(`odd number of hex digits in "${option}"`);
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16));
}

/** keytool's key identifier: SHA-1 of the subjectPublicKey BIT STRING's bytes, all 20 (RFC 5280 4.2.1.2 method 1). */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  return digestParts("sha1", [publicKeyInfo(spki).keyBits]);
}

export interface ExtensionContext {
  /** SubjectPublicKeyInfo of the key being certified (its SubjectKeyIdentifier is always added). */
  subjectPublicKey: Uint8Array;
  /** The issuer's key identifier (its SubjectKeyIdentifier, else {@link keyIdentifier} of its key); none for a self-signed certificate. */
  authorityKeyIdentifier?: Uint8Array;
  /** A CSR's requested extensions, which `honored=` copies (gencert). */
  requested?: readonly X509Extension[];
}

/** The extensions keytool writes for these `-ext` options, in keytool's order. */
export function keytoolExtensions(options: readonly string[], context: ExtensionContext): X509Extension[] {
  const chosen = new Map<string, X509Extension>();
  if (context.requested) applyHonored(options, context.requested, chosen);
  for (const option of options) {
    const extension = parseExtOption(option);
    if (extension) chosen.set(extension.oid, extension);
  }
  const identifier = encodeTlv(TAG.OCTET_STRING, keyIdentifier(context.subjectPublicKey));
  chosen.set(OID.subjectKeyIdentifier, { oid: OID.subjectKeyIdentifier, critical: false, value: identifier });
  if (context.authorityKeyIdentifier) {
    const value = derSequence(encodeTlv(0x80, context.authorityKeyIdentifier));
    chosen.set(OID.authorityKeyIdentifier, { oid: OID.authorityKeyIdentifier, critical: false, value });
  }
  // Java's String order of the OID texts (so "2.5.29.9" comes after "2.5.29.37"), as keytool's TreeMap.
  return [...chosen.values()].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
}

/** The first `honored=` option, applied as keytool does: "all" first, then each named one added (maybe re-marked) or removed. */
function applyHonored(options: readonly string[], requested: readonly X509Extension[], chosen: Map<string, X509Extension>): void {
  const option = options.find((text) => text.toLowerCase().startsWith("honored="));
  if (option === undefined) return;
  try {
    const items = javaSplit(option.slice("honored=".length).toLowerCase(), ",");
    if (items.includes("all")) for (const extension of requested) chosen.set(extension.oid, extension);
    for (const item of items) {
      if (item === "all") continue;
      if (item.startsWith("-")) {
        chosen.delete(extensionOid(item.slice(1)));
        continue;
      }
      const colon = item.indexOf(":");
      const type = colon >= 0 ? item.slice(0, colon) : item;
      let critical: boolean | undefined;
      if (colon >= 0) {
        const action = oneOf(item.slice(colon + 1), ["critical", "non-critical"]);
        if (action < 0) throw new KeytoolWordError(`"${item}": after the colon write critical or non-critical`);
        critical = action === 0;
      }
      const oid = extensionOid(type);
      const found = requested.find((extension) => extension.oid === oid);
      if (found) chosen.set(oid, critical === undefined ? found : { ...found, critical });
    }
  } catch (error) {
    if (error instanceof KeytoolWordError) throw invalid(option, error.message);
    throw error;
  }
}

function extensionOid(type: string): string {
  const index = oneOf(type, NAMES);
  return index >= 0 ? NAME_OIDS[index]! : objectIdentifier(type, "the extension name");
}

/** DER Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
export function encodeExtension(extension: X509Extension): Uint8Array {
  const parts = [derOid(extension.oid)];
  if (extension.critical) parts.push(Uint8Array.of(TAG.BOOLEAN, 1, 0xff));
  parts.push(encodeTlv(TAG.OCTET_STRING, extension.value));
  return derSequence(...parts);
}
