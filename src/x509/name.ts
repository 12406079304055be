import { TAG, children, content, decodeOid, encoding, type Tlv } from "../binary/der.js";
import { latin1Text, toHex, utf16beText, utf8Text } from "../binary/encoding.js";

/**
 * X.500 distinguished names as text, the way Java's `X500Principal.getName("RFC2253")` prints them,
 * so that subjects and issuers here match what keytool users see and what Java reports.
 */

/** The attribute keywords RFC 2253 (and so Java's RFC2253 form) knows; others print as OID=#hex. */
const RFC2253_KEYWORDS: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.9": "STREET",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
};

/** String types Java renders as text (others, and every non-keyword attribute, as #hex DER). */
const STRING_TAGS = new Set<number>([
  TAG.PRINTABLE_STRING,
  TAG.T61_STRING,
  TAG.IA5_STRING,
  0x1b, // GeneralString
  TAG.UTF8_STRING,
  TAG.BMP_STRING,
]);

export function decodeDirectoryString(tlv: Tlv): string {
  const body = content(tlv);
  if (tlv.tag === TAG.BMP_STRING) return utf16beText(body);
  if (tlv.tag === TAG.UTF8_STRING) return utf8Text(body);
  // PrintableString, IA5String, T61String: Java reads them byte by byte as ISO-8859-1.
  return latin1Text(body);
}

/**
 * RFC 2253 escaping exactly as Java's AVA.toRFC2253String writes it: `, = + < > # ; " \` escaped
 * wherever they are, NUL as "\00", and every space (or CR) of a leading or trailing run escaped.
 */
function escapeValue(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  let escaped = "";
  for (const c of value) escaped += c === "\u0000" ? "\\00" : ESCAPEES.includes(c) ? "\\" + c : c;
  const chars = [...escaped];
  let lead = 0;
  while (lead < chars.length && (chars[lead] === " " || chars[lead] === "\r")) lead++;
  let trail = chars.length - 1;
  while (trail >= 0 && (chars[trail] === " " || chars[trail] === "\r")) trail--;
  return chars.map((c, i) => (i < lead || i > trail ? "\\" + c : c)).join("");
}

const ESCAPEES = ',=+<>#;"\\';
const NEEDS_ESCAPING = /[,=+<>#;"\\\u0000]|^[ \r]|[ \r]$/;

function attributeToString(ava: Tlv): string {
  const [typeTlv, valueTlv] = children(ava);
  if (!typeTlv || !valueTlv || typeTlv.tag !== TAG.OID) return "?";
  const oid = decodeOid(content(typeTlv));
  const keyword = RFC2253_KEYWORDS[oid];
  if (keyword && STRING_TAGS.has(valueTlv.tag)) return `${keyword}=${escapeValue(decodeDirectoryString(valueTlv))}`;
  return `${keyword ?? oid}=#${toHex(encoding(valueTlv))}`;
}

/** RFC 2253 text of a DER `Name` element (RDNs most-specific first, as Java prints them). */
export function nameToString(name: Tlv): string {
  return children(name)
    .map((rdn) => children(rdn).map(attributeToString).join("+"))
    .reverse()
    .join(",");
}
