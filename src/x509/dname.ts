import { TAG, derOid, derSequence, derSet, encodeOid, encodeTlv, readTlv } from "../binary/der.js";
import { KeystoreError } from "../model/errors.js";

/**
 * keytool's `-dname` syntax: the text Java's `new X500Name(String)` (and so `new X500Principal(String)`)
 * accepts, turned into the DER Name Java would write, byte for byte. That is RFC 1779/2253 text with
 * Java's own rules, measured against Java 17 and 25 (test/x509/dname-java.test.ts asks both):
 *
 * - RDNs are separated by "," or ";" and written most-specific first ("CN=…, OU=…, C=…"); the DER
 *   holds them in the reverse order. "+" joins attributes of one RDN (a DER SET, sorted).
 * - Keywords are case-insensitive: CN C L S ST O OU T IP STREET DC DNQ DNQUALIFIER SURNAME GIVENNAME
 *   INITIALS GENERATION EMAIL EMAILADDRESS UID SERIALNUMBER, or a dotted OID (optionally "OID.").
 * - A value is "#" + hex DER, a "quoted string", or plain text with backslash escapes of
 *   `, = + < > # ; \ "`, space and newline, or of two hex digits (a UTF-8 byte). Unescaped spaces
 *   around a value are dropped.
 * - A value is written as PrintableString when every character allows it, else UTF8String; EMAIL
 *   and DC as IA5String. An escaped hex byte always makes it UTF8String.
 */

const KEYWORDS: Readonly<Record<string, string>> = {
  CN: "2.5.4.3",
  C: "2.5.4.6",
  L: "2.5.4.7",
  S: "2.5.4.8",
  ST: "2.5.4.8",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  T: "2.5.4.12",
  IP: "1.3.6.1.4.1.42.2.11.2.1",
  STREET: "2.5.4.9",
  DC: "0.9.2342.19200300.100.1.25",
  DNQUALIFIER: "2.5.4.46",
  DNQ: "2.5.4.46",
  SURNAME: "2.5.4.4",
  GIVENNAME: "2.5.4.42",
  INITIALS: "2.5.4.43",
  GENERATION: "2.5.4.44",
  EMAIL: "1.2.840.113549.1.9.1",
  EMAILADDRESS: "1.2.840.113549.1.9.1",
  UID: "0.9.2342.19200300.100.1.1",
  SERIALNUMBER: "2.5.4.5",
};

const IA5_ATTRIBUTES = new Set(["1.2.840.113549.1.9.1", "0.9.2342.19200300.100.1.25"]);

/** Characters a backslash may escape outside quotes, and inside them (Java's specialCharsDefault / specialChars1779). */
const ESCAPABLE = ",=\n+<>#;\\\" ";
const ESCAPABLE_QUOTED = ",=\n+<>#;\\\"";
/** Characters that must not appear unescaped in an unquoted value. */
const MUST_ESCAPE = ",+<>;\"\\";
const HEX = "0123456789ABCDEFabcdef";

/** PrintableString's alphabet (X.680), as Java's DerValue.isPrintableStringChar checks it. */
export function isPrintableChar(c: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]$/.test(c);
}

class DnameError extends Error {}

/**
 * The DER `Name` of a keytool `-dname` text; INVALID_ARGUMENT naming the bad part when Java would
 * refuse it too.
 */
export function parseDname(text: string): Uint8Array {
  try {
    return derSequence(...splitRdns(text).map((rdn) => derSet(...splitAvas(rdn).map(parseAva))));
  } catch (error) {
    if (error instanceof DnameError) {
      throw new KeystoreError("INVALID_ARGUMENT", `Invalid -dname "${text}": ${error.message} (write it as "CN=name, OU=unit, O=organisation, L=city, ST=state, C=US")`);
    }
    throw error;
  }
}

/** Java's X500Name.countQuotes: double quotes in [from, to), not counting escaped ones. */
function countQuotes(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text[i] === '"' && (i === from || text[i - 1] !== "\\")) count++;
  return count;
}

/** Java's X500Name.escaped, quirks included (it counts every backslash back to `searchOffset`). */
function escapedAt(end: number, searchOffset: number, text: string): boolean {
  if (end === 1 && text[0] === "\\") return true;
  if (end > 1 && text[end - 1] === "\\" && text[end - 2] !== "\\") return true;
  if (end > 1 && text[end - 1] === "\\" && text[end - 2] === "\\") {
    let count = 0;
    for (let i = end - 1; i >= searchOffset; i--) if (text[i] === "\\") count++;
    return count % 2 !== 0;
  }
  return false;
}

