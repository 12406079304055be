import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, parsePem, scanPem, toBase64, toPem, type PemBlock } from "../../src/binary/encoding.js";
import { isKeystoreError } from "../../src/model/errors.js";

/**
 * parsePem is a linear scanner (issue #12 item 9: the regular expression it replaces took seconds
 * on 11 KB of "-----BEGIN " and 80 s on 44 KB). It must find what the expression found, and its
 * work, counted by scanPem, must stay within a constant times the length of any text.
 */

/**
 * The expression parsePem used to be, as the reference on short texts (where its backtracking
 * costs nothing). One precision: a label runs up to the first "-----", as in the scanner, where
 * the old `[A-Z0-9 #-]+` could also take labels holding "-----" ("A-----B").
 */
function reference(text: string): { label: string; der: Uint8Array; headers: string[] }[] {
  const pattern = /-----BEGIN ((?:(?!-----)[A-Z0-9 #-])+)-----([\s\S]*?)-----END \1-----/g;
  return [...text.matchAll(pattern)].map((match) => {
    const lines = match[2]!.split(/\r?\n/);
    return {
      label: match[1]!,
      der: fromBase64(lines.filter((line) => !line.includes(":")).join("")),
      headers: lines.filter((line) => line.includes(":")),
    };
  });
}

/** What a parse gave, comparable: the blocks, or "refused" for a KeystoreError (anything else is rethrown). */
function outcome(parse: () => { label: string; der: Uint8Array; headers: unknown[] }[]): unknown {
  try {
    return parse().map((block) => ({ label: block.label, der: [...block.der], headers: block.headers.length }));
  } catch (error) {
    if (isKeystoreError(error, "MALFORMED")) return "refused";
    throw error;
  }
}

/** scanPem's step count on `text`, with its result or refusal. */
function workOn(text: string): number {
  const work = { steps: 0 };
  try {
    scanPem(text, work);
  } catch (error) {
    if (!isKeystoreError(error)) throw error;
  }
  return work.steps;
}

/** Steps per character that no text may exceed. */
const STEPS_PER_CHAR = 4;

/** Texts that made the expression backtrack (or fromBase64's /=+$/ scan), at size `k`. */
const adversarial: [string, (k: number) => string][] = [
  ["'-----BEGIN ' repeated", (k) => "-----BEGIN ".repeat(k)],
  ["a run of dashes", (k) => "-".repeat(11 * k)],
  ["'-----BEGIN ' then dashes", (k) => "-----BEGIN " + "-".repeat(11 * k)],
  ["BEGINs never closed", (k) => "-----BEGIN CERTIFICATE-----\n".repeat(k)],
  ["BEGINs with distinct labels, never closed", (k) => Array.from({ length: k }, (_, i) => `-----BEGIN L${i}-----\n`).join("")],
  ["ENDs of another label", (k) => "-----BEGIN A-----\n" + "-----END B-----\n".repeat(k)],
  ["many BEGINs closed by one END", (k) => "-----BEGIN A-----\n".repeat(k) + "-----END A-----\n"],
  ["a long label, then ENDs of its prefixes", (k) => `-----BEGIN ${"A".repeat(k)}-----\n` + `-----END ${"A".repeat(k - 1)}-----\n`.repeat(20)],
  ["a label that never closes", (k) => "-----BEGIN " + "A".repeat(11 * k)],
  ["'=' then a character, in a block", (k) => `-----BEGIN X-----\n${"=".repeat(11 * k)}A\n-----END X-----\n`],
  ["':' lines in a block", (k) => `-----BEGIN X-----\n${"a:".repeat(5 * k)}\n${"b:\n".repeat(k)}-----END X-----\n`],
  ["'-----' without BEGIN", (k) => "-----BEGI-----EN-----".repeat(k)],
];

describe("parsePem: a linear scan", () => {
  it("finds what the regular expression found, on random texts made of PEM's pieces", () => {
    const piece = fc.constantFrom(
      "-----BEGIN ", "-----END ", "-----", "-", "A", "X", "CERTIFICATE", " ", "#", "a", "\n", "\r\n", "\t", ":", "=", "AAAA", "QQ==", "é",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        expect(outcome(() => parsePem(text))).toEqual(outcome(() => reference(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips random blocks, with headers, CRLF and text between them", () => {
    const label = fc.stringMatching(/^[A-Z0-9#]{1,12}( [A-Z0-9#]{1,12}){0,3}$/);
    const header = fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z-]{0,12}$/), fc.stringMatching(/^[A-Za-z0-9,. ]{0,30}$/));
    const between = fc.string({ maxLength: 40 }).filter((text) => !text.includes("-----"));
    const block = fc.record({ label, der: fc.uint8Array({ maxLength: 300 }), headers: fc.array(header, { maxLength: 2 }), before: between });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), fc.boolean(), (blocks, crlf) => {
        const text = blocks
          .map(({ label, der, headers, before }) => {
            const pem = toPem(label, der);
            const withHeaders = headers.length === 0 ? pem : pem.replace("-----\n", `-----\n${headers.map(([n, v]) => `${n}: ${v}\n`).join("")}\n`);
            return `${before}\n${crlf ? withHeaders.replace(/\n/g, "\r\n") : withHeaders}`;
          })
          .join("");
        const parsed = parsePem(text);
        expect(parsed.map((b) => b.label)).toEqual(blocks.map((b) => b.label));
        expect(parsed.map((b) => b.der)).toEqual(blocks.map((b) => b.der));
        expect(parsed.map((b) => b.headers)).toEqual(blocks.map((b) => b.headers.map(([name, value]) => ({ name, value: value.trim() }))));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a legacy encrypted key's Proc-Type and DEK-Info headers apart from its body", () => {
    const body = Uint8Array.from({ length: 48 }, (_, i) => i * 5);
    const text = [
      "-----BEGIN RSA PRIVATE KEY-----",
      "Proc-Type: 4,ENCRYPTED",
      "DEK-Info: AES-128-CBC,3F1B2C4D5E6F708192A3B4C5D6E7F801",
      "",
      toBase64(body),
      "-----END RSA PRIVATE KEY-----",
      "",
    ].join("\r\n");
    expect(parsePem(text)).toEqual<PemBlock[]>([
      {
        label: "RSA PRIVATE KEY",
        der: body,
        headers: [
          { name: "Proc-Type", value: "4,ENCRYPTED" },
          { name: "DEK-Info", value: "AES-128-CBC,3F1B2C4D5E6F708192A3B4C5D6E7F801" },
        ],
      },
    ]);
  });

  it("reads PEM flattened onto one line, as environment variables carry it", () => {
    const der = Uint8Array.from({ length: 90 }, (_, i) => 255 - i);
    expect(parsePem(toPem("CERTIFICATE", der).replace(/\n/g, " "))[0]!.der).toEqual(der);
  });

  it("names the block whose base64 is bad", () => {
    expect(() => parsePem("-----BEGIN CERTIFICATE-----\nAA!A\n-----END CERTIFICATE-----\n")).toThrow(
      /PEM "CERTIFICATE" block: invalid base64 character '!'/,
    );
  });

  for (const [name, shape] of adversarial) {
    it(`does linear work on ${name}`, () => {
      for (const k of [250, 1000, 4000]) {
        const text = shape(k);
        expect(workOn(text)).toBeLessThanOrEqual(STEPS_PER_CHAR * text.length);
      }
    });
  }

  it("answers on 44 KB of the texts that took the expression 80 s", () => {
    expect(parsePem("-----BEGIN ".repeat(4000))).toEqual([]);
    expect(parsePem("-----BEGIN " + "-".repeat(44000))).toEqual([]);
    expect(() => parsePem(`-----BEGIN X-----\n${"=".repeat(43999)}A\n-----END X-----\n`)).toThrow(/invalid base64 character '='/);
  });

  it("random and damaged PEM text only ever raises KeystoreError, with linear work", () => {
    const valid = fc.array(fc.record({ label: fc.constantFrom("CERTIFICATE", "PRIVATE KEY", "X509 CRL"), der: fc.uint8Array({ maxLength: 120 }) }), { minLength: 1, maxLength: 4 })
      .map((blocks) => blocks.map((b) => toPem(b.label, b.der)).join("junk: x\n"));
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 12 }), insert: fc.string({ unit: "binary", maxLength: 12 }) });
    const damaged = fc.tuple(valid, fc.array(edit, { maxLength: 6 })).map(([text, edits]) =>
      edits.reduce((t, { at, cut, insert }) => {
        const i = t.length === 0 ? 0 : at % t.length;
        return t.slice(0, i) + insert + t.slice(i + cut);
      }, text),
    );
    fc.assert(
      fc.property(fc.oneof(damaged, fc.string({ unit: "binary", maxLength: 400 })), (text) => {
        expect(workOn(text)).toBeLessThanOrEqual(STEPS_PER_CHAR * Math.max(text.length, 1));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fromBase64", () => {
  it("decodes as Node does, with whitespace anywhere and trailing '=' of any number", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 5 }), fc.nat({ max: 3 }), (bytes, cuts, extraPads) => {
        let text = toBase64(bytes);
        for (const cut of cuts) {
          const i = cut % (text.length + 1);
          text = `${text.slice(0, i)} \r\n\t${text.slice(i)}`;
        }
        expect(fromBase64(text + "=".repeat(extraPads))).toEqual(bytes);
      }),
    );
  });

  it("refuses an impossible length before an invalid character, as it always did", () => {
    expect(() => fromBase64("AAAA!")).toThrow(/impossible length/);
    expect(() => fromBase64("AA!A")).toThrow(/invalid base64 character '!'/);
    expect(() => fromBase64("AA=A")).toThrow(/invalid base64 character '='/);
  });
});
