import { describe, expect, it } from "vitest";
import { Keystore, decodeKeystore, encodeKeystore, isKeystoreError } from "../../src/index.js";
import { TrustStore } from "../../src/truststore/truststore.js";
import { javaOptions } from "../../src/truststore/java-options.js";
import { corpusFile, hasCorpus } from "../helpers/corpus.js";

describe.skipIf(!hasCorpus)("TrustStore", () => {
  const cacerts = () => decodeKeystore(corpusFile("stores/debian/cacerts-debian.jks"), { password: "changeit" });
  // Evaluated even when the suite is skipped: only read the corpus when it is there.
  const sample = hasCorpus ? cacerts().entries().slice(0, 5) : [];
  const certificateOf = (i: number) => {
    const entry = sample[i]!;
    if (entry.type !== "trustedCert") throw new Error("expected a trusted certificate");
    return entry.certificate;
  };

  it("adds from PEM and DER, deriving an alias from the subject, and reports duplicates like keytool", () => {
    const trust = new TrustStore(new Keystore({ format: "JKS" }));
    const first = trust.add(certificateOf(0).toPem());
    expect(first.added).toBe(true);
    expect(first.alias).toMatch(/^[\p{L}\p{N}._@-]+$/u);
    const again = trust.add(certificateOf(0).der, { alias: "other" });
    expect(again).toEqual({ alias: first.alias, added: false, existingAlias: first.alias });
    const forced = trust.add(certificateOf(0).der, { alias: "Other", allowDuplicate: true });
    expect(forced).toMatchObject({ alias: "other", added: true, existingAlias: first.alias });
    expect(() => trust.add(certificateOf(1), { alias: "OTHER" })).toThrow(/alias <other> already exists/);
    expect(trust.anchors()).toHaveLength(2);
  });

  it("derives distinct aliases for certificates with the same name", () => {
    const trust = new TrustStore(new Keystore({ format: "JKS" }));
    const a = trust.add(certificateOf(0)).alias;
    trust.store.rename(a, "x");
    trust.add(certificateOf(1), { alias: a });
    expect(trust.add(certificateOf(0), { allowDuplicate: true }).alias).toBe(`${a}-2`);
  });

  it("refuses text that holds no certificate, with a typed error", () => {
    const trust = new TrustStore(new Keystore({ format: "JKS" }));
    for (const bad of ["hello", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])]) {
      try {
        trust.add(bad);
        expect.unreachable();
      } catch (error) {
        expect(isKeystoreError(error)).toBe(true);
      }
    }
  });

  it("finds by alias, fingerprint (SHA-256 or SHA-1, with colons), subject and issuer", () => {
    const trust = new TrustStore(cacerts());
    const target = certificateOf(2);
    const alias = sample[2]!.alias;
    expect(trust.find(alias).map((e) => e.alias)).toEqual([alias]);
    expect(trust.find(alias.toUpperCase()).map((e) => e.alias)).toEqual([alias]);
    expect(trust.find(target.sha256.slice(0, 16)).map((e) => e.alias)).toEqual([alias]);
    expect(trust.find(target.sha1.toUpperCase().match(/../g)!.join(":")).map((e) => e.alias)).toEqual([alias]);
    expect(trust.find({ subject: target.subject.toUpperCase() }).map((e) => e.alias)).toContain(alias);
    expect(trust.find({ issuer: "no such issuer" })).toEqual([]);
  });

  it("removes by alias or fingerprint, renames, and survives a save", () => {
    const trust = new TrustStore(cacerts());
    const before = trust.store.size;
    trust.remove(certificateOf(0).sha256);
    expect(() => trust.remove("no-such-alias")).toThrow(/does not exist/);
    trust.rename(sample[1]!.alias, "Renamed");
    const saved = decodeKeystore(encodeKeystore(trust.store, { format: "JKS", password: "changeit" }), { password: "changeit" });
    expect(saved.size).toBe(before - 1);
    expect(saved.has("renamed")).toBe(true);
    expect(saved.aliases().indexOf("renamed")).toBe(0);
  });

  it("diffs and merges by fingerprint", () => {
    const base = new TrustStore(cacerts());
    const edited = new TrustStore(cacerts());
    edited.remove(sample[0]!.alias);
    edited.store.set({ type: "trustedCert", alias: sample[1]!.alias, created: new Date(), certificate: certificateOf(4) });
    const diff = base.diff(edited);
    expect(diff.removed.map((i) => i.alias).sort()).toEqual([sample[0]!.alias, sample[1]!.alias].sort());
    expect(diff.added).toEqual([]);
    expect(diff.changed).toEqual([{ alias: sample[1]!.alias, before: certificateOf(1).sha256, after: certificateOf(4).sha256 }]);
    const merged = edited.merge(base);
    expect(merged.map((r) => r.alias).sort()).toEqual([sample[0]!.alias, `${sample[1]!.alias}-2`].sort());
    // Everything the edited store holds is also in the base store: nothing is "removed" relative to it.
    expect(edited.diff(base).removed).toEqual([]);
    expect(edited.diff(base).added).toEqual([]);
  });

  it("lists what expires within N days, soonest first", () => {
    const trust = new TrustStore(cacerts());
    const all = trust.expiring(365 * 100, new Date("2020-01-01T00:00:00Z"));
    expect(all).toHaveLength(144);
    for (let i = 1; i < all.length; i++) expect(all[i]!.notAfter.getTime()).toBeGreaterThanOrEqual(all[i - 1]!.notAfter.getTime());
    const soon = trust.expiring(30, new Date(all[0]!.notAfter.getTime() - 10 * 86_400_000));
    expect(soon[0]!.daysLeft).toBe(10);
  });

  it("exports all anchors as a PEM bundle that reads back as the same certificates", () => {
    const trust = new TrustStore(cacerts());
    const bundle = decodeKeystore(new TextEncoder().encode(trust.toPemBundle()));
    expect(bundle.format).toBe("PEM");
    expect(new TrustStore(bundle).anchorCertificates().map((c) => c.sha256)).toEqual(trust.anchorCertificates().map((c) => c.sha256));
  });
});

describe("javaOptions", () => {
  it("prints the system properties Java reads, quoted for a shell", () => {
    expect(javaOptions({ path: "/etc/app/trust store.p12", password: "it's", format: "PKCS12", role: "truststore" })).toBe(
      "-Djavax.net.ssl.trustStore='/etc/app/trust store.p12' -Djavax.net.ssl.trustStorePassword='it'\\''s' -Djavax.net.ssl.trustStoreType=PKCS12",
    );
    expect(javaOptions({ path: "/k.jks", password: "changeit", format: "JKS", role: "keystore" })).toBe(
      "-Djavax.net.ssl.keyStore=/k.jks -Djavax.net.ssl.keyStorePassword=changeit -Djavax.net.ssl.keyStoreType=JKS",
    );
  });
});
