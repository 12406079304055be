import type { Certificate } from "../model/certificate.js";
import { ipAddress } from "../x509/general-names.js";
import { certificateNames } from "./certificate-names.js";
import { decodePunycode } from "./punycode.js";

/**
 * Java's HTTPS endpoint identification (sun.security.util.HostnameChecker, TYPE_TLS), as
 * X509TrustManagerImpl runs it after PKIX validation when the endpoint identification algorithm
 * is "HTTPS" (HttpsURLConnection, the JDK HttpClient, most Java TLS clients). Learned from
 * Java 17 and Temurin 25 over real handshakes (test/e2e/hostname-java.test.ts):
 *
 * - an IP literal (127.0.0.1, 127.1, ::1, [::1]) matches only iPAddress SANs, never dNSName or the
 *   CN: without any SAN Java says "No subject alternative names present";
 * - a DNS name is matched against the dNSName SANs; only when there is none (no SAN, or only IP or
 *   e-mail SANs) Java falls back to the most specific subject CN ("No name matching X found");
 * - names compare case-insensitively after IDN normalisation (xn--bcher-kva = bücher); one
 *   trailing dot of the host name is ignored, a SAN with a trailing dot or "_" never matches;
 * - "*" and "*." never match; a wildcard stands for part of one label ("f*.example.com" matches
 *   "foo.example.com" and "f.example.com", never "a.b.example.com"). Java 17 also accepts it in an
 *   inner label ("www.*.example.com"); Temurin 25 only in the leftmost one (`wildcards`).
 *
 * Not modelled: Java refuses a wildcard directly above a public suffix ("*.co.uk") only for chains
 * that end at a CA of its own cacerts, which needs the public-suffix list; here such a wildcard matches.
 */

/** Where a wildcard may stand: Temurin 25 (default) allows only the leftmost label, Java 17 any label. */
export type WildcardRule = "leftmost-label" | "any-label";

export interface HostnameCheck {
  /** Whether Java's HTTPS endpoint identification accepts the certificate for the host. */
  matched: boolean;
  /** The CertificateException message Java reports (empty when matched). */
  javaMessage: string;
  /** What matched, or why nothing did, in plain words. */
  reason: string;
}

/** Checks `host` (a DNS name or an IP literal, as given to the client) against the leaf certificate. */
export function checkHostname(leaf: Certificate, host: string, options: { wildcards?: WildcardRule } = {}): HostnameCheck {
  const name = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (name === "") return fail("Hostname or IP address is undefined.", "no host name was given");
  const ip = ipLiteral(name);
  return ip ? matchIp(leaf, name, ip) : matchDns(leaf, name.endsWith(".") ? name.slice(0, -1) : name, options.wildcards ?? "leftmost-label");
}

function fail(javaMessage: string, reason: string): HostnameCheck {
  return { matched: false, javaMessage, reason };
}

/** IPAddressUtil.isIPv4LiteralAddress / isIPv6LiteralAddress: the address bytes, or null for a DNS name. */
function ipLiteral(name: string): Uint8Array | null {
  if (name.includes("/") || !/^[0-9a-fA-F:.]+$/.test(name) || !/[.:]/.test(name)) return null;
  try {
    return ipAddress(name);
  } catch {
    return null;
  }
}

function matchIp(leaf: Certificate, name: string, address: Uint8Array): HostnameCheck {
  const sans = certificateNames(leaf).subjectAltNames;
  if (sans === null) {
    return fail("No subject alternative names present", `the certificate has no subjectAltName, and Java matches the IP address ${name} only against IP SANs (never the CN)`);
  }
  for (const san of sans) {
    if (san.type === "ip" && sameAddress(address, san.bytes)) return { matched: true, javaMessage: "", reason: `IP SAN ${san.value} matches ${name}` };
  }
  return fail(`No subject alternative names matching IP address ${name} found`, `no IP SAN of the certificate is ${name} (DNS SANs and the CN do not count for an IP address)`);
}

function sameAddress(a: Uint8Array, b: Uint8Array): boolean {
  // An IPv4-mapped IPv6 SAN is the IPv4 address for InetAddress.equals.
  const mapped = b.length === 16 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const other = mapped ? b.subarray(12) : b;
  return a.length === other.length && a.every((x, i) => x === other[i]);
}

