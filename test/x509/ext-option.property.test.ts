import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { children, content, decodeOid, readTlv, type Tlv } from "../../src/binary/der.js";
import { toHex } from "../../src/binary/encoding.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { encodeExtension, keytoolExtensions, parseExtOption } from "../../src/x509/ext-option.js";
import { parseStartDate } from "../../src/x509/validity.js";

/**
 * The -ext parser: what it builds is well-formed DER that reads back as what was asked for, and
 * anything else is an INVALID_ARGUMENT that names the option; never another error.
 */

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const dns = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((parts) => parts.join("."));
const ipv6 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).filter((g) => !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)).map((groups) => groups.map((g) => g.toString(16)).join(":"));
const email = fc.tuple(fc.stringMatching(/^[a-z0-9.+_-]{1,10}$/), dns).map(([local, domain]) => `${local}@${domain}`);
const uri = fc.tuple(fc.constantFrom("http", "https", "ldap", "urn"), dns).map(([scheme, host]) => `${scheme}://${host}/`);
const sanItem = fc.oneof(
  dns.map((v) => ({ type: "dns", v })),
  ipv4.map((v) => ({ type: "ip", v })),
  ipv6.map((v) => ({ type: "ip", v })),
  email.map((v) => ({ type: "email", v })),
  uri.map((v) => ({ type: "uri", v })),
);

/** GeneralName back to keytool's type:value text. */
function readName(name: Tlv): { type: string; v: string } {
  const body = content(name);
  const text = () => String.fromCharCode(...body);
  switch (name.tag) {
    case 0x81:
      return { type: "email", v: text() };
    case 0x82:
      return { type: "dns", v: text() };
    case 0x86:
      return { type: "uri", v: text() };
    case 0x87:
      return { type: "ip", v: body.length === 4 ? [...body].join(".") : Array.from({ length: 8 }, (_, i) => ((body[2 * i]! << 8) | body[2 * i + 1]!).toString(16)).join(":") };
    default:
      return { type: `tag ${name.tag}`, v: toHex(body) };
  }
}

/** The option's DER reads back as one complete element (no trailing bytes anywhere we look). */
function wellFormed(der: Uint8Array): Tlv {
  const tlv = readTlv(der, 0);
  expect(tlv.end).toBe(der.length);
  return tlv;
}

describe("-ext SAN round-trips", () => {
  it("random SAN lists come back as the same names, in order", () => {
    fc.assert(
      fc.property(fc.array(sanItem, { minLength: 1, maxLength: 6 }), fc.boolean(), (items, critical) => {
        const option = `SAN${critical ? ":c" : ""}=${items.map((i) => `${i.type}:${i.v}`).join(",")}`;
        const extension = parseExtOption(option)!;
        expect(extension.oid).toBe("2.5.29.17");
        expect(extension.critical).toBe(critical);
        const names = children(wellFormed(extension.value)).map(readName);
        expect(names).toEqual(items);
        const outer = children(wellFormed(encodeExtension(extension)));
        expect(decodeOid(content(outer[0]!))).toBe("2.5.29.17");
      }),
      { numRuns: 300 },
    );
  });

  it("KU and EKU lists set exactly the bits and OIDs asked for", () => {
    const usages = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 9 }), (bits) => {
        const extension = parseExtOption(`KU=${bits.map((b) => usages[b]).join(",")}`)!;
        const bitString = content(wellFormed(extension.value));
        const unused = bitString[0]!;
        const set = Array.from({ length: (bitString.length - 1) * 8 - unused }, (_, i) => ((bitString[1 + (i >> 3)]! >> (7 - (i & 7))) & 1) === 1);
        expect(set.flatMap((on, i) => (on ? [i] : []))).toEqual([...bits].sort((a, b) => a - b));
        expect(set[set.length - 1]).toBe(true); // DER: no trailing zero bits
      }),
    );
  });
});

