import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTlv } from "../../src/binary/der.js";
import { toHex } from "../../src/binary/encoding.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { nameToString } from "../../src/x509/name.js";
import { parseDname } from "../../src/x509/dname.js";
import { jdks } from "../helpers/java.js";
import { askJava } from "../helpers/java-oracle.js";

/**
 * keytool's -dname parser is Java's X500Name(String): for each text, Java 17 and Temurin 25 either
 * refuse it or encode one exact DER Name, and print it one way (getName()). parseDname must refuse
 * the same texts (with a typed error) and encode the same bytes; nameToString must print the same text.
 */

const oracle = join(import.meta.dirname, "DnameOracle.java");

type Ours = { ok: true; der: string; name: string } | { ok: false };

function ours(text: string): Ours {
  try {
    const der = parseDname(text);
    return { ok: true, der: toHex(der), name: nameToString(readTlv(der, 0)) };
  } catch (error) {
    if (isKeystoreError(error, "INVALID_ARGUMENT")) return { ok: false };
    throw error;
  }
}

function compareWithJava(texts: string[]): void {
  for (const jdk of jdks) {
    const answers = askJava(jdk, oracle, texts);
    texts.forEach((text, i) => {
      const [status, der, name] = answers[i]!.split(" ");
      const mine = ours(text);
      const context = `${jdk.name}: ${JSON.stringify(text)} → ${answers[i]}`;
      if (status === "OK") {
        expect(mine, context).toEqual({ ok: true, der, name: Buffer.from(name ?? "", "hex").toString("utf8") });
      } else {
        expect(mine.ok, context).toBe(false);
      }
    });
  }
}

/** Every printable ASCII character in each position keytool distinguishes: inside, first, last, escaped, quoted, escaped in quotes. */
const probes = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), "\n", "\t", "é", "中", "😀"].flatMap((c) => [
  `CN=a${c}b`,
  `CN=${c}b`,
  `CN=a${c}`,
  `CN=a\\${c}b`,
  `CN="a${c}b"`,
  `CN="a\\${c}b"`,
]);

const examples = [
  "CN=Test, OU=Unit, O=Org, L=City, ST=State, C=US",
  "CN=a\\,b",
  'CN="a,b"',
  "CN=a\\2cb",
  "CN= spaced  , O=x",
  "CN=a+OU=b",
  "OU=b+CN=a",
  "CN=x;O=y",
  "EMAIL=a@b, DC=com",
  "EMAILADDRESS=é@b, DC=é",
  "C=USA",
  "cn=low",
  "OID.2.5.4.3=x",
  "2.5.4.3=x",
  "2.5.4.03=x",
  "3.5=x",
  "1.40=x",
  "2.=x",
  "CN=#0403616263",
  "CN=#04",
  "CN=#",
  "S=st, T=title, IP=1.2.3.4",
  "CN=",
  "CN=   ",
  "CN",
  "=x",
  "CN=a\\",
  "CN=\\ lead",
  "CN=a\\ ",
  "CN=a \\41",
  "CN=\\c3\\a9t\\c3\\a9",
  "CN=\\ff",
  "SERIALNUMBER=12, DNQ=x, UID=u, SURNAME=s, GIVENNAME=g, INITIALS=i, GENERATION=g, STREET=s",
  "CN=x,",
  ",CN=x",
  "CN=x,,O=y",
  "",
  " ",
  "CN=a\\\\b",
  "CN=a\\\\,O=b",
  "CN=a\\\\\\,b",
  'CN="a\\"b"',
  'CN="a" ',
  'CN="a" x',
  'CN="a',
  "CN=a+",
  "CN=a\\+b+O=c",
  "FOO=x",
  " CN = x , O = y ",
  "CN=a  b",
  "CN=Ünïcödé, O=Straße, C=DE",
];

describe.skipIf(jdks.length === 0)("-dname against Java's X500Name", () => {
  it("encodes and refuses exactly what Java does, character by character", () => {
    compareWithJava([...examples, ...probes]);
  });

  it("agrees with Java on random texts made of the characters that matter", () => {
    const unit = fc.constantFrom(..."aZ09 ,;+=\"\\#<>é中\n", "CN=", "OU=", "O=", "C=", "DC=", "\\2c", "\\c3\\a9", "#04016", "2.5.4.3=");
    const texts = fc.sample(fc.string({ unit, maxLength: 16 }), { numRuns: 600, seed: 15 });
    compareWithJava(texts);
  });

  it("round-trips random subjects: Java's getName() of our DER is what nameToString prints", () => {
    // No backslashes in values: Java's RDN splitter counts every backslash before a comma, not only
    // the adjacent ones, so "a\\\\, b" splits differently in Java; the first test covers those.
    const value = fc.string({ unit: fc.constantFrom(..."ab Z9,+;=\"#<>-é中😀'"), minLength: 1, maxLength: 10 });
    const rdn = fc.tuple(fc.constantFrom("CN", "OU", "O", "L", "ST", "C", "DC", "UID", "STREET", "EMAIL"), value);
    const escape = (text: string) => text.replace(/[,=+<>#;" ]/g, (c) => "\\" + c);
    const texts = fc.sample(fc.array(fc.array(rdn, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }), { numRuns: 300, seed: 7 }).map((rdns) =>
      rdns.map((avas) => avas.map(([key, text]) => `${key}=${escape(text)}`).join("+")).join(", "),
    );
    for (const text of texts) expect(ours(text).ok, text).toBe(true);
    compareWithJava(texts);
  });
});

describe("-dname errors", () => {
  it("garbage gives only INVALID_ARGUMENT, never another error", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseDname(text);
        } catch (error) {
          expect(isKeystoreError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("prints names as Java's getName() does: = and # escaped anywhere, every edge space escaped", () => {
    // Before src/x509/name.ts followed AVA.toRFC2253String, these printed as CN=a=b,O=x#y,OU=\  two.
    expect(ours("CN=a\\=b, O=x#y, OU=\\  two")).toMatchObject({ ok: true, name: "CN=a\\=b,O=x\\#y,OU=\\ \\ two" });
  });

  it("names the bad part", () => {
    expect(() => parseDname("CN=ok, FOO=bar")).toThrow(/unknown attribute "FOO"/);
    expect(() => parseDname("CN=a<b")).toThrow(/unescaped "<"/);
    expect(() => parseDname("CN=x,")).toThrow(/empty attribute/);
  });
});
