import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CA_REPLY_MESSAGES,
  Keystore,
  buildKeyEntry,
  decodeJks,
  encodeJks,
  installCaReply,
  isKeystoreError,
  readCertificateBundle,
  type KeystoreErrorCode,
  type PrivateKeyEntry,
} from "../../src/index.js";

/** Key entries from a key and certificates in any order; CA replies installed as keytool does. */

const root = join(import.meta.dirname, "../fixtures/keys");
const text = (path: string) => readFileSync(join(root, path), "utf8");
const bytes = (path: string) => new Uint8Array(readFileSync(join(root, path)));
const cert = (path: string) => readCertificateBundle(bytes(path))[0]!;
const passphrase = text("passphrase.txt").trim();
const subjects = (chain: readonly { subject: string }[]) => chain.map((c) => c.subject);
const LEAF_CHAIN = ["CN=leaf-rsa2048", "CN=Keys Test Intermediate", "CN=Keys Test Root"];

async function codeOf(run: () => Promise<unknown>): Promise<{ code: KeystoreErrorCode | "none"; message: string }> {
  try {
    await run();
    return { code: "none", message: "" };
  } catch (error) {
    if (isKeystoreError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

describe("buildKeyEntry", () => {
  it("orders certificates from several files, in any order, leaf first", async () => {
    const { entry, warnings, key } = await buildKeyEntry({
      key: bytes("rsa2048/legacy-aes256.pem"),
      passphrase,
      certificates: [text("chain/root.pem"), bytes("chain/leaf-rsa2048.pem"), text("chain/inter.pem")],
      alias: "Client",
    });
    expect(subjects(entry.chain)).toEqual(LEAF_CHAIN);
    expect(warnings).toEqual([]);
    expect(entry.alias).toBe("Client");
    expect(entry.key.plain).toEqual(bytes("rsa2048/expected.der"));
    expect(key.form).toBe("pkcs1");
  });

  it("reads a key + certificates bundle (PEM) and a PKCS#7 reply; the alias defaults to the leaf's CN", async () => {
    const bundle = text("chain/inter.pem") + text("rsa2048/trad.pem") + text("chain/root.pem") + text("chain/leaf-rsa2048.pem");
    const fromBundle = await buildKeyEntry({ key: bundle });
    expect(subjects(fromBundle.entry.chain)).toEqual(LEAF_CHAIN);
    expect(fromBundle.entry.alias).toBe("leaf-rsa2048");
    for (const reply of [bytes("chain/reply-rsa2048.p7b"), text("chain/reply-rsa2048.p7c.pem")]) {
      const fromPkcs7 = await buildKeyEntry({ key: bytes("rsa2048/pkcs8.der"), certificates: [reply] });
      expect(subjects(fromPkcs7.entry.chain)).toEqual(LEAF_CHAIN);
    }
  });

  it("an incomplete chain is allowed and reported; foreign and repeated certificates are reported and left out", async () => {
    const { entry, warnings } = await buildKeyEntry({
      key: text("ec256/trad-nopub.pem"),
      certificates: [text("chain/leaf-ec256.pem"), text("chain/inter.pem"), text("rsa2048/cert.pem"), text("chain/inter.pem")],
    });
    expect(subjects(entry.chain)).toEqual(["CN=leaf-ec256", "CN=Keys Test Intermediate"]);
    expect(warnings.map((w) => w.code).sort()).toEqual(["CHAIN_INCOMPLETE", "DUPLICATE_CERTIFICATE", "EXTRA_CERTIFICATE"]);
    expect(warnings.find((w) => w.code === "CHAIN_INCOMPLETE")!.message).toContain("CN=Keys Test Root");
  });

  it("a certificate of another key is KEY_MISMATCH, naming it", async () => {
    const result = await codeOf(() => buildKeyEntry({ key: text("rsa2048/pkcs8.pem"), certificates: [text("chain/leaf-ec256.pem")] }));
    expect(result.code).toBe("KEY_MISMATCH");
    expect(result.message).toContain("does not match the certificate CN=leaf-ec256");
  });

  it("a key alone is refused: a key entry needs its certificate", async () => {
    expect((await codeOf(() => buildKeyEntry({ key: text("rsa2048/pkcs8.pem") }))).code).toBe("INVALID_ARGUMENT");
  });

  it("an issuer by name whose key did not sign is refused, unless the real one is there too", async () => {
    const certificates = [text("chain/leaf-rsa2048.pem"), text("chain/inter.pem"), text("chain/impostor-root.pem")];
    const refused = await codeOf(() => buildKeyEntry({ key: text("rsa2048/pkcs8.pem"), certificates }));
    expect(refused.code).toBe("INVALID_ARGUMENT");
    expect(refused.message).toMatch(/CN=Keys Test Intermediate .* is not signed by CN=Keys Test Root/);
    const { entry } = await buildKeyEntry({ key: text("rsa2048/pkcs8.pem"), certificates: [...certificates, text("chain/root.pem")] });
    expect(entry.chain[2]!.sha256).toBe(cert("chain/root.pem").sha256);
  });
});

describe("Keystore.set on key entries", () => {
  const leaf = cert("rsa2048/cert.pem");
  const base = { type: "privateKey" as const, alias: "k", created: null };
  it("refuses key bytes that are not PKCS#8, and an empty chain", () => {
    const store = new Keystore({ format: "PKCS12" });
    expect(() => store.set({ ...base, chain: [leaf], key: { plain: Uint8Array.of(1, 2, 3) } })).toThrow(/not a PKCS#8 private key/);
    expect(() => store.set({ ...base, chain: [], key: { plain: bytes("rsa2048/expected.der") } })).toThrow(/Private key must be accompanied by certificate chain/);
    expect(store.size).toBe(0);
    store.set({ ...base, chain: [leaf], key: { plain: bytes("rsa2048/expected.der") } });
    expect(store.size).toBe(1);
  });
  it("takes a protected key as it is (it can only be checked once decrypted)", () => {
    const jks = new Keystore({ format: "JKS" });
    jks.set({ ...base, chain: [leaf], key: { plain: bytes("rsa2048/expected.der") } });
    const decoded = decodeJks(encodeJks(jks, { password: "storepw" }), { password: "storepw" });
    const entry = decoded.entry("k") as PrivateKeyEntry;
    expect(entry.key.plain).toBeUndefined();
    const copy = new Keystore({ format: "JKS" });
    expect(copy.set(entry).type).toBe("privateKey");
  });
});

describe("installCaReply", () => {
  /** A JKS with the rsa2048 key under its self-signed certificate, key protected by "keypw" (as keytool -genkeypair leaves it). */
  function selfSignedStore(extra: (store: Keystore) => void = () => {}): { store: Keystore; bytes: Uint8Array } {
    const made = new Keystore({ format: "JKS" });
    made.set({ type: "privateKey", alias: "client", created: new Date(0), chain: [cert("rsa2048/cert.pem")], key: { plain: bytes("rsa2048/expected.der") } });
    extra(made);
    const encoded = encodeJks(made, { password: "storepw", keyPasswords: { client: "keypw" } });
    return { store: decodeJks(encoded, { password: "storepw" }), bytes: encoded };
  }
  const trustRoot = (store: Keystore) => store.set({ type: "trustedCert", alias: "root", created: new Date(0), certificate: cert("chain/root.pem") });
  const trustAll = (store: Keystore) => {
    trustRoot(store);
    store.set({ type: "trustedCert", alias: "inter", created: new Date(0), certificate: cert("chain/inter.pem") });
  };

  it("one certificate: completed from the store's trusted certificates; the protected key is kept as it was", async () => {
    const { store } = selfSignedStore(trustAll);
    const before = store.entry("client") as PrivateKeyEntry;
    const result = await installCaReply(store, "client", text("chain/leaf-rsa2048.pem"));
    expect(subjects(result.entry.chain)).toEqual(LEAF_CHAIN);
    expect(subjects(result.completedFrom)).toEqual(LEAF_CHAIN.slice(1));
    expect(result.entry.key).toBe(before.key);
    const again = decodeJks(encodeJks(store, { password: "storepw" }), { password: "storepw" });
    expect(subjects(again.certificates("client"))).toEqual(LEAF_CHAIN);
    expect(again.privateKeyPkcs8("client", "keypw")).toEqual(bytes("rsa2048/expected.der"));
  });

  it("one certificate: completed from cacerts when given; without a path to a root it is refused as keytool refuses it", async () => {
    const { store, bytes: original } = selfSignedStore();
    const refused = await codeOf(() => installCaReply(store, "client", text("chain/leaf-rsa2048.pem"), { acceptUntrusted: true }));
    expect(refused.code).toBe("UNTRUSTED");
    expect(refused.message).toContain(CA_REPLY_MESSAGES.noChain);
    expect(encodeJks(store, { password: "storepw" })).toEqual(original);
    const cacerts = [cert("chain/root.pem"), cert("chain/inter.pem")];
    const result = await installCaReply(store, "client", bytes("chain/leaf-rsa2048.pem"), { cacerts });
    expect(subjects(result.entry.chain)).toEqual(LEAF_CHAIN);
  });

  it("a chain or PKCS#7 whose root is not trusted is refused unless accepted; a trusted one is installed", async () => {
    for (const reply of [bytes("chain/reply-rsa2048.p7b"), text("chain/reply-rsa2048.p7c.pem")]) {
      const untrusted = selfSignedStore();
      const refused = await codeOf(() => installCaReply(untrusted.store, "client", reply));
      expect(refused.code).toBe("UNTRUSTED");
      expect(refused.message).toContain(CA_REPLY_MESSAGES.notInstalled);
      expect(encodeJks(untrusted.store, { password: "storepw" })).toEqual(untrusted.bytes);
      const accepted = await installCaReply(untrusted.store, "client", reply, { acceptUntrusted: true });
      expect(accepted.warnings.map((w) => w.code)).toEqual(["UNTRUSTED_REPLY"]);
      const trusted = selfSignedStore(trustRoot);
      const installed = await installCaReply(trusted.store, "client", reply);
      expect(subjects(installed.entry.chain)).toEqual(LEAF_CHAIN);
      expect(installed.warnings).toEqual([]);
    }
  });

  it("a reply without the root gets the trusted root appended", async () => {
    const { store } = selfSignedStore(trustRoot);
    const result = await installCaReply(store, "client", text("chain/inter.pem") + text("chain/leaf-rsa2048.pem"));
    expect(subjects(result.entry.chain)).toEqual(LEAF_CHAIN);
    expect(subjects(result.completedFrom)).toEqual(["CN=Keys Test Root"]);
  });

  it("a reply for another key is refused with keytool's words, and the store is unchanged byte for byte", async () => {
    const { store, bytes: original } = selfSignedStore(trustAll);
    const single = await codeOf(() => installCaReply(store, "client", text("chain/leaf-ec256.pem")));
    expect(single.code).toBe("KEY_MISMATCH");
    expect(single.message).toContain(CA_REPLY_MESSAGES.keysDiffer);
    const chain = await codeOf(() => installCaReply(store, "client", text("chain/leaf-ec256.pem") + text("chain/inter.pem")));
    expect(chain.code).toBe("KEY_MISMATCH");
    expect(chain.message).toContain("Certificate reply does not contain public key for <client>");
    const identical = await codeOf(() => installCaReply(store, "client", text("rsa2048/cert.pem")));
    expect(identical.message).toBe(CA_REPLY_MESSAGES.identical);
    expect(encodeJks(store, { password: "storepw" })).toEqual(original);
  });

  it("a reply with a certificate outside its chain is an incomplete reply; a trusted-certificate alias is not a key entry", async () => {
    const { store } = selfSignedStore(trustAll);
    const extra = await codeOf(() => installCaReply(store, "client", text("chain/leaf-rsa2048.pem") + text("ec256/cert.pem")));
    expect(extra.message).toContain(CA_REPLY_MESSAGES.incomplete);
    expect((await codeOf(() => installCaReply(store, "root", text("chain/leaf-rsa2048.pem")))).code).toBe("INVALID_ARGUMENT");
  });
});
