import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, encodeKeystore } from "../../src/formats/codec.js";
import { buildKeyEntry } from "../../src/keys/key-entry.js";
import type { Certificate } from "../../src/model/certificate.js";
import type { PrivateKeyEntry } from "../../src/model/entry.js";
import { Keystore } from "../../src/model/keystore.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { diagnose, type Finding } from "../../src/truststore/diagnose.js";
import { corpusRoot, repoRoot } from "../helpers/corpus.js";

/**
 * diagnose --role keystore on real keys (test/fixtures/keys, client certificates of keys/mtls):
 * each key-entry problem gives its code and the Java message seen in test/e2e/mutual-tls.test.ts.
 */

const fixtures = join(repoRoot, "test/fixtures");
const text = (path: string) => readFileSync(join(fixtures, path), "utf8");
const cert = (path: string): Certificate => readCertificates(text(path))[0]!;
const ca = cert("certs/ca.pem");
const created = new Date("2024-01-01T00:00:00Z");
const NOW = new Date("2030-06-01T00:00:00Z");

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const find = (findings: Finding[], code: string) => findings.find((f) => f.code === code)!;
const check = (store: Keystore, options: { storePassword?: string; keyPassword?: string; at?: Date } = {}) => diagnose(store, { role: "keystore", at: NOW, ...options });

/** A key entry as import-key makes it: key + client certificate + CA, checked by buildKeyEntry. */
async function clientEntry(name: string): Promise<PrivateKeyEntry> {
  const built = await buildKeyEntry({ key: text(`keys/${name}/pkcs8.pem`), certificates: [text(`keys/mtls/client-${name}.pem`), text("certs/ca.pem")], alias: "client", created });
  return built.entry;
}

/** A store as a decoder leaves it: entries put exactly as given (Keystore.set refuses some of them). */
function decodedStore(...entries: PrivateKeyEntry[]): Keystore {
  const store = new Keystore({ format: "JKS", integrity: "verified" });
  store.addDecoded({ type: "trustedCert", alias: "ca", created, certificate: ca });
  for (const entry of entries) store.addDecoded(entry);
  return store;
}

/** Through JKS bytes and back: the key is then protected, as in a store read from a file. */
function viaJks(store: Keystore, keyPasswords?: Record<string, string>): Keystore {
  const bytes = encodeKeystore(store, { format: "JKS", password: "changeit", ...(keyPasswords && { keyPasswords }) });
  return decodeKeystore(bytes, { password: "changeit" });
}

