import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Certificate, Keystore, uniqueAlias, type Entry } from "../../src/index.js";

/**
 * uniqueAlias remembers the numbers it passed (issue #11 item 14: probing base-2, base-3, … from
 * the start each time made naming n certificates alike cost n²/2 lookups). It must still give
 * exactly what the plain probe gives, whatever was deleted or renamed in between.
 */

/** The definition: `base`, or the first free of base-2, base-3, … */
function probe(store: Keystore, base: string): string {
  if (!store.has(base)) return base;
  for (let n = 2; ; n++) if (!store.has(`${base}-${n}`)) return `${base}-${n}`;
}

const trusted = (alias: string): Entry => ({ type: "trustedCert", alias, created: null, certificate: new Certificate(new Uint8Array([1])) });

/** Keystore.has calls made by `run`. */
function hasCalls(run: () => void): number {
  const spy = vi.spyOn(Keystore.prototype, "has");
  try {
    run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("uniqueAlias", () => {
  it("names n entries alike with O(n) lookups", () => {
    for (const n of [500, 2000]) {
      const store = new Keystore({ format: "JKS" });
      const calls = hasCalls(() => {
        for (let i = 0; i < n; i++) store.set(trusted(uniqueAlias(store, "same-cn")));
      });
      expect(store.aliases().slice(0, 3)).toEqual(["same-cn", "same-cn-2", "same-cn-3"]);
      expect(store.aliases().at(-1)).toBe(`same-cn-${n}`);
      expect(calls).toBeLessThanOrEqual(4 * n); // the plain probe: n²/2
    }
  });

  it("stays O(1) per alias when deletions and additions alternate", () => {
    for (const n of [500, 2000]) {
      const store = new Keystore({ format: "JKS" });
      for (let i = 0; i < n; i++) store.set(trusted(uniqueAlias(store, "x")));
      const calls = hasCalls(() => {
        for (let i = 0; i < n; i++) {
          store.delete(`x-${2 + ((i * 7919) % (n - 1))}`);
          store.set(trusted(uniqueAlias(store, "x")));
        }
      });
      expect(store.size).toBe(n);
      expect(calls).toBeLessThanOrEqual(6 * n);
    }
  });

  it("gives what the plain probe gives, through random adds, deletes, renames and replaces", () => {
    const base = fc.constantFrom("a", "A", "a-2", "b", "Σ");
    const alias = fc.oneof(base, fc.tuple(base, fc.integer({ min: 0, max: 6 })).map(([b, n]) => `${b}-${n}`));
    const op = fc.oneof(
      fc.record({ kind: fc.constant("unique" as const), base, use: fc.boolean() }),
      fc.record({ kind: fc.constant("set" as const), alias }),
      fc.record({ kind: fc.constant("decoded" as const), alias }),
      fc.record({ kind: fc.constant("delete" as const), alias }),
      fc.record({ kind: fc.constant("rename" as const), from: alias, to: alias }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 60 }), (caseSensitiveAliases, ops) => {
        const store = new Keystore({ format: caseSensitiveAliases ? "BKS" : "JKS", caseSensitiveAliases });
        for (const o of ops) {
          if (o.kind === "unique") {
            const expected = probe(store, o.base);
            expect(uniqueAlias(store, o.base)).toBe(expected);
            if (o.use) store.set(trusted(expected)); // or not: a caller may ask and not take it
          } else if (o.kind === "set") {
            store.set(trusted(o.alias));
          } else if (o.kind === "decoded") {
            if (!store.aliases().includes(o.alias)) store.addDecoded(trusted(o.alias)); // as a decoder keeps case
          } else if (o.kind === "delete") {
            store.delete(o.alias);
          } else if (store.has(o.from) && (!store.has(o.to) || store.resolveAlias(o.to) === store.resolveAlias(o.from))) {
            store.rename(o.from, o.to);
          }
          for (const b of ["a", "A", "a-2", "b", "Σ"]) expect(uniqueAlias(store, b)).toBe(probe(store, b));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("Keystore edits keep store order in O(1)", () => {
  it("rename, replace and delete keep every other entry's place", () => {
    const store = new Keystore({ format: "JKS" });
    for (const alias of ["a", "b", "c", "d"]) store.set(trusted(alias));
    store.rename("b", "B2");
    store.set({ ...trusted("c"), created: new Date(0) });
    store.delete("a");
    store.set(trusted("e"));
    expect(store.aliases()).toEqual(["b2", "c", "d", "e"]);
    expect([...store].map((entry) => entry.alias)).toEqual(["b2", "c", "d", "e"]);
    expect(store.get("C")?.created).toEqual(new Date(0));
    expect(store.entry("b2").alias).toBe("b2");
    expect(store.has("b")).toBe(false);
  });

  it("renames every entry of an n-entry store with O(n) map writes", () => {
    for (const n of [500, 2000]) {
      const store = new Keystore({ format: "JKS" });
      for (let i = 0; i < n; i++) store.set(trusted(`e${i}`));
      const writes = vi.spyOn(Map.prototype, "set");
      for (let i = 0; i < n; i++) store.rename(`e${i}`, `r${i}`);
      const calls = writes.mock.calls.length;
      writes.mockRestore();
      expect(store.aliases()).toEqual(Array.from({ length: n }, (_, i) => `r${i}`));
      expect(calls).toBeLessThanOrEqual(2 * n); // rebuilding the table each time: 2n²
    }
  });

  it("counts every edit in revision", () => {
    const store = new Keystore({ format: "JKS" });
    const seen = [store.revision];
    store.set(trusted("a"));
    seen.push(store.revision);
    store.set(trusted("a"));
    seen.push(store.revision);
    store.rename("a", "b");
    seen.push(store.revision);
    store.addDecoded(trusted("C"));
    seen.push(store.revision);
    store.delete("b");
    seen.push(store.revision);
    expect(store.delete("nothing")).toBe(false);
    expect(store.revision).toBe(seen.at(-1));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