function matchDns(leaf: Certificate, name: string, wildcards: WildcardRule): HostnameCheck {
  if (!validHostName(name)) return fail(`Illegal given domain name: ${name}`, `"${name}" is not a valid DNS host name (letters, digits and hyphens only)`);
  const names = certificateNames(leaf);
  const dnsNames = (names.subjectAltNames ?? []).filter((san) => san.type === "dns").map((san) => san.value);
  for (const template of dnsNames) {
    if (isMatched(name, template, wildcards)) return { matched: true, javaMessage: "", reason: `DNS SAN ${template} matches ${name}` };
  }
  if (dnsNames.length > 0) {
    return fail(`No subject alternative DNS name matching ${name} found.`, `none of the DNS SANs (${dnsNames.join(", ")}) matches ${name}`);
  }
  const cn = names.commonName;
  if (cn !== null) {
    if (cn.normalize("NFKC") !== cn) return fail(`Not a formal name ${cn}`, `the subject CN "${cn}" is not in Unicode NFKC form`);
    if (isMatched(name, cn, wildcards)) return { matched: true, javaMessage: "", reason: `the certificate has no DNS SAN, and Java accepts its CN ${cn} for ${name}` };
  }
  const why = names.subjectAltNames === null ? "the certificate has no subjectAltName" : "the certificate has no DNS SAN";
  return fail(`No name matching ${name} found`, `${why}, and its CN ${cn === null ? "is absent" : `${cn} does not match ${name}`}`);
}

/** HostnameChecker.isMatched for TYPE_TLS. */
function isMatched(name: string, template: string, wildcards: WildcardRule): boolean {
  const host = unicodeForm(name);
  const pattern = unicodeForm(template);
  if (host === null || pattern === null) return false;
  if (hasIllegalWildcard(pattern) || !validHostName(pattern.replaceAll("*", "z"))) return false;
  // StringTokenizer drops empty tokens.
  const hostLabels = host.split(".").filter((label) => label !== "");
  const patternLabels = pattern.split(".").filter((label) => label !== "");
  if (hostLabels.length !== patternLabels.length) return false;
  if (wildcards === "leftmost-label" && patternLabels.slice(1).some((label) => label.includes("*"))) return false;
  return hostLabels.every((label, i) => matchWildcards(label, patternLabels[i]!));
}

function hasIllegalWildcard(template: string): boolean {
  if (template === "*" || template === "*.") return true;
  const last = template.lastIndexOf("*");
  return last !== -1 && !template.slice(last).includes(".");
}

/** HostnameChecker.matchWildCards: the template's fixed parts in order, the first at the start, the last at the end. */
function matchWildcards(name: string, template: string): boolean {
  const parts = template.split("*");
  if (parts.length === 1) return name === template;
  let rest = name;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    const at = rest.indexOf(part);
    if (at === -1 || (i === 0 && at !== 0)) return false;
    rest = rest.slice(at + part.length);
  }
  return rest.endsWith(parts[parts.length - 1]!);
}

/** IDN.toUnicode(IDN.toASCII(x)), lower-cased (Locale.ENGLISH): xn-- labels decoded, others NFKC. */
function unicodeForm(text: string): string | null {
  const labels: string[] = [];
  for (const label of text.split(".")) {
    if (/^xn--/i.test(label)) {
      const decoded = decodePunycode(label.slice(4).toLowerCase());
      if (decoded === null) return null;
      labels.push(decoded);
    } else labels.push(label.normalize("NFKC"));
  }
  return labels.join(".").toLowerCase();
}

/** new SNIHostName(name): IDN.toASCII with STD3 rules, no empty label, no trailing dot. */
function validHostName(name: string): boolean {
  if (name === "" || name.endsWith(".") || name.length > 253) return false;
  return name.split(".").every((label) => {
    if (label === "" || label.startsWith("-") || label.endsWith("-")) return false;
    // Non-ASCII labels become xn-- labels; ASCII ones must be letters, digits and hyphens.
    return /[^\x00-\x7f]/.test(label) ? !/[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/.test(label) : label.length <= 63 && /^[A-Za-z0-9-]+$/.test(label);
  });
}