describe("diagnose --role keystore: key entries", () => {
  it("finds nothing wrong with a key, its CA-issued chain and the CA, plain or protected", async () => {
    const store = decodedStore(await clientEntry("rsa2048"));
    expect(check(store)).toEqual([]);
    const fromFile = viaJks(store);
    expect(fromFile.entry("client").type === "privateKey" && fromFile.privateKeyPkcs8("client", "changeit").length).toBeGreaterThan(0);
    expect(check(fromFile, { storePassword: "changeit" })).toEqual([]);
  });

  it("KEY_NOT_CHECKED when a protected key cannot be opened for lack of a password: only the chain is checked", async () => {
    const entry = await clientEntry("ec256");
    const mismatched = viaJks(decodedStore({ ...entry, chain: [cert("keys/mtls/client-rsa2048.pem"), ca] }));
    const findings = check(mismatched);
    expect(codes(findings)).toEqual(["KEY_NOT_CHECKED"]);
    expect(find(findings, "KEY_NOT_CHECKED")).toMatchObject({ severity: "info", aliases: ["client"] });
    // With the store password (what Java's key manager uses) the key is read and the mismatch found.
    expect(codes(check(mismatched, { storePassword: "changeit" }))).toEqual(["KEY_CERTIFICATE_MISMATCH"]);
  });

  it("KEY_CERTIFICATE_MISMATCH for a key stored with another key's certificate (RSA, EC, Ed25519)", async () => {
    for (const [key, other] of [["rsa3072", "rsa2048"], ["ec384", "ec256"], ["ed25519", "rsa2048"]] as const) {
      const entry = await clientEntry(key);
      const findings = check(decodedStore({ ...entry, chain: [cert(`keys/mtls/client-${other}.pem`), ca] }));
      expect(codes(findings), key).toEqual(["KEY_CERTIFICATE_MISMATCH"]);
      const finding = find(findings, "KEY_CERTIFICATE_MISMATCH");
      expect(finding).toMatchObject({ severity: "error", aliases: ["client"], javaMessage: "Received fatal alert: decrypt_error" });
      expect(finding.message).toContain(`CN=client-${other}`);
      expect(finding.message).toContain("Cannot verify CertificateVerify signature");
    }
  });

  it("KEY_SELF_SIGNED for a key entry without a CA reply (its own self-signed certificate)", async () => {
    const entry = await clientEntry("rsa2048");
    const findings = check(decodedStore({ ...entry, chain: [cert("keys/rsa2048/cert.pem")] }));
    expect(codes(findings)).toEqual(["KEY_SELF_SIGNED"]);
    const finding = find(findings, "KEY_SELF_SIGNED");
    expect(finding).toMatchObject({ severity: "warning", javaMessage: "Received fatal alert: certificate_required" });
    expect(finding.message).toContain("Empty client certificate chain");
    expect(finding.message).toContain("import-cert -alias");
  });

  it("KEY_CHAIN_OUT_OF_ORDER for a chain that another order would make whole; KEY_CHAIN_GAP for a missing intermediate", async () => {
    const pkcs8 = readFileSync(join(fixtures, "keys/rsa2048/pkcs8.der"));
    const [leaf, inter, root] = [cert("keys/chain/leaf-rsa2048.pem"), cert("keys/chain/inter.pem"), cert("keys/chain/root.pem")];
    const key = (alias: string, chain: Certificate[]): PrivateKeyEntry => ({ type: "privateKey", alias, created, chain, key: { plain: new Uint8Array(pkcs8) } });
    const findings = check(decodedStore(key("ordered", [leaf, inter, root]), key("swapped", [leaf, root, inter]), key("leaf-second", [inter, leaf, root]), key("gap", [leaf, root])), { at: new Date(leaf.notBefore.getTime() + 86_400_000) });
    expect(codes(findings)).toEqual(["KEY_CHAIN_OUT_OF_ORDER", "KEY_CHAIN_GAP"]);
    expect(find(findings, "KEY_CHAIN_OUT_OF_ORDER").aliases).toEqual(["swapped", "leaf-second"]);
    expect(find(findings, "KEY_CHAIN_GAP")).toMatchObject({ severity: "warning", aliases: ["gap"] });
    expect(find(findings, "KEY_CHAIN_GAP").javaMessage).toContain("unable to find valid certification path");
  });

  it("every order of leaf, intermediate and root: only leaf first, issuer next is clean; each other one is KEY_CHAIN_OUT_OF_ORDER", () => {
    const pkcs8 = new Uint8Array(readFileSync(join(fixtures, "keys/rsa2048/pkcs8.der")));
    const certs = [cert("keys/chain/leaf-rsa2048.pem"), cert("keys/chain/inter.pem"), cert("keys/chain/root.pem")];
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const at = new Date(certs[0]!.notBefore.getTime() + 86_400_000);
    for (const order of orders) {
      const chain = order.map((i) => certs[i]!);
      const expected = order.join() === "0,1,2" ? [] : ["KEY_CHAIN_OUT_OF_ORDER"];
      const store = decodedStore({ type: "privateKey", alias: "k", created, chain, key: { plain: pkcs8 } });
      expect(codes(check(store, { at })), order.join()).toEqual(expected);
      // Without the key to find the leaf by (protected, no password), it is the certificate that issued none of the others.
      const locked = viaJks(store);
      expect(codes(check(locked, { at })), `${order.join()} protected`).toEqual([...expected, "KEY_NOT_CHECKED"]);
    }
  });

  it("KEY_NO_CHAIN for a key entry without certificates (Java's key manager skips it)", async () => {
    const entry = await clientEntry("ec256");
    const findings = check(decodedStore({ ...entry, chain: [] }));
    expect(codes(findings)).toEqual(["KEY_NO_CHAIN"]);
    expect(find(findings, "KEY_NO_CHAIN")).toMatchObject({ severity: "error", javaMessage: "Received fatal alert: certificate_required" });
  });

  it("KEY_UNREADABLE for key bytes that are not a private key", async () => {
    const entry = await clientEntry("rsa2048");
    const findings = check(decodedStore({ ...entry, key: { plain: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]) } }));
    expect(codes(findings)).toEqual(["KEY_UNREADABLE"]);
    const finding = find(findings, "KEY_UNREADABLE");
    expect(finding.severity).toBe("error");
    expect(finding.javaMessage).toContain("SSLContextImpl$DefaultSSLContext");
    expect(finding.message).toContain("not a PKCS#8 private key");
  });

  it("a key password other than the store password: KEY_PASSWORD_DIFFERS; a wrong --keypass: KEY_UNREADABLE; the right one: checked", async () => {
    const store = viaJks(decodedStore(await clientEntry("rsa2048")), { client: "key-secret" });
    const differs = check(store, { storePassword: "changeit" });
    expect(codes(differs)).toEqual(["KEY_PASSWORD_DIFFERS"]);
    expect(find(differs, "KEY_PASSWORD_DIFFERS").message).toContain("Cannot recover key");
    const wrong = check(store, { storePassword: "changeit", keyPassword: "not-it" });
    expect(codes(wrong)).toEqual(["KEY_UNREADABLE"]);
    expect(find(wrong, "KEY_UNREADABLE").message).toContain("the key password given does not open it");
    expect(check(store, { storePassword: "changeit", keyPassword: "key-secret" })).toEqual([]);
  });
});

