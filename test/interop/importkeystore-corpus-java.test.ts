import { X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { cli } from "../cli/helpers.js";
import { corpusFile, corpusRoot, hasCorpus, loadManifest, type ManifestEntry, type ManifestStore } from "../helpers/corpus.js";
import { inspect, jdks, requireInspect, type InspectEntry, type InspectRequest, type InspectResult } from "../helpers/java.js";

/**
 * Issue 13: `importkeystore` of every store of ../shared/peer-corpus that Java opens (JKS, JCEKS,
 * PKCS#12, BKS, UBER) into a fresh JKS, PKCS#12 and JCEKS store keeps every entry, and Java
 * itself (Inspect.java on Java 17 and Temurin 25) reads the copy back as the manifest says Java
 * reads the original: the same aliases and entry types, certificate chains (SHA-256 of each DER),
 * private keys (SHA-256 of getKey().getEncoded()) and secret keys (algorithm and bytes).
 *
 * Where the destination cannot hold an entry, the copy is refused as a whole, typed, naming the
 * alias, and no file is written; the expected refusals are derived from the manifest and from the
 * certificates themselves (node:crypto), not from keystorekit:
 *  - a key entry without a chain (keystore-go): Java's "Private key must be accompanied by certificate chain";
 *  - PKCS#12 and a chain out of issuer order (pyjks RSA2048_3certs): Java's "Certificate chain is not valid";
 *  - JKS and a secret key; BouncyCastle's sealed public keys and stored values, which no Java
 *    KeyStore.Entry holds (BKS/UBER christmas and custom_entry_passwords).
 */

const DEST_PASSWORD = "dest-password";
const TARGETS = [
  { format: "JKS", extension: "jks" },
  { format: "PKCS12", extension: "p12" },
  { format: "JCEKS", extension: "jceks" },
] as const;
type Target = (typeof TARGETS)[number];

const stores = loadManifest().stores.filter((s) => s.expected.result === "ok");

interface Refusal {
  code: string;
  /** Text the message must contain. */
  says: string[];
  /** The entries the destination cannot hold (UNSUPPORTED): the others are then copied one by one with -srcalias. */
  uncopyable?: string[];
}

/** The certificates of a chain (DER from the source file, checked against the manifest's SHA-256). */
function chainOf(store: ManifestStore, entry: ManifestEntry): X509Certificate[] {
  const source = decodeKeystore(corpusFile(store.file), { format: store.format as "JKS", password: store.storePassword });
  const certificates = source.certificates(entry.alias);
  expect(certificates.map((c) => c.sha256)).toEqual(entry.certChainSha256);
  return certificates.map((c) => new X509Certificate(c.der));
}

/** Why copying `store` into `target` must be refused (undefined: it must succeed). */
function expectedRefusal(store: ManifestStore, target: Target): Refusal | undefined {
  const bare = store.entries.filter((e) => e.type === "privateKey" && e.certChainSha256.length === 0);
  if (bare.length > 0) return { code: "INVALID_ARGUMENT", says: ["Private key must be accompanied by certificate chain", ...bare.map((e) => `"${e.alias}"`)] };
  const bksOnly = store.entries.filter((e) => e.type === "publicKey" || e.type === "secretValue");
  // BouncyCastle lists a sealed key with a chain as a key entry with that chain; only opening it
  // shows a public or secret key inside, which no Java KeyStore.Entry holds together with a chain.
  const sealedWithChain = store.entries.filter((e) => (e.type === "publicKey" || e.type === "secretKey") && e.certChainSha256.length > 0);
  if (sealedWithChain.length > 0) {
    const uncopyable = new Set([...bksOnly, ...sealedWithChain, ...(target.format === "JKS" ? store.entries.filter((e) => e.type === "secretKey") : [])].map((e) => e.alias));
    return { code: "UNSUPPORTED", says: ["but it was listed as a private key (it has a certificate chain)"], uncopyable: [...uncopyable] };
  }
  const secret = target.format === "JKS" ? store.entries.filter((e) => e.type === "secretKey") : [];
  if (bksOnly.length + secret.length > 0) {
    const uncopyable = [...bksOnly, ...secret].map((e) => e.alias);
    return { code: "UNSUPPORTED", says: [`${target.format} cannot hold`, ...uncopyable.map((alias) => `<${alias}>`)], uncopyable };
  }
  if (target.format === "PKCS12") {
    const disordered = store.entries.filter((e) => e.type === "privateKey" && chainOf(store, e).some((c, i, all) => i + 1 < all.length && !c.checkIssued(all[i + 1]!)));
    if (disordered.length > 0) return { code: "INVALID_ARGUMENT", says: ["Certificate chain is not valid", ...disordered.map((e) => `"${e.alias}"`)] };
  }
  return undefined;
}

async function importInto(store: ManifestStore, target: Target, only?: { dest: string; alias: string }): Promise<{ dest: string; status: number; stdout: string; stderr: string }> {
  const dest = only?.dest ?? join(mkdtempSync(join(tmpdir(), "kk-iks-java-")), `copy.${target.extension}`);
  const env: Record<string, string> = { SRC: store.storePassword, DEST: DEST_PASSWORD };
  const perKey = store.entries.flatMap((entry, i) => {
    if (entry.keyPassword === undefined) return [];
    env[`KP${i}`] = entry.keyPassword ?? "";
    return ["--srckeypass-for", `${entry.alias}=KP${i}`];
  });
  const args = ["importkeystore", "-srckeystore", join(corpusRoot, store.file), "-srcstoretype", store.format, "--srcstorepass-env", "SRC", ...perKey, ...(only ? ["-srcalias", only.alias] : [])];
  const r = await cli([...args, "-destkeystore", dest, "-deststoretype", target.format, "--deststorepass-env", "DEST", "--json"], env);
  return { dest, ...r };
}

/** Java's view of an entry, in the manifest's terms (what must be equal). */
function javaView(entry: { alias: string; type: string; certChainSha256?: string[]; pkcs8Sha256?: string; secretKeyAlgorithm?: string; secretKeySha256?: string }) {
  return {
    alias: entry.alias,
    type: entry.type,
    certChainSha256: entry.certChainSha256 ?? [],
    ...(entry.type === "privateKey" && { pkcs8Sha256: entry.pkcs8Sha256 }),
    ...(entry.type === "secretKey" && { secretKeyAlgorithm: entry.secretKeyAlgorithm, secretKeySha256: entry.secretKeySha256 }),
  };
}

describe.skipIf(!hasCorpus)("importkeystore of the peer corpus, read back by Java", () => {
  it("every store Java opens is copied into JKS, PKCS12 and JCEKS whole, or refused naming what the destination cannot hold", async (context: TestContext) => {
    const copies: { label: string; store: ManifestStore; entries: ManifestEntry[]; request: InspectRequest }[] = [];
    const refused: string[] = [];
    for (const store of stores) {
      for (const target of TARGETS) {
        const label = `${store.file} → ${target.format}`;
        const refusal = expectedRefusal(store, target);
        const r = await importInto(store, target);
        if (refusal) {
          expect(r.status, `${label}: refused\n${r.stdout}${r.stderr}`).toBe(1);
          const error = (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
          expect(error.code, label).toBe(refusal.code);
          for (const part of refusal.says) expect(error.message, label).toContain(part);
          expect(existsSync(r.dest), `${label}: no file written`).toBe(false);
          refused.push(`${label}: ${refusal.code}`);
          // What the message advises: the others, one -srcalias at a time, into the same (then existing) store.
          const copyable = refusal.uncopyable ? store.entries.filter((e) => !refusal.uncopyable!.includes(e.alias)) : [];
          for (const entry of copyable) {
            const one = await importInto(store, target, { dest: r.dest, alias: entry.alias });
            expect(one.status, `${label} -srcalias ${entry.alias}\n${one.stdout}${one.stderr}`).toBe(0);
          }
          if (copyable.length > 0) copies.push({ label: `${label} (-srcalias ${copyable.map((e) => e.alias).join(", ")})`, store, entries: copyable, request: { file: r.dest, type: target.format, storePassword: DEST_PASSWORD, keyPasswords: [DEST_PASSWORD] } });
          continue;
        }
        expect(r.status, `${label}\n${r.stdout}${r.stderr}`).toBe(0);
        copies.push({ label, store, entries: store.entries, request: { file: r.dest, type: target.format, storePassword: DEST_PASSWORD, keyPasswords: [DEST_PASSWORD] } });
      }
    }
    // Every source format and every target took part; the refusals are the few the header lists.
    for (const format of ["JKS", "JCEKS", "PKCS12", "BKS", "UBER"]) expect(copies.some((c) => c.store.format === format), format).toBe(true);
    // A refusal names everything the destination cannot hold at once (BKS christmas into JKS), and
    // BKS/UBER stores with kinds Java has no entry for are still copied, all but those kinds.
    expect(copies.filter((c) => c.label.includes("christmas") && c.label.includes("-srcalias")).length).toBeGreaterThanOrEqual(3 * 7);
    expect(refused).toContain("stores/pyjks/bks/christmas.bksv1 → JKS: UNSUPPORTED");

    // The copies and refusals above need no Java; reading the copies back does.
    requireInspect(context);
    for (const jdk of jdks) {
      const results: InspectResult[] = inspect(jdk, copies.map((c) => c.request));
      expect(results).toHaveLength(copies.length);
      copies.forEach(({ label, entries, request }, i) => {
        const result = results[i]!;
        expect(result.load, `${jdk.name} ${label}: ${result.exception} ${result.message}`).toBe("ok");
        // Java 17 names a DES key in PKCS#12 (OID 1.3.14.3.2.7) "DES/CBC" when it reads it back, also
        // in a file its own keytool -importkeystore made (measured); Temurin 25 says "DES".
        const asJavaWrites = (e: InspectEntry) => (e.secretKeyAlgorithm === "DES/CBC" && request.type === "PKCS12" ? { ...e, secretKeyAlgorithm: "DES" } : e);
        const got = (result.entries ?? []).map(asJavaWrites).map(javaView).sort((a, b) => a.alias.localeCompare(b.alias));
        const want = entries.map((e) => javaView({ ...e, pkcs8Sha256: e.pkcs8DecryptedSha256 })).sort((a, b) => a.alias.localeCompare(b.alias));
        expect(got, `${jdk.name} ${label}`).toEqual(want);
      });
    }
  }, 600_000);
});
