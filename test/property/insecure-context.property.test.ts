import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { isKeystoreError, verifyChain } from "../../src/index.js";
import { trustAnchorsOf } from "../../src/truststore/verify.js";
import { damagedAnchorsArb, damagedChainArb, fixtureStores } from "./chain-fixtures.js";

/**
 * The verifyChain fuzz property again, without crypto.subtle (a page served over plain HTTP), so
 * that damaged RSA keys and signatures reach the BigInt verifier: a result or a KeystoreError.
 */

const realCrypto = vi.hoisted(() => {
  const real = globalThis.crypto;
  Object.defineProperty(globalThis, "crypto", { value: { getRandomValues: real.getRandomValues.bind(real) }, configurable: true, writable: true });
  return real;
});
afterAll(() => {
  Object.defineProperty(globalThis, "crypto", { value: realCrypto, configurable: true, writable: true });
});

describe("fuzz without WebCrypto: damaged chains give a result or a KeystoreError", () => {
  it("verifyChain on damaged fixture chains", async () => {
    expect(globalThis.crypto.subtle).toBeUndefined();
    const allAnchors = fixtureStores.flatMap(trustAnchorsOf);
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(damagedChainArb, fc.oneof({ arbitrary: fc.constant(allAnchors), weight: 3 }, damagedAnchorsArb), async (chain, anchors) => {
        try {
          outcomes.add((await verifyChain(chain, anchors)).code);
        } catch (error) {
          if (!isKeystoreError(error)) throw error;
          outcomes.add(error.code);
        }
      }),
      { numRuns: 2000 },
    );
    // The pure verifier was reached and answered both ways.
    expect(outcomes).toContain("TRUSTED");
    expect(outcomes).toContain("BAD_SIGNATURE");
    expect(outcomes).toContain("UNSUPPORTED");
  }, 120_000);
});