/** The RDN texts, most significant (DER order) first. */
function splitRdns(text: string): string[] {
  if (text.length === 0) return [];
  const rdns: string[] = [];
  let rdnStart = 0;
  let searchOffset = 0;
  let quotes = 0;
  const nextBreak = (from: number) => {
    const comma = text.indexOf(",", from);
    const semicolon = text.indexOf(";", from);
    return comma < 0 ? semicolon : semicolon < 0 ? comma : Math.min(comma, semicolon);
  };
  for (let end = nextBreak(0); end >= 0; end = nextBreak(searchOffset)) {
    quotes += countQuotes(text, searchOffset, end);
    if (quotes !== 1 && !escapedAt(end, searchOffset, text)) {
      rdns.push(text.slice(rdnStart, end));
      rdnStart = end + 1;
      quotes = 0;
    }
    searchOffset = end + 1;
  }
  rdns.push(text.slice(rdnStart));
  return rdns.reverse();
}

/** The attribute texts of one RDN (Java's RDN(String): a "+" after a backslash or inside quotes does not split). */
function splitAvas(rdn: string): string[] {
  const avas: string[] = [];
  let avaStart = 0;
  let searchOffset = 0;
  let quotes = 0;
  for (let plus = rdn.indexOf("+"); plus >= 0; plus = rdn.indexOf("+", searchOffset)) {
    quotes += countQuotes(rdn, searchOffset, plus);
    if (plus > 0 && rdn[plus - 1] !== "\\" && quotes !== 1) {
      avas.push(rdn.slice(avaStart, plus));
      avaStart = plus + 1;
      quotes = 0;
    }
    searchOffset = plus + 1;
  }
  avas.push(rdn.slice(avaStart));
  for (const ava of avas) if (ava.length === 0) throw new DnameError(`empty attribute in "${rdn}"`);
  return avas;
}

/** Java's String.trim(): drops characters up to U+0020 at both ends. */
const javaTrim = (text: string) => text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");

function attributeOid(keyword: string): string {
  let name = javaTrim(keyword.toUpperCase());
  if (Object.hasOwn(KEYWORDS, name)) return KEYWORDS[name]!;
  if (name.startsWith("OID.")) name = name.slice(4);
  if (!/^[0-9]/.test(name)) throw new DnameError(`unknown attribute "${javaTrim(keyword)}" (use CN, OU, O, L, ST, C, STREET, DC, UID, EMAIL, … or a dotted OID)`);
  const arcs = name.split(".");
  const valid =
    arcs.length >= 2 &&
    arcs.every((arc) => /^[0-9]+$/.test(arc)) &&
    Number(arcs[0]) <= 2 &&
    (Number(arcs[0]) === 2 || Number(arcs[1]) < 40);
  if (!valid) throw new DnameError(`"${javaTrim(keyword)}" is not an attribute OID`);
  try {
    encodeOid(arcs.map((arc) => String(Number(arc))).join("."));
  } catch {
    throw new DnameError(`"${javaTrim(keyword)}" is not an attribute OID`);
  }
  return arcs.map((arc) => String(Number(arc))).join(".");
}

/** One "keyword=value" as the DER AttributeTypeAndValue. */
function parseAva(ava: string): Uint8Array {
  const equals = ava.indexOf("=");
  if (equals < 0) throw new DnameError(`"${ava}" has no "=" between the attribute and its value`);
  const oid = attributeOid(ava.slice(0, equals));
  let i = equals + 1;
  while (ava[i] === " " || ava[i] === "\n") i++;
  let value: Uint8Array;
  if (i >= ava.length) value = encodeTlv(TAG.PRINTABLE_STRING, new Uint8Array(0));
  else if (ava[i] === "#") value = hexValue(ava, i + 1);
  else if (ava[i] === '"') value = quotedValue(ava, i + 1, oid);
  else value = plainValue(ava, i, oid);
  return derSequence(derOid(oid), value);
}

/** "#hex": the hex digits are the DER of the value, taken as given. */
function hexValue(ava: string, start: number): Uint8Array {
  const digits = ava.slice(start);
  if (digits.length === 0) throw new DnameError(`"${ava}" has no hex digits after "#"`);
  const bad = [...digits].find((c) => !HEX.includes(c));
  if (bad !== undefined) throw new DnameError(`"${ava}" has "${bad}" where a hex digit belongs`);
  if (digits.length % 2 !== 0) throw new DnameError(`"${ava}" has an odd number of hex digits`);
  const bytes = Uint8Array.from({ length: digits.length / 2 }, (_, k) => parseInt(digits.slice(2 * k, 2 * k + 2), 16));
  try {
    const tlv = readTlv(bytes, 0);
    if (tlv.end === bytes.length) return bytes;
  } catch {
    // reported below
  }
  throw new DnameError(`"${ava}": the hex after "#" is not one DER value`);
}

