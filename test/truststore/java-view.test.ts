import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { Keystore } from "../../src/model/keystore.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { diagnose, type Finding } from "../../src/truststore/diagnose.js";
import { javaViewWarnings } from "../../src/truststore/java-view.js";
import { TrustStore } from "../../src/truststore/truststore.js";
import { trustAnchorsOf } from "../../src/truststore/verify.js";
import { repoRoot } from "../helpers/corpus.js";

/** diagnose and list say where Java will see something else than keystorekit read. */
const fixture = (path: string) => new Uint8Array(readFileSync(join(repoRoot, "test/fixtures", path)));
const codes = (findings: Finding[]) => findings.map((f) => f.code);
const find = (findings: Finding[], code: string) => findings.find((f) => f.code === code)!;
const caPem = readFileSync(join(repoRoot, "test/fixtures/pkcs12/src/ca.pem"), "utf8");

describe("a PKCS#12 key Java skips (unencrypted keyBag)", () => {
  const store = decodeKeystore(fixture("java-ignores/openssl-keypbe-none.p12"), { password: "changeit" });

  it("as a key store: NO_PRIVATE_KEY from Java's view, and JAVA_IGNORES_ENTRIES naming it", () => {
    const findings = diagnose(store, { role: "keystore", at: new Date("2026-01-01T00:00:00Z") });
    expect(codes(findings)).toEqual(["NO_PRIVATE_KEY", "JAVA_IGNORES_ENTRIES"]);
    expect(find(findings, "NO_PRIVATE_KEY").message).toMatch(/^No private-key entry that Java sees: the key of this file \(server: unencrypted keyBag\)/);
    expect(find(findings, "JAVA_IGNORES_ENTRIES")).toMatchObject({ severity: "warning", aliases: ["server"] });
    expect(find(findings, "JAVA_IGNORES_ENTRIES").message).toContain("keystorekit convert IN OUT.p12");
  });

  it("the same key as an ordinary entry: no such findings", () => {
    const plain = decodeKeystore(fixture("pkcs12/openssl-default.p12"), { password: "changeit" });
    expect(codes(diagnose(plain, { role: "keystore", at: new Date("2026-01-01T00:00:00Z") }))).not.toContain("NO_PRIVATE_KEY");
    expect(javaViewWarnings(plain)).toEqual([]);
  });

  it("as a trust store: its certificate is no anchor for Java (NO_TRUST_ANCHORS)", () => {
    expect(trustAnchorsOf(store)).toEqual([]);
    expect(codes(diagnose(store, { role: "truststore" }))).toEqual(["NO_TRUST_ANCHORS", "JAVA_IGNORES_ENTRIES"]);
  });

  it("list's warning", () => {
    expect(javaViewWarnings(store)).toMatchObject([{ code: "JAVA_IGNORES_ENTRIES", aliases: ["server"] }]);
    expect(javaViewWarnings(store)[0]!.message).toMatch(/^Java skips 1 of the 1 entry of this file \(server: unencrypted keyBag\) and lists 0\./);
  });
});

describe("a trusted certificate Java skips (as in a nested safeContentsBag)", () => {
  const ca = readCertificates(caPem)[0]!;
  const store = new Keystore({ format: "PKCS12", integrity: "verified" });
  store.addDecoded({ type: "trustedCert", alias: "ca", created: null, certificate: ca, javaIgnores: "inside a nested safeContentsBag" });

  it("is no trust anchor: not for verifyChain, TrustStore or diagnose", () => {
    expect(trustAnchorsOf(store)).toEqual([]);
    expect(new TrustStore(store).anchorCertificates()).toEqual([]);
    const findings = diagnose(store, { role: "truststore" });
    expect(codes(findings)).toEqual(["NO_TRUST_ANCHORS", "JAVA_IGNORES_ENTRIES"]);
    expect(find(findings, "JAVA_IGNORES_ENTRIES").message).toContain("ca: inside a nested safeContentsBag");
  });
});

describe("a PEM file given as a keystore", () => {
  const store = decodeKeystore(new TextEncoder().encode(caPem));

  it("diagnose: NOT_A_JAVA_KEYSTORE is an error, with Java's messages and the conversion", () => {
    for (const role of ["truststore", "keystore"] as const) {
      const finding = find(diagnose(store, { role }), "NOT_A_JAVA_KEYSTORE");
      expect(finding.severity).toBe("error");
      expect(finding.message).toContain("Invalid keystore format");
      expect(finding.message).toContain(role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore");
      expect(finding.message).toContain("keystorekit convert IN OUT.p12");
    }
  });

  it("told a type, it is still NOT_A_JAVA_KEYSTORE alone (no TYPE_MISMATCH besides)", () => {
    const findings = diagnose(store, { role: "truststore", expectedType: "JKS" });
    expect(codes(findings)).toContain("NOT_A_JAVA_KEYSTORE");
    expect(codes(findings)).not.toContain("TYPE_MISMATCH");
  });

  it("list's warning", () => {
    expect(javaViewWarnings(store).map((w) => w.code)).toEqual(["NOT_A_JAVA_KEYSTORE"]);
  });
});

describe("integrity of a store built in memory", () => {
  it("is \"none\": diagnose reports no INTEGRITY_UNCHECKED for it", () => {
    const store = new Keystore({ format: "JKS" });
    store.set({ type: "trustedCert", alias: "ca", created: new Date(), certificate: readCertificates(caPem)[0]! });
    expect(store.integrity).toBe("none");
    expect(codes(diagnose(store, { role: "truststore" }))).not.toContain("INTEGRITY_UNCHECKED");
  });

  it("every decoder still says \"unchecked\" for a file read without its password (and diagnose reports it)", () => {
    const files = ["jks/j17-trusted.jks", "jceks/jdk17.jceks", "pkcs12/j17-default.p12", "bks/bc.bks"];
    for (const file of files) {
      const store = decodeKeystore(fixture(file));
      expect(store.integrity, file).toBe("unchecked");
      expect(codes(diagnose(store, { role: "truststore" })), file).toContain("INTEGRITY_UNCHECKED");
    }
    expect(decodeKeystore(new TextEncoder().encode(caPem)).integrity).toBe("none");
  });
});

describe("PKCS#12 certificates without Java's trusted attribute (openssl pkcs12 -export -nokeys)", () => {
  it("list's hint: the certificates are there but untrusted, and how to trust them", () => {
    const store = decodeKeystore(fixture("java-ignores/openssl-nokeys.p12"), { password: "changeit" });
    expect(store.size).toBe(0);
    const [warning, ...rest] = javaViewWarnings(store);
    expect(rest).toEqual([]);
    expect(warning!.code).toBe("PKCS12_CERTS_NOT_TRUSTED");
    expect(warning!.message).toMatch(/^1 certificate is in this PKCS#12 but not listed as an entry: it lacks Java's trusted-certificate attribute/);
    expect(warning!.message).toContain("CN=keystorekit test CA");
    expect(warning!.message).toContain("--trust-certificates");
  });
});