describe("diagnose --role keystore: trusted certificates are not a key store's concern (issue 12 item 16)", () => {
  it("expired anchors give one TRUSTED_CERTIFICATES_IGNORED note, not ANCHOR_EXPIRED; duplicates are not reported", async () => {
    const store = decodedStore(await clientEntry("rsa2048"));
    store.addDecoded({ type: "trustedCert", alias: "old", created, certificate: cert("chains/certs/root-expired.pem") });
    store.addDecoded({ type: "trustedCert", alias: "ca-again", created, certificate: ca });
    const findings = check(store);
    expect(codes(findings)).toEqual(["TRUSTED_CERTIFICATES_IGNORED"]);
    expect(find(findings, "TRUSTED_CERTIFICATES_IGNORED").message).toMatch(/^1 of the 3 trusted certificates/);
    // The same store as a trust store still gets both findings.
    expect(codes(diagnose(store, { role: "truststore", at: NOW }))).toEqual(expect.arrayContaining(["ANCHOR_EXPIRED", "DUPLICATE_CERTIFICATES"]));
  });

  const debian = join(corpusRoot, "stores", "debian", "cacerts-debian.jks");
  it.skipIf(!existsSync(debian))("a copy of cacerts as key store: NO_PRIVATE_KEY and at most one note about its anchors", () => {
    const store = decodeKeystore(new Uint8Array(readFileSync(debian)), { password: "changeit" });
    const findings = diagnose(store, { role: "keystore", at: new Date("2040-01-01T00:00:00Z") });
    expect(codes(findings)).toEqual(["NO_PRIVATE_KEY", "TRUSTED_CERTIFICATES_IGNORED"]);
    expect(find(findings, "NO_PRIVATE_KEY").javaMessage).toBe("Received fatal alert: certificate_required");
  });
});