/** Collects the UTF-8 bytes of consecutive "\xx" escapes into text (invalid UTF-8 becomes U+FFFD, as in Java). */
class HexRun {
  private bytes: number[] = [];
  add(byte: number): void {
    this.bytes.push(byte);
  }
  flush(): string {
    if (this.bytes.length === 0) return "";
    const text = new TextDecoder().decode(Uint8Array.from(this.bytes));
    this.bytes = [];
    return text;
  }
  get pending(): boolean {
    return this.bytes.length > 0;
  }
}

/** A backslash escape at `ava[at]` (the character after the backslash): a hex byte, or null for a single character. */
function escapedHexByte(ava: string, at: number): number | null {
  const isHex = (c: string | undefined) => c !== undefined && HEX.includes(c);
  if (!isHex(ava[at])) return null;
  if (!isHex(ava[at + 1])) throw new DnameError(`"${ava}": an escaped hex value needs two hex digits`);
  return parseInt(ava.slice(at, at + 2), 16);
}

function stringValue(oid: string, text: string, printable: boolean): Uint8Array {
  if (IA5_ATTRIBUTES.has(oid)) return encodeTlv(TAG.IA5_STRING, asciiBytes(text));
  if (printable) return encodeTlv(TAG.PRINTABLE_STRING, asciiBytes(text));
  return encodeTlv(TAG.UTF8_STRING, new TextEncoder().encode(text));
}

/** Java encodes IA5String and PrintableString as US-ASCII, writing "?" for anything else. */
function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f));
}

function quotedValue(ava: string, start: number, oid: string): Uint8Array {
  let text = "";
  let printable = true;
  const hex = new HexRun();
  let i = start;
  for (;;) {
    if (i >= ava.length) throw new DnameError(`"${ava}": the quoted value does not end in a quote`);
    let c = ava[i]!;
    if (c === '"') break;
    if (c === "\\") {
      i++;
      if (i >= ava.length) throw new DnameError(`"${ava}": the quoted value does not end in a quote`);
      const byte = escapedHexByte(ava, i);
      if (byte !== null) {
        printable = false;
        hex.add(byte);
        i += 2;
        continue;
      }
      c = ava[i]!;
      if (!ESCAPABLE_QUOTED.includes(c)) throw new DnameError(`"${ava}": "\\${c}" is not an escape (escape only , = + < > # ; \\ " and newline inside quotes)`);
    }
    text += hex.flush();
    printable &&= isPrintableChar(c);
    text += c;
    i++;
  }
  text += hex.flush();
  const rest = ava.slice(i + 1);
  if (!/^[ \n]*$/.test(rest)) throw new DnameError(`"${ava}" has characters after the closing quote`);
  // Java trims a quoted value as String.trim() does (spaces and control characters at both ends).
  return stringValue(oid, javaTrim(text), printable);
}

function plainValue(ava: string, start: number, oid: string): Uint8Array {
  let text = "";
  let printable = true;
  let spaces = 0;
  const hex = new HexRun();
  for (let i = start; i < ava.length; i++) {
    let c = ava[i]!;
    let escaped = false;
    if (c === "\\") {
      escaped = true;
      i++;
      if (i >= ava.length) throw new DnameError(`"${ava}" ends with a lone backslash`);
      const byte = escapedHexByte(ava, i);
      if (byte !== null) {
        printable = false;
        hex.add(byte);
        i++;
        continue;
      }
      c = ava[i]!;
      if (!ESCAPABLE.includes(c)) throw new DnameError(`"${ava}": "\\${c}" is not an escape (escape only , = + < > # ; \\ " and spaces)`);
    } else if (MUST_ESCAPE.includes(c)) {
      throw new DnameError(`"${ava}" has an unescaped "${c}" (write it as \\${c}, or quote the value)`);
    }
    if (hex.pending) {
      text += " ".repeat(spaces) + hex.flush();
      spaces = 0;
    }
    printable &&= isPrintableChar(c);
    if (c === " " && !escaped) {
      spaces++; // kept only when more of the value follows: trailing spaces are dropped
    } else {
      text += " ".repeat(spaces) + c;
      spaces = 0;
    }
  }
  // Java drops unescaped spaces before a trailing hex escape ("a \\41" is "aA"), but keeps them before one inside.
  text += hex.flush();
  return stringValue(oid, text, printable);
}
