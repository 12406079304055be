import { derSequence, encodeOid, encodeTlv } from "../binary/der.js";
import { KeytoolWordError, objectIdentifier, oneOf } from "./keytool-words.js";

/**
 * GeneralName values as keytool's `-ext SAN=…` (and IAN, AIA, SIA, CRL) writes them: `email:`,
 * `uri:`, `dns:`, `ip:` and `oid:`, each checked as Java's RFC822Name, URIName, DNSName,
 * IPAddressName and OIDName check them, and DER-encoded with the implicit context tags of RFC 5280.
 */

const TYPES = ["EMAIL", "URI", "DNS", "IP", "OID"] as const;
const CONTEXT = { EMAIL: 0x81, DNS: 0x82, URI: 0x86, IP: 0x87, OID: 0x88 } as const;

/** The DER GeneralName of a keytool `type:value` item; `allowWildcard` is true for SAN only, as in keytool. */
export function generalName(type: string, value: string, allowWildcard: boolean): Uint8Array {
  const index = oneOf(type, TYPES);
  if (index < 0) throw new KeytoolWordError(`unknown name type "${type}" (use dns, ip, email, uri or oid)`);
  const kind = TYPES[index]!;
  switch (kind) {
    case "EMAIL":
      checkEmail(value);
      return encodeTlv(CONTEXT.EMAIL, ascii(value, "an email address"));
    case "URI":
      if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) throw new KeytoolWordError(`the URI "${value}" has no scheme (write uri:https://host/path)`);
      return encodeTlv(CONTEXT.URI, ascii(value, "a URI"));
    case "DNS":
      checkDnsName(value, allowWildcard);
      return encodeTlv(CONTEXT.DNS, ascii(value, "a DNS name"));
    case "IP":
      return encodeTlv(CONTEXT.IP, ipAddress(value));
    case "OID":
      return encodeTlv(CONTEXT.OID, encodeOid(objectIdentifier(value, "the name")));
  }
}

/** GeneralNames ::= SEQUENCE OF GeneralName. */
export function generalNames(names: readonly Uint8Array[]): Uint8Array {
  return derSequence(...names);
}

function ascii(value: string, what: string): Uint8Array {
  if (/[^\u0000-\u007f]/.test(value)) throw new KeytoolWordError(`${what} must be ASCII (IA5String): "${value}"`);
  return Uint8Array.from(value, (c) => c.charCodeAt(0));
}

/** Java's RFC822Name.parseName. */
function checkEmail(value: string): void {
  if (value.length === 0) throw new KeytoolWordError("an email address may not be empty");
  const domain = value.slice(value.indexOf("@") + 1);
  if (domain.length === 0) throw new KeytoolWordError(`the email address "${value}" may not end with @`);
  if (domain === ".") throw new KeytoolWordError(`the email address "${value}" has "." as its domain`);
}

const ALPHA_DIGITS = /^[A-Za-z0-9]$/;

/** Java's DNSName(String, allowWildcard) checks, in its order (RFC 1123 labels, a leading "*." label for SAN). */
function checkDnsName(name: string, allowWildcard: boolean): void {
  const bad = (why: string) => new KeytoolWordError(`the DNS name "${name}" ${why}`);
  if (name.length === 0) throw new KeytoolWordError("a DNS name may not be empty");
  if (name.includes(" ")) throw bad("contains a space");
  if (name.startsWith(".") || name.endsWith(".")) throw bad("may not begin or end with a dot");
  for (let start = 0, end: number; start < name.length; start = end + 1) {
    end = name.indexOf(".", start);
    if (end < 0) end = name.length;
    if (end - start < 1) throw bad("has an empty label");
    if (!ALPHA_DIGITS.test(name[start]!)) {
      const wildcard = allowWildcard && name.length >= 3 && name.indexOf("*") === 0 && name[start + 1] === "." && ALPHA_DIGITS.test(name[start + 2] ?? "");
      if (!wildcard) throw bad(allowWildcard ? "has a label that does not begin with a letter or digit (only a first label * is allowed)" : "has a label that does not begin with a letter or digit");
    }
    for (let i = start + 1; i < end; i++) {
      if (!ALPHA_DIGITS.test(name[i]!) && name[i] !== "-") throw bad("may hold only letters, digits and hyphens in its labels");
    }
  }
}

/** IPAddressName: 4 or 16 bytes, or 8 or 32 with a "/mask" (IPv4 mask, IPv6 prefix length), as Java reads them. */
export function ipAddress(text: string): Uint8Array {
  const bad = (why = "") => new KeytoolWordError(`"${text}" is not an IP address${why}`);
  if (text.length === 0 || text.endsWith("/")) throw bad();
  const slash = text.indexOf("/");
  const base = slash < 0 ? text : text.slice(0, slash);
  const mask = slash < 0 ? null : text.slice(slash + 1);
  if (text.includes(":")) {
    const address = ipv6(base) ?? fail(bad());
    if (mask === null) return address;
    if (address.length !== 16 || !/^[+-]?[0-9]+$/.test(mask) || Number(mask) < 0 || Number(mask) > 128) throw bad(" (the prefix length must be 0 to 128)");
    const out = new Uint8Array(32);
    out.set(address);
    for (let bit = 0; bit < Number(mask); bit++) out[16 + (bit >> 3)]! |= 0x80 >> (bit & 7);
    return out;
  }
  if (!text.includes(".")) throw bad();
  const address = ipv4(base) ?? fail(bad());
  if (mask === null) return address;
  const maskBytes = ipv4(mask) ?? fail(bad(" (the mask must be an IPv4 address)"));
  return Uint8Array.of(...address, ...maskBytes);
}

function fail(error: Error): never {
  throw error;
}

/** IPv4 in the forms Java's InetAddress accepts as literals: a.b.c.d, a.b.c (c 16 bits), a.b (b 24 bits), decimal. */
function ipv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length < 2 || parts.length > 4 || !parts.every((part) => /^(0|[1-9][0-9]{0,9})$/.test(part))) return null;
  const values = parts.map(Number);
  const lastBits = 8 * (5 - parts.length);
  if (values.slice(0, -1).some((value) => value > 255) || values[values.length - 1]! >= 2 ** lastBits) return null;
  const out = new Uint8Array(4);
  values.slice(0, -1).forEach((value, i) => (out[i] = value));
  let last = values[values.length - 1]!;
  for (let i = 3; i >= parts.length - 1; i--) {
    out[i] = last & 0xff;
    last = Math.floor(last / 256);
  }
  return out;
}

/** IPv6 text (RFC 4291, optionally in brackets, with a dotted IPv4 tail); an IPv4-mapped address is 4 bytes, as Java makes it an Inet4Address. */
function ipv6(text: string): Uint8Array | null {
  const inner = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const halves = inner.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = ipv4(piece);
        if (!v4 || piece.split(".").length !== 4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = Uint8Array.from(all.flatMap((group) => [group >> 8, group & 0xff]));
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}
