import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Certificate, Keystore, decodeJks, encodeJks, isKeystoreError, type Entry } from "../../src/index.js";
import { corpusFile, hasCorpus } from "../helpers/corpus.js";

/** Random stores round-trip through JKS; random and damaged bytes only ever raise KeystoreError. */

const bytesArb = fc.uint8Array({ minLength: 1, maxLength: 200 });
const aliasArb = fc.string({ unit: "binary", minLength: 1, maxLength: 20 });
const dateArb = fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 }).map((ms) => new Date(ms));

const entryArb = fc.oneof(
  fc.record({ alias: aliasArb, created: dateArb, der: bytesArb }).map(
    ({ alias, created, der }): Entry => ({ type: "trustedCert", alias, created, certificate: new Certificate(der) }),
  ),
  fc.record({ alias: aliasArb, created: dateArb, pkcs8: bytesArb, chain: fc.array(bytesArb, { maxLength: 3 }) }).map(
    ({ alias, created, pkcs8, chain }): Entry => ({
      type: "privateKey",
      alias,
      created,
      chain: chain.map((der) => new Certificate(der)),
      key: { plain: pkcs8 },
    }),
  ),
);

/**
 * The keys here are random bytes, some without a chain: the codec must carry whatever a file
 * holds, but Keystore.set refuses such entries, so they go in as a decoder puts them.
 */
function put(store: Keystore, entry: Entry): void {
  if (entry.type !== "privateKey") {
    store.set(entry);
    return;
  }
  const alias = store.normalizeAlias(entry.alias);
  store.delete(alias);
  store.addDecoded({ ...entry, alias });
}

const storeArb = fc.array(entryArb, { maxLength: 8 }).map((entries) => {
  const store = new Keystore({ format: "JKS" });
  for (const entry of entries) put(store, entry);
  return store;
});

function expectOnlyTypedErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isKeystoreError(error)) throw error;
  }
}

describe("JKS properties", () => {
  it("random stores round-trip: aliases, order, dates, certificates and keys", () => {
    fc.assert(
      fc.property(storeArb, fc.string({ unit: "binary", maxLength: 12 }), (store, password) => {
        const bytes = encodeJks(store, { password });
        const back = decodeJks(bytes, { password });
        expect(back.integrity).toBe("verified");
        expect(back.aliases()).toEqual(store.aliases());
        for (const entry of store) {
          const decoded = back.entry(entry.alias);
          expect(decoded.type).toBe(entry.type);
          expect(decoded.created?.getTime()).toBe(entry.created?.getTime());
          expect(back.certificates(entry.alias).map((c) => c.der)).toEqual(store.certificates(entry.alias).map((c) => c.der));
          if (entry.type === "privateKey") expect(back.privateKeyPkcs8(entry.alias, password)).toEqual(entry.key.plain);
        }
        // Saving what was read reproduces it exactly: keys stay protected as they were.
        expect(encodeJks(back, { password })).toEqual(bytes);
      }),
      { numRuns: 150 },
    );
  });

  it("random bytes after a JKS header raise only typed errors", () => {
    const header = Uint8Array.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const bytes = new Uint8Array(header.length + tail.length);
        bytes.set(header);
        bytes.set(tail, header.length);
        expectOnlyTypedErrors(() => decodeJks(bytes, { password: "x" }));
        expectOnlyTypedErrors(() => decodeJks(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it.skipIf(!hasCorpus)("every truncation of a real store raises TRUNCATED (or INTEGRITY at the digest)", () => {
    const bytes = corpusFile("stores/pyjks/jks/RSA2048_3certs.jks");
    for (let length = 0; length < bytes.length; length++) {
      try {
        decodeJks(bytes.subarray(0, length), { password: "12345678" });
        expect.unreachable(`a store cut at ${length} bytes decoded`);
      } catch (error) {
        expect(isKeystoreError(error)).toBe(true);
      }
    }
  });

  it.skipIf(!hasCorpus)("bit flips in a real store never escape as anything but KeystoreError, and are caught by the digest", () => {
    const original = corpusFile("stores/pyjks/jks/RSA2048_3certs.jks");
    fc.assert(
      fc.property(fc.nat(original.length * 8 - 1), fc.nat(original.length * 8 - 1), (bit1, bit2) => {
        const bytes = original.slice();
        bytes[bit1 >> 3]! ^= 1 << (bit1 & 7);
        if (bit2 !== bit1) bytes[bit2 >> 3]! ^= 1 << (bit2 & 7);
        try {
          decodeJks(bytes, { password: "12345678" });
          expect.unreachable("a damaged store passed the integrity check");
        } catch (error) {
          expect(isKeystoreError(error)).toBe(true);
        }
        // Without the password no digest is checked, but parsing still only fails in typed ways.
        expectOnlyTypedErrors(() => {
          const store = decodeJks(bytes);
          for (const entry of store) for (const cert of store.certificates(entry.alias)) void cert.subject;
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("hostile counts and lengths fail fast without allocating", () => {
    const huge = Uint8Array.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => decodeJks(huge)).toThrow(/announces/);
    // One trusted entry claiming a 2 GiB certificate.
    const longCert = Uint8Array.from([
      0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0x61, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0x58, 0x2e, 0x35,
      0x30, 0x39, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0,
    ]);
    try {
      decodeJks(longCert);
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "LIMIT") || isKeystoreError(error, "TRUNCATED")).toBe(true);
    }
  });
});