describe("-ext garbage", () => {
  const noise = fc.string({ unit: fc.constantFrom(..."SANBCKUEKIAOCRLdnsipemailuroct:=,.*-/0123456789abcdef@ honored"), maxLength: 30 });
  it("is refused with INVALID_ARGUMENT naming the option, never another error", () => {
    fc.assert(
      fc.property(fc.oneof(noise, fc.string({ maxLength: 30 })), (option) => {
        try {
          const extension = parseExtOption(option);
          if (extension) wellFormed(encodeExtension(extension));
          keytoolExtensions([option], { subjectPublicKey: SPKI, requested: [] });
        } catch (error) {
          expect(isKeystoreError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
          expect((error as Error).message).toContain(`"${option}"`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("names the bad part, in keytool's words", () => {
    expect(() => parseExtOption("KU=d")).toThrow(/"d" is ambiguous: it could be digitalSignature, dataEncipherment, decipherOnly/);
    expect(() => parseExtOption("KU=flying")).toThrow(/unknown keyUsage type "flying"/);
    expect(() => parseExtOption("SAN=host.example")).toThrow(/"host.example" is not type:value/);
    expect(() => parseExtOption("SAN=dns:-bad.example")).toThrow(/DNS name "-bad.example"/);
    expect(() => parseExtOption("SKI")).toThrow(/adds SubjectKeyIdentifier and AuthorityKeyIdentifier itself/);
    expect(() => parseExtOption("AIA:critical=ocsp:uri:http://x")).toThrow(/cannot be marked as critical/);
  });
});

describe("-ext rules keytool follows", () => {
  it("sorts by the OID's text, lets a later -ext win, copies requested extensions only when honored", () => {
    const requested = [parseExtOption("SAN=dns:asked.example")!, parseExtOption("EKU:c=serverAuth")!];
    const oids = (list: { oid: string }[]) => list.map((e) => e.oid);
    expect(oids(keytoolExtensions(["2.5.29.9=0500", "BC"], { subjectPublicKey: SPKI }))).toEqual(["2.5.29.14", "2.5.29.19", "2.5.29.9"]);
    expect(oids(keytoolExtensions([], { subjectPublicKey: SPKI, requested }))).toEqual(["2.5.29.14"]);
    expect(oids(keytoolExtensions(["honored=all,-EKU"], { subjectPublicKey: SPKI, requested }))).toEqual(["2.5.29.14", "2.5.29.17"]);
    const remarked = keytoolExtensions(["honored=SAN,EKU:non-critical", "SAN=dns:mine.example"], { subjectPublicKey: SPKI, requested });
    expect(remarked.find((e) => e.oid === "2.5.29.37")!.critical).toBe(false);
    expect(toHex(remarked.find((e) => e.oid === "2.5.29.17")!.value)).toBe(toHex(parseExtOption("SAN=dns:mine.example")!.value));
    const later = keytoolExtensions(["BC=ca:true", "BC:c=ca:false"], { subjectPublicKey: SPKI });
    expect(later.find((e) => e.oid === "2.5.29.19")).toEqual({ oid: "2.5.29.19", critical: true, value: Uint8Array.of(0x30, 0) });
  });

  it("writes SubjectKeyIdentifier as the SHA-1 of the key bits", () => {
    const ski = keytoolExtensions([], { subjectPublicKey: SPKI })[0]!;
    // SHA-1 of the key bits (04 00 01 … 3f), by Python's hashlib: all 20 bytes, no truncation.
    expect(toHex(ski.value)).toBe("0414dd8e2559e41193c696718e06d36cae10c5366816");
  });
});

describe("-startdate", () => {
  const now = new Date(2024, 0, 31, 12, 0, 0, 500); // local time, as keytool reads it
  it("reads keytool's relative and absolute forms", () => {
    expect(parseStartDate("-1d", now)).toEqual(new Date(2024, 0, 30, 12, 0, 0, 500));
    expect(parseStartDate("+1m", now)).toEqual(new Date(2024, 1, 29, 12, 0, 0, 500)); // Jan 31 + 1 month: Feb 29, as Calendar.add
    expect(parseStartDate("+1y-2m+3d-1H+30M-5S", now)).toEqual(new Date(new Date(2024, 10, 30 + 3, 12, 0, 0, 500).getTime() - 3_600_000 + 1_800_000 - 5000));
    expect(parseStartDate("2030/05/06", now)).toEqual(new Date(2030, 4, 6, 12, 0, 0, 500));
    expect(parseStartDate("08:09:10", now)).toEqual(new Date(2024, 0, 31, 8, 9, 10, 0));
    expect(parseStartDate("2030/05/06 08:09:10", now)).toEqual(new Date(2030, 4, 6, 8, 9, 10, 0));
  });
  it("refuses anything else with INVALID_ARGUMENT", () => {
    for (const bad of ["", "1d", "-d", "-1x", "-1", "2030-05-06", "2030/5/6", "8:09:10", "2030/05/06T08:09:10", "+1d ", "-99999999999d"]) {
      expect(() => parseStartDate(bad, now), bad).toThrow(/Illegal startdate value/);
    }
  });
});

/** An EC P-256 SubjectPublicKeyInfo (the point is arbitrary bytes: only its hash matters here). */
const SPKI = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
  ...Array.from({ length: 64 }, (_, i) => i),
]);
