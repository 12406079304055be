import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodePem } from "../../src/formats/pem/decode.js";
import { Certificate, Keystore, parsePem, type Entry } from "../../src/index.js";
import { TrustStore } from "../../src/truststore/truststore.js";
import { repoRoot } from "../helpers/corpus.js";

/**
 * Bulk operations are linear (issue #11 item 14: a bundle of 20k certificates sharing a CN took
 * 38.7 s to read, a 20k into 20k merge 94 s). Proved by counting, for n and 4n certificates, the
 * alias lookups (Keystore.has) and the fingerprint reads (Certificate.sha256).
 */

const template = parsePem(readFileSync(join(repoRoot, "test/fixtures/pkcs12/src/ca.pem"), "utf8"))[0]!.der;
const caAlias = "keystorekit-test-ca";

/** Distinct certificates with one subject: the last signature bytes carry `i`. */
function variant(i: number): Certificate {
  const der = template.slice();
  der[der.length - 1] = i & 0xff;
  der[der.length - 2] = (i >> 8) & 0xff;
  return new Certificate(der);
}

function count(run: () => void): { has: number; sha256: number } {
  const has = vi.spyOn(Keystore.prototype, "has");
  const sha256 = vi.spyOn(Certificate.prototype, "sha256", "get");
  try {
    run();
    return { has: has.mock.calls.length, sha256: sha256.mock.calls.length };
  } finally {
    has.mockRestore();
    sha256.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const sizes = [250, 1000];

describe("bulk operations are linear", () => {
  it("decodes a PEM bundle of n certificates sharing a CN with O(n) alias lookups", () => {
    for (const n of sizes) {
      const bundle = Array.from({ length: n }, (_, i) => variant(i).toPem()).join("");
      let store = new Keystore({ format: "PEM" });
      const calls = count(() => {
        store = decodePem(bundle);
      });
      expect(store.aliases()).toEqual([caAlias, ...Array.from({ length: n - 1 }, (_, i) => `${caAlias}-${i + 2}`)]);
      expect(calls.has).toBeLessThanOrEqual(3 * n); // probing from base-2 each time: n²/2
    }
  });

  it("merges n entries into n entries with O(n) fingerprint reads and lookups", () => {
    for (const n of sizes) {
      const mine = new TrustStore(decodePem(Array.from({ length: n }, (_, i) => variant(i).toPem()).join("")));
      // The other store holds n new certificates and, every tenth, one this store already has.
      const other = new Keystore({ format: "JKS" });
      for (let i = 0; i < n; i++) {
        other.set({ type: "trustedCert", alias: i % 10 === 0 ? `old-${i}` : `${caAlias}-${i + 2}`, created: null, certificate: variant(i % 10 === 0 ? i : n + i) });
      }
      let added: { alias: string; added: boolean }[] = [];
      const calls = count(() => {
        added = mine.merge(other);
      });
      expect(added).toHaveLength(n - n / 10);
      expect(added.every((result) => result.added)).toBe(true);
      expect(added[0]!.alias).toBe(`${caAlias}-3-2`); // "keystorekit-test-ca-3" is taken in mine
      expect(mine.store.size).toBe(2 * n - n / 10);
      expect(new Set(mine.anchors().map((entry) => entry.certificate.sha256)).size).toBe(mine.store.size);
      expect(calls.sha256).toBeLessThanOrEqual(10 * n); // rescanning the anchors per certificate: n²
      expect(calls.has).toBeLessThanOrEqual(10 * n);
    }
  });

  it("adds n certificates one by one with O(n) fingerprint reads", () => {
    for (const n of sizes) {
      const trust = new TrustStore(new Keystore({ format: "JKS" }));
      const calls = count(() => {
        for (let i = 0; i < n; i++) trust.add(variant(i));
        for (let i = 0; i < n; i += 10) expect(trust.add(variant(i)).added).toBe(false);
      });
      expect(trust.store.size).toBe(n);
      expect(calls.sha256).toBeLessThanOrEqual(6 * n);
    }
  });

  it("aliasOf names the first trusted holder in store order, whatever was edited around the TrustStore", () => {
    const certs = [0, 1, 2, 3].map(variant);
    const alias = fc.constantFrom("a", "b", "c", "d", "e");
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), cert: fc.nat({ max: 3 }), alias: fc.option(alias), replace: fc.boolean(), allowDuplicate: fc.boolean() }),
      fc.record({ kind: fc.constant("set" as const), cert: fc.nat({ max: 3 }), alias, key: fc.boolean() }),
      fc.record({ kind: fc.constant("delete" as const), alias }),
      fc.record({ kind: fc.constant("rename" as const), from: alias, to: alias }),
      fc.record({ kind: fc.constant("remove" as const), alias }),
      fc.record({ kind: fc.constant("merge" as const), certs: fc.array(fc.tuple(alias, fc.nat({ max: 3 })), { maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const trust = new TrustStore(new Keystore({ format: "JKS" }));
        const store = trust.store;
        const firstHolder = (c: Certificate) => trust.anchors().find((entry) => entry.certificate.sha256 === c.sha256)?.alias;
        for (const o of ops) {
          try {
            if (o.kind === "add") trust.add(certs[o.cert]!, { ...(o.alias === null ? {} : { alias: o.alias }), replace: o.replace, allowDuplicate: o.allowDuplicate });
            else if (o.kind === "set") {
              const entry: Entry = o.key
                ? { type: "privateKey", alias: o.alias, created: null, chain: [certs[o.cert]!], key: { plain: new Uint8Array([1]) } }
                : { type: "trustedCert", alias: o.alias, created: null, certificate: certs[o.cert]! };
              store.set(entry);
            } else if (o.kind === "delete") store.delete(o.alias);
            else if (o.kind === "rename") store.rename(o.from, o.to);
            else if (o.kind === "remove") trust.remove(o.alias);
            else {
              const other = new Keystore({ format: "JKS" });
              for (const [a, c] of o.certs) other.set({ type: "trustedCert", alias: a, created: null, certificate: certs[c]! });
              trust.merge(other);
            }
          } catch (error) {
            // Refusals (alias taken, not found) are part of the game; only typed ones.
            expect((error as { code?: string }).code).toMatch(/INVALID_ARGUMENT|NOT_FOUND/);
          }
          for (const c of certs) expect(trust.aliasOf(c)).toBe(firstHolder(c));
        }
      }),
      { numRuns: 300 },
    );
  });
});
