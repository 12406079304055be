import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import type { Certificate } from "../../src/model/certificate.js";
import type { KeystoreFormat } from "../../src/model/entry.js";
import { Keystore } from "../../src/model/keystore.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { diagnose, type Finding } from "../../src/truststore/diagnose.js";
import { repoRoot } from "../helpers/corpus.js";

/** Each finding from a small store that reproduces it (certificates from test/fixtures/chains). */

const dir = join(repoRoot, "test/fixtures/chains");
const cert = (name: string): Certificate => readCertificates(readFileSync(join(dir, "certs", `${name}.pem`), "utf8"))[0]!;
const created = new Date("2024-01-01T00:00:00Z");
const NOW = new Date("2030-06-01T00:00:00Z");

function trustStore(format: KeystoreFormat, certs: Record<string, Certificate>): Keystore {
  const store = new Keystore({ format, integrity: "verified" });
  for (const [alias, certificate] of Object.entries(certs)) store.set({ type: "trustedCert", alias, created, certificate });
  return store;
}

/**
 * Key entries as a decoder reads them from a file (diagnose looks at such stores): a protected
 * placeholder key (no password is given, so diagnose checks only the chain: KEY_NOT_CHECKED) and
 * possibly no chain, which Keystore.set refuses. Key checks with real keys: diagnose-keys.test.ts.
 */
const lockedKey = { algorithm: "1.3.6.1.4.1.42.2.17.1.1", encoded: new Uint8Array([0x30, 0x00]), decrypt: (): Uint8Array => { throw new Error("not decrypted in these tests"); } };
function keyStore(chains: Record<string, Certificate[]>): Keystore {
  const store = new Keystore({ format: "PKCS12", integrity: "verified" });
  for (const [alias, chain] of Object.entries(chains)) {
    store.addDecoded({ type: "privateKey", alias: store.normalizeAlias(alias), created, chain, key: { protected: lockedKey } });
  }
  return store;
}

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const find = (findings: Finding[], code: string) => findings.find((f) => f.code === code)!;

