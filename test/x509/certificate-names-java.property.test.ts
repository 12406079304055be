import fc from "fast-check";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { children, readTlv } from "../../src/binary/der.js";
import { fromHex, toHex } from "../../src/binary/encoding.js";
import { generateKeyPair } from "../../src/keys/generate.js";
import { isKeystoreError } from "../../src/model/errors.js";
import type { Certificate } from "../../src/model/certificate.js";
import { certificateNames } from "../../src/truststore/certificate-names.js";
import { createSelfSignedCertificate } from "../../src/x509/certificate-builder.js";
import { parseDname } from "../../src/x509/dname.js";
import type { Signer } from "../../src/x509/signature.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";
import { jdks } from "../helpers/java.js";
import { askJava } from "../helpers/java-oracle.js";

/**
 * Random -dname subjects (non-ASCII, commas, plus signs and multi-valued RDNs, quotes, backslashes,
 * leading and trailing spaces, '#') and random -ext SAN lists go into certificates
 * (createSelfSignedCertificate), come back out through our parsers (Certificate.subject,
 * certificateNames) and must be the strings Java prints: getSubjectX500Principal().getName()
 * (RFC 2253) and getSubjectAlternativeNames(), all certificates in one JVM per JDK
 * (CertNamesOracle.java). The SAN values must also be the ones asked for.
 */

const oracle = join(import.meta.dirname, "CertNamesOracle.java");
const dnameOracle = join(import.meta.dirname, "DnameOracle.java");
const RUNS = 200;

// Characters that each need their own treatment in a DN: RFC 2253's specials, quotes, '#', spaces, non-ASCII.
const valueChar = fc.constantFrom(..."aZ09 -._,+\"\\<>;=#'()éß中😀\u00e9\u0301".split(/(?:)/u), "x", "y");
const value = fc.array(valueChar, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(""));
const attributeType = fc.constantFrom("CN", "OU", "O", "L", "ST");

/** One -dname value as keytool reads it: backslash escapes, or (sometimes) a quoted string. */
function escapeValue(text: string, quoted: boolean): string {
  if (quoted) return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const chars = [...text];
  return chars
    .map((c, i) => {
      if (',+"\\<>;='.includes(c)) return `\\${c}`;
      if (i === 0 && (c === "#" || c === " ")) return `\\${c}`;
      if (i === chars.length - 1 && c === " ") return "\\ ";
      return c;
    })
    .join("");
}

// Quoted values are rarer: Java counts quotes across a whole multi-valued RDN and refuses many of them.
const attribute = fc.record({ type: attributeType, value, quoted: fc.constantFrom(false, false, false, true) });
const rdn = fc.array(attribute, { minLength: 1, maxLength: 3 });
/** A -dname text and how many attributes it was made of. */
const dname = fc.record({ rdns: fc.array(rdn, { minLength: 1, maxLength: 4 }), separator: fc.constantFrom(",", ", ") }).map(({ rdns, separator }) => ({
  text: rdns.map((avas) => avas.map((a) => `${a.type}=${escapeValue(a.value, a.quoted)}`).join("+")).join(separator),
  attributes: rdns.flat().length,
}));

/** The number of AttributeTypeAndValues in a DER Name. */
const attributeCount = (nameDer: Uint8Array) => children(readTlv(nameDer, 0)).reduce((n, set) => n + children(set).length, 0);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join("."));
const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((parts) => parts.join("."));
// Not an IPv4-mapped address: Java's IPAddressName prints those as IPv4.
const ipv6 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .filter((g) => !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff))
  .map((groups) => groups.map((g) => g.toString(16)).join(":"));
/** keytool's type word, Java's GeneralName tag number, and the text asked for / expected back. */
const sanItem = fc.oneof(
  host.map((v) => ({ word: "dns", tag: 2, v })),
  fc.tuple(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), host).map(([local, domain]) => ({ word: "email", tag: 1, v: `${local}@${domain}` })),
  fc.tuple(fc.constantFrom("https", "ldap", "urn"), host).map(([scheme, h]) => ({ word: "uri", tag: 6, v: `${scheme}://${h}/` })),
  ipv4.map((v) => ({ word: "ip", tag: 7, v })),
  ipv6.map((v) => ({ word: "ip", tag: 7, v })),
);
const sans = fc.option(fc.array(sanItem, { minLength: 1, maxLength: 5 }), { nil: undefined });

