import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, it } from "vitest";
import { decodeBks, isKeystoreError, type KeystoreFormat } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";

/** Random, truncated and bit-flipped BKS/UBER bytes only ever raise KeystoreError. */
const LIMITS = { maxIterations: 20_000 };
const dir = join(repoRoot, "test/fixtures/bks");
const seeds: Array<[KeystoreFormat, Uint8Array]> = [
  ["BKS", new Uint8Array(readFileSync(join(dir, "bc.bks")))],
  ["UBER", new Uint8Array(readFileSync(join(dir, "bc.uber")))],
];

function exercise(format: KeystoreFormat, bytes: Uint8Array): void {
  for (const password of ["changeit", undefined]) {
    try {
      const store = decodeBks(bytes, { password, format, limits: LIMITS });
      for (const entry of store) {
        if (entry.type === "trustedCert") continue;
        try {
          entry.key.protected?.decrypt("keypass");
        } catch (error) {
          if (!isKeystoreError(error)) throw error;
        }
      }
    } catch (error) {
      if (!isKeystoreError(error)) throw error;
    }
  }
}

describe("BKS/UBER mutation robustness", () => {
  it("truncations", () => {
    for (const [format, bytes] of seeds) for (let n = 0; n < bytes.length; n += 7) exercise(format, bytes.subarray(0, n));
  });

  it("bit flips and byte overwrites", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), ([format, seed], edits) => {
        const bytes = seed.slice();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        exercise(format, bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("random bytes, bare and behind a BKS/UBER header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom<KeystoreFormat>("BKS", "UBER"), fc.integer({ min: 0, max: 2 }), (tail, format, version) => {
        exercise(format, tail);
        const header = [0, 0, 0, version, 0, 0, 0, 20, ...new Array<number>(20).fill(1), 0, 0, 4, 0];
        exercise(format, Uint8Array.from([...header, ...tail]));
      }),
      { numRuns: 300 },
    );
  });
});
