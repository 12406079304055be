import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TAG, decodeTime, encodeTlv, readTlv } from "../../src/binary/der.js";
import { KeystoreError } from "../../src/model/errors.js";

/** The reference reading: the regular expressions of RFC 5280's forms (what decodeTime did before it read digits directly). */
function reference(tag: number, text: string): number | "error" {
  const pattern = tag === TAG.UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?Z$/;
  const m = pattern.exec(text);
  if (!m || (tag !== TAG.UTC_TIME && tag !== TAG.GENERALIZED_TIME)) return "error";
  let year = Number(m[1]);
  if (tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  const millis = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), millis);
}

function decoded(tag: number, text: string): number | "error" {
  const der = encodeTlv(tag, Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
  try {
    return decodeTime(readTlv(der, 0, der.length)).getTime();
  } catch (error) {
    expect(error).toBeInstanceOf(KeystoreError);
    return "error";
  }
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const validUtc = fc.tuple(digits(2), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(4), fc.option(digits(2))).map(
  ([y, mo, d, hm, s]) => `${y}${String(mo).padStart(2, "0")}${String(d).padStart(2, "0")}${hm}${s ?? ""}Z`,
);
const validGeneralized = fc
  .tuple(digits(4), digits(8), fc.option(digits(2)), fc.option(fc.tuple(fc.constantFrom(".", ","), fc.integer({ min: 1, max: 7 }).chain(digits))))
  .map(([y, rest, s, f]) => `${y}${rest}${s ?? ""}${f ? f[0] + f[1] : ""}Z`);
const mutated = (text: string) => fc.tuple(fc.nat(text.length), fc.constantFrom("", "0", "Z", ".", "+", "5", "ZZ")).map(([at, insert]) => text.slice(0, at) + insert + text.slice(at + 1));

describe("decodeTime", () => {
  it("reads UTCTime and GeneralizedTime as the RFC 5280 patterns do, and rejects what they reject", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          validUtc.map((t) => [TAG.UTC_TIME, t] as const),
          validGeneralized.map((t) => [TAG.GENERALIZED_TIME, t] as const),
          validUtc.chain(mutated).map((t) => [TAG.UTC_TIME, t] as const),
          validGeneralized.chain(mutated).map((t) => [TAG.GENERALIZED_TIME, t] as const),
          fc.string({ maxLength: 20 }).map((t) => [TAG.GENERALIZED_TIME, t] as const),
        ),
        ([tag, text]) => {
          const asBytes = String.fromCharCode(...Array.from(text, (c) => c.charCodeAt(0) & 0xff)); // what decoded() encodes
          expect(decoded(tag, text)).toEqual(reference(tag, asBytes));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("applies the RFC 5280 century rule and reads fractions as milliseconds", () => {
    expect(new Date(decoded(TAG.UTC_TIME, "491231235959Z") as number).toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(new Date(decoded(TAG.UTC_TIME, "500101000000Z") as number).toISOString()).toBe("1950-01-01T00:00:00.000Z");
    expect(new Date(decoded(TAG.GENERALIZED_TIME, "20250102030405.5Z") as number).toISOString()).toBe("2025-01-02T03:04:05.500Z");
    expect(new Date(decoded(TAG.GENERALIZED_TIME, "202501020304,1234Z") as number).toISOString()).toBe("2025-01-02T03:04:00.123Z");
    expect(decoded(TAG.UTC_TIME, "250102030405.5Z")).toBe("error");
    expect(decoded(TAG.OCTET_STRING, "250102030405Z")).toBe("error");
  });
});