/**
 * Java's -dname reader has two quirks where it loses attributes without a word: it does not split an
 * RDN at a "+" right after an escaped backslash ("OU=a\\+O=b"), and it counts every backslash
 * before a comma back to the last split, not only the adjacent ones; its value reader then stops at
 * the "+" or "," and drops the rest (Java keeps OU=a\ and loses O=b). parseDname refuses those
 * texts instead: an attribute lost silently is worse than a usage error.
 */

interface Sample {
  dname: string;
  attributes: number;
  sans: { word: string; tag: number; v: string }[] | undefined;
  certificate: Certificate;
}

const utf8Hex = (text: string) => toHex(new TextEncoder().encode(text));

/** Our reading of a certificate in the oracle's line format. */
function ourLine(certificate: Certificate): string {
  const alt = certificateNames(certificate).subjectAltNames;
  const tags = { dns: 2, email: 1, uri: 6, ip: 7, other: -1 } as const;
  const sanText = alt === null ? "-" : alt.map((name) => `${tags[name.type]}:${utf8Hex(name.value)}`).join(" ");
  return `${utf8Hex(certificate.subject)} ${sanText}`;
}

describe("random subjects and SAN lists: certificate → our parser → the strings Java prints", () => {
  const samples: Sample[] = [];
  const refused: { text: string; attributes: number }[] = [];
  let signer: Signer;

  beforeAll(async () => {
    const pair = await generateKeyPair({ algorithm: "EC", size: 256 });
    signer = await createSigner(pair.privateKey, { publicKey: pair.publicKey });
    const inputs = fc.sample(fc.record({ dname, sans }), { numRuns: RUNS, seed: 15 });
    for (const input of inputs) {
      try {
        parseDname(input.dname.text);
      } catch (error) {
        expect(isKeystoreError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
        refused.push(input.dname);
        continue;
      }
      const extensions = input.sans ? [`SAN=${input.sans.map((s) => `${s.word}:${s.v}`).join(",")}`] : [];
      const certificate = await createSelfSignedCertificate(signer, { dname: input.dname.text, extensions });
      samples.push({ dname: input.dname.text, attributes: input.dname.attributes, sans: input.sans, certificate });
    }
  });

  it("most generated subjects are valid -dname texts (the generator is not vacuous)", () => {
    expect(samples.length).toBeGreaterThan(RUNS / 2);
  });

  it("the SAN values read back are the ones asked for, in order", () => {
    for (const sample of samples) {
      const alt = certificateNames(sample.certificate).subjectAltNames;
      expect(alt?.map((name) => name.value) ?? null, sample.dname).toEqual(sample.sans?.map((s) => s.v) ?? null);
    }
  });

  it("every attribute asked for is in the certificate's subject", () => {
    for (const sample of samples) expect(attributeCount(sample.certificate.subjectDer), sample.dname).toBe(sample.attributes);
  });

  it.skipIf(jdks.length === 0)("Java 17 and Temurin 25 print the same subject (RFC 2253) and SANs, for every certificate", () => {
    const inputs = samples.map((s) => toHex(s.certificate.der));
    for (const jdk of jdks) {
      const answers = askJava(jdk, oracle, inputs);
      samples.forEach((sample, i) => {
        const decode = (line: string) => {
          const [subject, ...rest] = line.split(" ");
          const text = (h: string) => Buffer.from(h, "hex").toString("utf8");
          return { subject: text(subject!), sans: rest[0] === "-" ? null : rest.map((item) => `${item.split(":")[0]}:${text(item.split(":")[1]!)}`) };
        };
        expect(answers[i], `${jdk.name}: ${JSON.stringify(sample.dname)}`).not.toMatch(/^ERR/);
        expect(decode(ourLine(sample.certificate)), `${jdk.name}: ${JSON.stringify(sample.dname)}`).toEqual(decode(answers[i]!));
      });
    }
  }, 120_000);

  it.skipIf(jdks.length === 0)("every -dname text parseDname refused, Java refuses too, or reads it losing an attribute", () => {
    for (const jdk of jdks) {
      askJava(jdk, dnameOracle, refused.map((r) => r.text)).forEach((answer, i) => {
        const [status, der] = answer.split(" ");
        const context = `${jdk.name}: ${JSON.stringify(refused[i]!.text)} → ${answer}`;
        if (status === "OK") expect(attributeCount(fromHex(der!)), context).toBeLessThan(refused[i]!.attributes);
        else expect(status, context).toBe("ERR");
      });
    }
  }, 120_000);
});
