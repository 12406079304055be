import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PKCS12_PROFILES, withIterations, type Pkcs12ProfileName } from "../../src/formats/pkcs12/profiles.js";
import { Certificate, Keystore, decodeKeystore, encodeKeystore, isKeystoreError, parsePem, type EncodeOptions, type Entry } from "../../src/index.js";
import { fixtureCertificate } from "../helpers/crafted-stores.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/corpus.js";

/**
 * "Encode then decode is the identity or a typed refusal" (issue 12, item 8), for every format
 * keystorekit writes: JKS, JCEKS, PKCS#12 under each profile, PEM. Any store an encoder accepts
 * decodes back to the same entries: aliases as the format normalises them (PEM has none: its
 * decoder names certificates after their subjects), entry types, certificate bytes, key bytes.
 * Whatever would not survive is refused at encode time with a KeystoreError naming the alias.
 */
const ca = new Certificate(fixtureCertificate("ca.pem"));
const server = new Certificate(fixtureCertificate("server.pem"));
const serverKey = parsePem(readFileSync(join(repoRoot, "test/fixtures/pkcs12/src/server-key.pem"), "utf8"))[0]!.der;

const aliasArb = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 10 }),
  fc.constantFrom("CaseSensitive", "casesensitive", "ca", "CA", "key"),
);
const certArb = fc.oneof(fc.constant(ca), fc.constant(server), fc.uint8Array({ minLength: 1, maxLength: 40 }).map((der) => new Certificate(der)));
const chainArb = fc.oneof(
  fc.constant([server, ca]),
  fc.constant([server]),
  fc.constant([ca]),
  fc.array(certArb, { maxLength: 3 }),
);
const keyArb = fc.oneof(fc.constant(serverKey), fc.uint8Array({ minLength: 1, maxLength: 64 }));
const dateArb = fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms)), { nil: null });
const entryArb: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ alias: aliasArb, created: dateArb, certificate: certArb }).map((e): Entry => ({ type: "trustedCert", ...e })),
  fc.record({ alias: aliasArb, created: dateArb, chain: chainArb, pkcs8: keyArb }).map(
    ({ pkcs8, ...e }): Entry => ({ type: "privateKey", ...e, key: { plain: pkcs8 } }),
  ),
  fc.record({ alias: aliasArb, created: dateArb, algorithm: fc.constantFrom("AES", "DESede", "HmacSHA256", null, "Blowfish"), key: fc.uint8Array({ minLength: 1, maxLength: 32 }) }).map(
    ({ key, ...e }): Entry => ({ type: "secretKey", ...e, key: { plain: key } }),
  ),
);
const storeArb = fc.record({ caseSensitive: fc.boolean(), entries: fc.array(entryArb, { maxLength: 5 }) }).map(({ caseSensitive, entries }) => {
  const store = new Keystore({ format: caseSensitive ? "BKS" : "JKS", caseSensitiveAliases: caseSensitive });
  for (const entry of entries) {
    // Keystore.set refuses (INVALID_ARGUMENT) a key entry whose plain bytes are no PKCS#8 or whose
    // chain is empty; a decoder still keeps such an entry as the file holds it (a JKS can), so it
    // goes in as a decoded one, and the encoders must refuse or round-trip it.
    try {
      store.set(entry);
    } catch (error) {
      if (!isKeystoreError(error, "INVALID_ARGUMENT")) throw error;
      const alias = store.normalizeAlias(entry.alias);
      if (!store.has(alias)) store.addDecoded({ ...entry, alias });
    }
  }
  return store;
});

type Target = { name: string; options: Omit<EncodeOptions, "password"> };
const targets: Target[] = [
  { name: "JKS", options: { format: "JKS" } },
  // encodeKeystore hands its options to encodeJceks, which takes an iteration count (Java writes 200,000).
  { name: "JCEKS", options: { format: "JCEKS", iterations: 1 } as Target["options"] },
  ...(Object.keys(PKCS12_PROFILES) as Pkcs12ProfileName[]).map((profile) => ({
    name: `PKCS12 ${profile}`,
    options: { format: "PKCS12" as const, profile: withIterations(PKCS12_PROFILES[profile], 1) },
  })),
  { name: "PEM", options: { format: "PEM" } },
];

/**
 * What must survive of an entry: type, certificates, key bytes (aliases are compared apart). A
 * PKCS#12 reader rebuilds each key's chain from the certificates of the whole file, as Java's does,
 * so a chain that stops below its root comes back completed with the issuers the store holds:
 * `chainOf` cuts a decoded chain to the written one's length, once checked that it only grew.
 */
