import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Certificate, Keystore, decodeJceks, encodeJceks, toHex, type Entry } from "../../../src/index.js";
import { JceksSealedKey } from "../../../src/formats/jceks/sealed-key.js";

/** Property tests: any store the model can hold in JCEKS survives encode → decode → encode. */
const ITERATIONS = 3; // keeps each property run fast; the count is stored per key, so any value round-trips

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
/** A minimal DER SEQUENCE starting with an INTEGER, which is what the reader checks PKCS#8 for. */
const pkcs8 = bytes(0, 100).map((body) => Uint8Array.from([0x30, body.length + 5, 0x02, 0x01, 0x00, 0x04, body.length, ...body]));
const created = fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 }).map((ms) => new Date(ms));
const cert = bytes(1, 200).map((der) => new Certificate(der, "X.509"));
const algorithm = fc.constantFrom("AES", "HmacSHA256", "DESede", "ChaCha20", "PBKDF2WithHmacSHA1", "Ünïcode-Alg");

type Spec =
  | { kind: "cert"; created: Date; cert: Certificate }
  | { kind: "private"; created: Date; key: Uint8Array; chain: Certificate[] }
  | { kind: "secret"; created: Date; key: Uint8Array; algorithm: string };
const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ kind: fc.constant("cert" as const), created, cert }),
  fc.record({ kind: fc.constant("private" as const), created, key: pkcs8, chain: fc.array(cert, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("secret" as const), created, key: bytes(1, 64), algorithm }),
);
const aliases = fc.uniqueArray(
  fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }).map((a) => a.toLowerCase()).filter((a) => a.length > 0),
  { maxLength: 5 },
);
const password = fc.string({ maxLength: 10, unit: "grapheme" });

function toEntry(alias: string, s: Spec): Entry {
  if (s.kind === "cert") return { type: "trustedCert", alias, created: s.created, certificate: s.cert };
  if (s.kind === "private") return { type: "privateKey", alias, created: s.created, chain: s.chain, key: { plain: s.key } };
  return { type: "secretKey", alias, created: s.created, algorithm: s.algorithm, key: { plain: s.key } };
}

describe("JCEKS round-trip properties", () => {
  it("encode → decode gives back every entry; decode → encode is byte-exact", () => {
    fc.assert(
      fc.property(
        aliases.chain((list) => fc.tuple(fc.constant(list), fc.array(spec, { minLength: list.length, maxLength: list.length }))),
        password,
        password,
        ([list, specs], storePassword, keyPassword) => {
          const store = new Keystore({ format: "JCEKS" });
          // Random key bytes, some without a chain: put as a decoder does (Keystore.set refuses them).
          list.forEach((alias, i) => store.addDecoded(toEntry(alias, specs[i]!)));
          const keyPasswords = Object.fromEntries(list.map((a) => [a, keyPassword]));
          const encoded = encodeJceks(store, { password: storePassword, keyPasswords, iterations: ITERATIONS });
          const back = decodeJceks(encoded, { password: storePassword });
          expect(back.aliases()).toEqual(store.aliases());
          list.forEach((alias, i) => {
            const s = specs[i]!;
            const entry = back.entry(alias);
            expect(entry.created?.getTime()).toBe(s.created.getTime());
            if (s.kind === "cert") expect(entry.type === "trustedCert" && toHex(entry.certificate.der)).toBe(toHex(s.cert.der));
            if (s.kind === "private") {
              expect(toHex(back.privateKeyPkcs8(alias, keyPassword))).toBe(toHex(s.key));
              expect(back.certificates(alias).map((c) => toHex(c.der))).toEqual(s.chain.map((c) => toHex(c.der)));
            }
            if (s.kind === "secret" && entry.type === "secretKey") {
              const unsealed = (entry.key.protected as JceksSealedKey).unseal(keyPassword);
              expect(toHex(unsealed.key)).toBe(toHex(s.key));
              expect(unsealed.algorithm).toBe(s.algorithm);
            }
          });
          // Saved again with the same password and no key passwords: the identical file.
          expect(toHex(encodeJceks(back, { password: storePassword }))).toBe(toHex(encoded));
        },
      ),
      { numRuns: 60 },
    );
  });
});