describe("diagnose", () => {
  it("finds nothing wrong with a healthy trust store", () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, "stores/root.jks"))), { password: "changeit" });
    expect(diagnose(store, { role: "truststore", at: NOW, expectedType: "JKS" })).toEqual([]);
  });

  it("NO_TRUST_ANCHORS for an empty store, with Java's message", () => {
    const findings = diagnose(new Keystore({ format: "JKS", integrity: "verified" }), { role: "truststore" });
    expect(codes(findings)).toEqual(["NO_TRUST_ANCHORS"]);
    expect(findings[0]!.severity).toBe("error");
    expect(findings[0]!.message).toContain("the trustAnchors parameter must be non-empty");
    expect(findings[0]!.message).toContain("empty");
  });

  it("NO_TRUST_ANCHORS explains a PKCS#12 opened without its password", () => {
    const store = new Keystore({ format: "PKCS12", integrity: "unchecked" });
    const findings = diagnose(store, { role: "truststore", passwordProblem: "missing" });
    expect(find(findings, "NO_TRUST_ANCHORS").message).toMatch(/without a password.*trustStorePassword/);
  });

  it("PKCS12_CERTS_NOT_TRUSTED when certificate bags lack Java's trusted attribute", () => {
    const store = new Keystore({ format: "PKCS12", integrity: "verified" });
    const findings = diagnose(store, { role: "truststore", untrustedCertificates: [cert("root")] });
    expect(codes(findings)).toEqual(["NO_TRUST_ANCHORS", "PKCS12_CERTS_NOT_TRUSTED"]);
    expect(find(findings, "NO_TRUST_ANCHORS").message).toContain("trusted attribute");
    const bags = find(findings, "PKCS12_CERTS_NOT_TRUSTED");
    expect(bags.severity).toBe("error");
    expect(bags.message).toContain("CN=KK Test Root CA,O=keystorekit tests");
    expect(bags.message).toContain("2.16.840.1.113894.746875.1.1");
  });

  it("a key entry's certificate counts as an anchor, as Java's TrustStoreUtil does", () => {
    const store = keyStore({ server: [cert("leaf"), cert("intermediate"), cert("root")] });
    expect(codes(diagnose(store, { role: "truststore", at: NOW }))).not.toContain("NO_TRUST_ANCHORS");
  });

  it("ANCHOR_EXPIRED, ANCHOR_NOT_YET_VALID and ANCHOR_EXPIRING_SOON name the aliases", () => {
    const store = trustStore("JKS", { old: cert("root-expired"), future: cert("leaf-future"), fine: cert("root") });
    const findings = diagnose(store, { role: "truststore", at: NOW });
    expect(find(findings, "ANCHOR_EXPIRED")).toMatchObject({ severity: "warning", aliases: ["old"] });
    expect(find(findings, "ANCHOR_EXPIRED").message).toContain("old (2021-01-01)");
    expect(find(findings, "ANCHOR_NOT_YET_VALID")).toMatchObject({ aliases: ["future"] });
    const soon = diagnose(store, { role: "truststore", at: new Date("2020-12-15T00:00:00Z") });
    expect(find(soon, "ANCHOR_EXPIRING_SOON")).toMatchObject({ severity: "info", aliases: ["old"] });
    expect(codes(soon)).not.toContain("ANCHOR_EXPIRED");
    expect(codes(diagnose(store, { role: "truststore", at: new Date("2020-11-01T00:00:00Z") }))).not.toContain("ANCHOR_EXPIRING_SOON");
  });

  it("NO_PRIVATE_KEY for a key store without keys (client authentication fails)", () => {
    const store = trustStore("PKCS12", { root: cert("root") });
    const finding = find(diagnose(store, { role: "keystore", at: NOW }), "NO_PRIVATE_KEY");
    expect(finding.severity).toBe("error");
    expect(finding.message).toContain("handshake_failure");
  });

  it("KEY_CHAIN_INCOMPLETE for a chain that stops at an intermediate; KEY_NO_CHAIN for an empty one", () => {
    const store = keyStore({ full: [cert("leaf"), cert("intermediate"), cert("root")], partial: [cert("leaf"), cert("intermediate")], none: [] });
    const findings = diagnose(store, { role: "keystore", at: NOW });
    expect(codes(findings)).toEqual(["KEY_NO_CHAIN", "KEY_CHAIN_INCOMPLETE", "KEY_NOT_CHECKED"]);
    expect(find(findings, "KEY_CHAIN_INCOMPLETE").aliases).toEqual(["partial"]);
    expect(find(findings, "KEY_NO_CHAIN").aliases).toEqual(["none"]);
    expect(find(findings, "KEY_NOT_CHECKED").aliases).toEqual(["full", "partial", "none"]);
    expect(find(findings, "KEY_CHAIN_INCOMPLETE").message).toContain("unable to find valid certification path");
  });

  it("KEY_CERTIFICATE_EXPIRED for a key whose certificate has expired", () => {
    const store = keyStore({ old: [cert("leaf-expired"), cert("intermediate"), cert("root")] });
    expect(find(diagnose(store, { role: "keystore", at: NOW }), "KEY_CERTIFICATE_EXPIRED").aliases).toEqual(["old"]);
  });

  it("TYPE_MISMATCH explains keystore.type.compat and the type property for the role", () => {
    const store = trustStore("PKCS12", { root: cert("root") });
    const asTrust = find(diagnose(store, { role: "truststore", at: NOW, expectedType: "JKS" }), "TYPE_MISMATCH");
    expect(asTrust.severity).toBe("warning");
    expect(asTrust.message).toContain("keystore.type.compat");
    expect(asTrust.message).toContain("-Djavax.net.ssl.trustStoreType=PKCS12");
    const asKey = find(diagnose(keyStore({ k: [cert("root")] }), { role: "keystore", at: NOW, expectedType: "jks" }), "TYPE_MISMATCH");
    expect(asKey.message).toContain("javax.net.ssl.keyStoreType");
    expect(codes(diagnose(store, { role: "truststore", at: NOW, expectedType: "pkcs12" }))).toEqual([]);
    const jceks = trustStore("JCEKS", { root: cert("root") });
    expect(find(diagnose(jceks, { role: "truststore", at: NOW, expectedType: "JKS" }), "TYPE_MISMATCH")).toMatchObject({ severity: "error" });
  });

  it("DROPS_DEFAULT_CAS counts the default anchors that are missing", () => {
    const defaults = trustStore("JKS", { a: cert("root"), b: cert("unknown-root"), c: cert("root-expired"), d: cert("intermediate") });
    const custom = trustStore("JKS", { mine: cert("root") });
    const finding = find(diagnose(custom, { role: "truststore", at: NOW, defaultTrustStore: defaults }), "DROPS_DEFAULT_CAS");
    expect(finding.severity).toBe("warning");
    expect(finding.message).toMatch(/^3 of the 4 CA certificates/);
    expect(finding.message).toContain("update servers");
    const copy = trustStore("JKS", { a: cert("root"), b: cert("unknown-root"), c: cert("root-expired"), d: cert("intermediate"), mine: cert("leaf") });
    expect(codes(diagnose(copy, { role: "truststore", at: NOW, defaultTrustStore: defaults }))).not.toContain("DROPS_DEFAULT_CAS");
  });

  const cacerts = "/etc/ssl/certs/java/cacerts";
  it.skipIf(!existsSync(cacerts))("DROPS_DEFAULT_CAS against this machine's cacerts", () => {
    const defaults = decodeKeystore(new Uint8Array(readFileSync(cacerts)), { password: "changeit" });
    const custom = trustStore("JKS", { mine: cert("root") });
    const finding = find(diagnose(custom, { role: "truststore", defaultTrustStore: defaults }), "DROPS_DEFAULT_CAS");
    expect(finding.message).toMatch(new RegExp(`^${defaults.size} of the ${defaults.size} `));
  });

  it("INTEGRITY_UNCHECKED when the store was read without a password", () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, "stores/root.jks"))));
    expect(diagnose(store, { role: "truststore", at: NOW })).toMatchObject([{ code: "INTEGRITY_UNCHECKED", severity: "info" }]);
  });

  it("DUPLICATE_CERTIFICATES lists the aliases of one certificate", () => {
    const store = trustStore("JKS", { first: cert("root"), second: cert("root"), other: cert("intermediate") });
    expect(find(diagnose(store, { role: "truststore", at: NOW }), "DUPLICATE_CERTIFICATES")).toMatchObject({ severity: "info", aliases: ["first", "second"] });
  });

  it("WRONG_PASSWORD stops at the password, in Java's words for the format", () => {
    const jks = diagnose(new Keystore({ format: "JKS" }), { role: "truststore", passwordProblem: "wrong" });
    expect(jks).toHaveLength(1);
    expect(jks[0]!.message).toContain("Keystore was tampered with, or password was incorrect");
    const p12 = diagnose(new Keystore({ format: "PKCS12" }), { role: "keystore", passwordProblem: "wrong" });
    expect(p12[0]!.message).toContain("keystore password was incorrect");
    expect(p12[0]!.message).toContain("javax.net.ssl.keyStorePassword");
  });
});