function essence(store: Keystore, entry: Entry, password: string, chainOf?: (decoded: string[]) => string[]): string {
  const decoded = store.certificates(entry.alias).map((c) => c.sha256);
  const certs = chainOf ? chainOf(decoded) : decoded;
  const key = entry.type === "privateKey" ? store.privateKeyPkcs8(entry.alias, password) : entry.type === "secretKey" ? store.secretKey(entry.alias, password) : null;
  return JSON.stringify([entry.type, certs, key ? Buffer.from(key).toString("hex") : null]);
}

describe("encode then decode: the identity or a typed refusal", () => {
  for (const target of targets) {
    it(target.name, () => {
      fc.assert(
        fc.property(storeArb, fc.string({ maxLength: 6 }), (store, password) => {
          let bytes: Uint8Array;
          try {
            bytes = encodeKeystore(store, { ...target.options, password } as EncodeOptions);
          } catch (error) {
            if (!isKeystoreError(error)) throw error;
            // The refusal names what would not survive (an empty store has nothing to name).
            const named = store.aliases().some((alias) => error.message.includes(alias) || error.message.includes(alias.toLowerCase()));
            expect(named || store.size === 0, error.message).toBe(true);
            return;
          }
          const back = decodeKeystore(bytes, { password });
          const want = store.entries().map((entry) => essence(store, entry, password));
          const got = back.entries().map((entry) => essence(back, entry, password));
          if (target.name === "PEM") {
            expect(got.sort()).toEqual(want.sort());
            return;
          }
          expect(back.aliases().sort()).toEqual(store.aliases().map((a) => a.toLowerCase()).sort());
          for (const entry of store) {
            const written = store.certificates(entry.alias).map((c) => c.sha256);
            const completed = (decoded: string[]) => {
              if (target.name.startsWith("PKCS12") && entry.type === "privateKey" && decoded.length > written.length) {
                const last = entry.chain[entry.chain.length - 1];
                expect(last && last.issuer !== last.subject, "only a chain without its root grows").toBe(true);
                return decoded.slice(0, written.length);
              }
              return decoded;
            };
            expect(essence(back, back.entry(entry.alias.toLowerCase()), password, completed)).toBe(essence(store, entry, password));
          }
        }),
        { numRuns: target.name.startsWith("PKCS12") ? 60 : 150 },
      );
    });
  }
});

describe("refused at encode time, naming the alias", () => {
  const refusal = (store: Keystore, options: Omit<EncodeOptions, "password">): string => {
    try {
      encodeKeystore(store, { ...options, password: "pw" } as EncodeOptions);
    } catch (error) {
      expect(isKeystoreError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
      return (error as Error).message;
    }
    return expect.unreachable("the store was written");
  };

  it("PKCS12: a certificate that does not parse (it was written, then TRUNCATED on reading)", () => {
    const store = new Keystore({ format: "JKS" });
    store.set({ type: "privateKey", alias: "server", created: null, chain: [new Certificate(Uint8Array.from([1, 2, 3]))], key: { plain: serverKey } });
    expect(refusal(store, { format: "PKCS12" })).toContain('alias "server" is not an X.509 certificate');
    const trusted = new Keystore({ format: "JKS" });
    trusted.set({ type: "trustedCert", alias: "junk", created: null, certificate: new Certificate(Uint8Array.from([0x30, 0x00])) });
    expect(refusal(trusted, { format: "PKCS12" })).toContain('"junk"');
  });

  it("PKCS12: a chain out of issuer order, as Java's setKeyEntry refuses it", () => {
    const store = new Keystore({ format: "JKS" });
    store.set({ type: "privateKey", alias: "server", created: null, chain: [ca, server], key: { plain: serverKey } });
    expect(refusal(store, { format: "PKCS12" })).toContain("Certificate chain is not valid");
  });

  it("PKCS12 and JCEKS: a private key that is not PKCS#8 (as a JKS file may hold it)", () => {
    // Keystore.set refuses such a key; a decoder keeps what the file holds (addDecoded), and the
    // encoders must still refuse to write it where it would not read back.
    const store = new Keystore({ format: "JKS" });
    store.addDecoded({ type: "privateKey", alias: "k", created: null, chain: [server, ca], key: { plain: Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x00, 0x00]) } });
    expect(refusal(store, { format: "PKCS12" })).toContain('"k" is not a PKCS#8 PrivateKeyInfo');
    const other = new Keystore({ format: "JKS" });
    other.addDecoded({ type: "privateKey", alias: "k", created: null, chain: [server, ca], key: { plain: Uint8Array.from([0x04, 0x01, 0x00]) } });
    expect(refusal(other, { format: "JCEKS" })).toContain('"k" is not a PKCS#8 PrivateKeyInfo');
  });

  it("PEM: an empty store (it was written as an empty file, which no decoder takes)", () => {
    expect(refusal(new Keystore({ format: "JKS" }), { format: "PEM" })).toContain("empty");
  });
});
