import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Keystore, diagnose, isKeystoreError, verifyChain, type Certificate, type Entry } from "../../src/index.js";
import { TrustStore } from "../../src/truststore/truststore.js";
import { trustAnchorsOf } from "../../src/truststore/verify.js";
import { damagedAnchorsArb, damagedChainArb, dateArb, fixtureCertificates, fixtureStores, maybeMutatedArb, mutatedArb } from "./chain-fixtures.js";

/**
 * Damaged certificates reach verifyChain, TrustStore and diagnose through servers, files and
 * users. Whatever the damage, each answers with a result or a KeystoreError, never another error
 * (a pkijs AsnError, an asn1js Error, a RangeError from an unreadable date…) and never a hang.
 */

/** Runs `run`; an error other than a KeystoreError fails the property, with the error's own text. */
async function resultOrKeystoreError<T>(run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (isKeystoreError(error)) return undefined;
    throw new Error(`not a KeystoreError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

const aliasArb = fc.string({ minLength: 1, maxLength: 12 });
const hexArb = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:"), minLength: 8, maxLength: 64 });

const damagedCertificateArb: fc.Arbitrary<Certificate> = fc.constantFrom(...fixtureCertificates).chain(maybeMutatedArb);

/** Trusted-certificate and key entries holding damaged certificates. */
const damagedEntryArb: fc.Arbitrary<Entry> = fc.oneof(
  { arbitrary: fc.record({ alias: aliasArb, certificate: damagedCertificateArb }).map(({ alias, certificate }): Entry => ({ type: "trustedCert", alias, created: new Date(0), certificate })), weight: 4 },
  {
    arbitrary: fc.record({ alias: aliasArb, chain: fc.array(damagedCertificateArb, { maxLength: 3 }) }).map(
      ({ alias, chain }): Entry => ({ type: "privateKey", alias, created: new Date(0), chain, key: { plain: new Uint8Array([0x30, 0x00]) } }),
    ),
    weight: 1,
  },
);

const damagedStoreArb: fc.Arbitrary<Keystore> = fc.tuple(fc.constantFrom("JKS", "PKCS12", "PEM", "BKS") as fc.Arbitrary<"JKS" | "PKCS12" | "PEM" | "BKS">, fc.array(damagedEntryArb, { maxLength: 6 })).map(([format, entries]) => {
  const store = new Keystore({ format });
  for (const entry of entries) {
    if (entry.type !== "privateKey") store.set(entry);
    else {
      // Placeholder key bytes and maybe no chain, as a decoder may read them (Keystore.set refuses them).
      const alias = store.normalizeAlias(entry.alias);
      store.delete(alias);
      store.addDecoded({ ...entry, alias });
    }
  }
  return store;
});

/** What a user may hand to TrustStore.add: the Certificate, its DER, or its PEM text. */
const addInputArb: fc.Arbitrary<Certificate | Uint8Array | string> = damagedCertificateArb.chain((certificate) =>
  fc.constantFrom<Certificate | Uint8Array | string>(certificate, certificate.der, certificate.toPem()),
);

const VERIFY_CODES = ["TRUSTED", "EMPTY_CHAIN", "NO_TRUST_ANCHORS", "NO_TRUSTED_ISSUER", "EXPIRED", "NOT_YET_VALID", "BAD_SIGNATURE", "NOT_A_CA", "KEY_USAGE", "PATH_LENGTH", "ANCHOR_NOT_A_CA", "ANCHOR_KEY_USAGE", "EXTENDED_KEY_USAGE", "LEAF_KEY_USAGE"];

describe("fuzz: damaged certificates give a result or a KeystoreError", () => {
  it("verifyChain on damaged fixture chains and damaged anchors", async () => {
    const storeAnchors = fixtureStores.map(trustAnchorsOf).filter((anchors) => anchors.length > 0);
    // Every fixture anchor at once gives most damaged chains a path, so the damage reaches the
    // signature check instead of stopping at "no trusted issuer".
    const allAnchors = storeAnchors.flat();
    const anchorsArb = fc.oneof({ arbitrary: fc.constant(allAnchors), weight: 3 }, fc.constantFrom(...storeAnchors), damagedAnchorsArb);
    const purposeArb = fc.constantFrom("tls-server", "tls-client", "any") as fc.Arbitrary<"tls-server" | "tls-client" | "any">;
    await fc.assert(
      // Mostly "now", inside the fixtures' validity, so that validation goes on to the signatures.
      fc.asyncProperty(damagedChainArb, anchorsArb, fc.option(dateArb, { freq: 4, nil: undefined }), purposeArb, async (chain, anchors, at, purpose) => {
        const result = await resultOrKeystoreError(() => verifyChain(chain, anchors, at ? { at, purpose } : { purpose }));
        if (result) {
          expect(VERIFY_CODES).toContain(result.code);
          expect(result.trusted).toBe(result.code === "TRUSTED");
        }
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  it("TrustStore add, find, remove, merge, diff, expiring and toPemBundle on damaged certificates", async () => {
    const queryArb = fc.oneof(
      hexArb,
      aliasArb,
      fc.record({ fingerprint: hexArb, subject: fc.string({ maxLength: 8 }), issuer: fc.string({ maxLength: 8 }) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(
        damagedStoreArb,
        damagedStoreArb,
        fc.array(fc.tuple(addInputArb, fc.option(aliasArb, { nil: undefined }), fc.boolean()), { maxLength: 4 }),
        queryArb,
        fc.integer({ min: -100_000, max: 100_000 }),
        dateArb,
        async (store, otherStore, additions, query, days, at) => {
          const trust = new TrustStore(store);
          const other = new TrustStore(otherStore);
          for (const [input, alias, replace] of additions) {
            await resultOrKeystoreError(() => trust.add(input, alias === undefined ? { replace } : { alias, replace }));
          }
          await resultOrKeystoreError(() => trust.find(query));
          await resultOrKeystoreError(() => (typeof query === "string" ? trust.remove(query) : undefined));
          await resultOrKeystoreError(() => trust.merge(other));
          await resultOrKeystoreError(() => trust.diff(other));
          await resultOrKeystoreError(() => other.diff(trust.store));
          await resultOrKeystoreError(() => trust.expiring(days, at));
          const pem = await resultOrKeystoreError(() => trust.toPemBundle());
          if (pem !== undefined) expect(typeof pem).toBe("string");
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);

  it("diagnose on stores of damaged certificates, in both roles", async () => {
    const optionsArb = fc.record(
      {
        role: fc.constantFrom("truststore", "keystore") as fc.Arbitrary<"truststore" | "keystore">,
        defaultTrustStore: damagedStoreArb,
        at: dateArb,
        expectedType: fc.constantFrom("JKS", "PKCS12", "jceks", "BKS", "pem", "p12", ""),
        untrustedCertificates: fc.array(damagedCertificateArb, { maxLength: 3 }),
        passwordProblem: fc.constantFrom("wrong", "missing") as fc.Arbitrary<"wrong" | "missing">,
        expiringWithinDays: fc.integer({ min: -1000, max: 100_000 }),
      },
      { requiredKeys: ["role"] },
    );
    await fc.assert(
      fc.asyncProperty(damagedStoreArb, optionsArb, async (store, options) => {
        const findings = await resultOrKeystoreError(() => diagnose(store, options));
        if (findings) for (const finding of findings) expect(finding.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  it("the damage reaches the parsers: some damaged certificates are refused, some still parse", () => {
    // Guards the properties above against an arbitrary that only ever produces intact (or only
    // unparseable) certificates, which would make them pass without testing anything.
    const outcomes = fc.sample(fc.constantFrom(...fixtureCertificates).chain(mutatedArb), { numRuns: 300, seed: 12 }).map((c) => {
      try {
        void c.subject;
        void c.notAfter;
        return "parsed";
      } catch (error) {
        return isKeystoreError(error) ? "refused" : "other";
      }
    });
    expect(outcomes).toContain("parsed");
    expect(outcomes).toContain("refused");
  });
});
