import { describe, expect, test } from "vitest";
import { decodeKeystore, encodeKeystore, parseCertificateRequest, verifyCertificateRequest, type PrivateKeyEntry } from "../../src/index.js";
import { installReply } from "../../app/src/actions/ca-reply.js";
import { createCsrPem, extensionOptions, generateKeyEntry } from "../../app/src/actions/generate.js";
import { importKeyPair, importPkcs12Keys } from "../../app/src/actions/key-pair.js";
import { signCsr } from "../../app/src/actions/sign-csr.js";
import { fixture, fixtureText, opened } from "./actions-helpers.js";

const PASSPHRASE = fixtureText("keys/passphrase.txt").trim();

describe("import a key pair", () => {
  test("a PEM key with its chain files becomes a key entry, leaf first", async () => {
    const draft = opened({ format: "JKS" }, "changeit");
    const result = await importKeyPair(draft, {
      key: fixtureText("keys/rsa2048/pkcs8.pem"),
      certificates: [fixtureText("keys/chain/root.pem"), fixtureText("keys/chain/leaf-rsa2048.pem"), fixture("keys/chain/inter.pem")],
      alias: "Server",
      keyPassword: "keypass1",
    });
    expect(result.aliases).toEqual(["server"]);
    const entry = draft.store.entry("server") as PrivateKeyEntry;
    expect(entry.chain).toHaveLength(3);
    expect(draft.keyPasswords.get("server")).toBe("keypass1");
    // Saved with that key password, Java-format bytes read back with it.
    const saved = decodeKeystore(encodeKeystore(draft.store, { format: "JKS", password: "changeit", keyPasswords: { server: "keypass1" } }), { password: "changeit" });
    expect(saved.privateKeyPkcs8("server", "keypass1")).toEqual(entry.key.plain);
  });

  test("an encrypted key needs its passphrase; a key and another key's certificate is KEY_MISMATCH", async () => {
    const draft = opened({ format: "PKCS12" }, "changeit");
    const certificates = [fixtureText("keys/ec256/cert.pem")];
    await expect(importKeyPair(draft, { key: fixtureText("keys/ec256/enc-aes256-sha256.pem"), certificates })).rejects.toMatchObject({ code: "PASSWORD_REQUIRED" });
    await expect(importKeyPair(draft, { key: fixtureText("keys/rsa2048/pkcs8.pem"), certificates })).rejects.toMatchObject({ code: "KEY_MISMATCH", message: expect.stringContaining("does not match the certificate") });
    const ok = await importKeyPair(draft, { key: fixtureText("keys/ec256/enc-aes256-sha256.pem"), passphrase: PASSPHRASE, certificates });
    expect(draft.store.entry(ok.aliases[0]!).type).toBe("privateKey");
    await expect(importKeyPair(draft, { key: fixtureText("keys/ec256/pkcs8.pem"), certificates })).rejects.toThrow(/Key pair not imported, alias <.*> already exists/);
  });

  test("the key entries of a PKCS#12 are copied with plain keys", async () => {
    const draft = opened({ format: "JKS" }, "changeit");
    const result = await importPkcs12Keys(draft, fixture("pkcs12/j17-chain.p12"), "changeit");
    const source = decodeKeystore(fixture("pkcs12/j17-chain.p12"), { password: "changeit" });
    const keys = source.entries().filter((e) => e.type === "privateKey");
    expect(result.aliases.sort()).toEqual(keys.map((e) => e.alias).sort());
    for (const alias of result.aliases) expect(draft.store.privateKeyPkcs8(alias)).toEqual(source.privateKeyPkcs8(alias, "changeit"));
    await expect(importPkcs12Keys(draft, fixture("pkcs12/j17-chain.p12"), "wrong!")).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});

describe("generate, CSR, sign, reply", () => {
  test("extension fields become keytool -ext options, checked by the library", () => {
    expect(extensionOptions({ san: "dns:a.example, ip:127.0.0.1", eku: "serverAuth", more: "BC:c=ca:true\n\nKU=keyCertSign" })).toEqual(["SAN=dns:a.example,ip:127.0.0.1", "EKU=serverAuth", "BC:c=ca:true", "KU=keyCertSign"]);
    expect(() => extensionOptions({ eku: "flyAuth" })).toThrow(/Invalid -ext/);
  });

  test("a CA and a server key; the server's CSR verifies, the CA signs it, the reply installs", async () => {
    const draft = opened({ format: "PKCS12" }, "changeit");
    const ca = await generateKeyEntry(draft, { alias: "ca", keyType: "ec-p256", dname: "CN=App CA", validityDays: 365, extensions: { more: "BC:c=ca:true\nKU=keyCertSign,cRLSign" } });
    expect(ca.chain[0]!.subject).toBe("CN=App CA");
    const server = await generateKeyEntry(draft, { alias: "server", keyType: "ed25519", dname: "CN=localhost", extensions: { san: "dns:localhost", eku: "serverAuth" } });
    await expect(generateKeyEntry(draft, { alias: "SERVER", keyType: "ec-p256", dname: "CN=x" })).rejects.toThrow("Key pair not generated, alias <server> already exists");
    const csr = await createCsrPem(draft, "server", { extensions: { san: "dns:localhost" } });
    expect(csr).toMatch(/^-----BEGIN NEW CERTIFICATE REQUEST-----/);
    const request = parseCertificateRequest(csr);
    expect(request.subject).toBe("CN=localhost");
    expect(await verifyCertificateRequest(request)).toBe(true);

    const signed = await signCsr(draft, { csr, caAlias: "ca", validityDays: 30, extensions: { more: "honored=all" } });
    expect(signed.issued.chain.map((c) => c.subject)).toEqual(["CN=localhost", "CN=App CA"]);
    expect(signed.issued.certificate.issuer).toBe("CN=App CA");
    const tampered = csr.replace(/^(-----BEGIN NEW CERTIFICATE REQUEST-----\n.{40})(.)/, (_, head: string, c: string) => head + (c === "A" ? "B" : "A"));
    await expect(signCsr(draft, { csr: tampered, caAlias: "ca" })).rejects.toThrow();

    const reply = await installReply(draft, "server", signed.pem);
    expect(reply.messages[0]).toMatch(/^Certificate reply was installed in keystore/);
    const installed = draft.store.entry("server") as PrivateKeyEntry;
    expect(installed.chain.map((c) => c.subject)).toEqual(["CN=localhost", "CN=App CA"]);
    expect(installed.key.plain).toEqual(server.key.plain);
    await expect(installReply(draft, "server", ca.chain[0]!.toPem())).rejects.toThrow("Public keys in reply and keystore don't match");
  });

  test("a CSR for a key with its own password asks for it", async () => {
    const draft = opened("jks/j17-keypass.jks");
    await expect(createCsrPem(draft, "rsa")).rejects.toMatchObject({ code: "WRONG_KEY_PASSWORD" });
    const csr = await createCsrPem(draft, "rsa", { keyPassword: "keypass1" });
    expect(await verifyCertificateRequest(parseCertificateRequest(csr))).toBe(true);
    await expect(createCsrPem(draft, "ca")).rejects.toThrow("Alias <ca> is a trusted certificate entry, not a private key entry");
  });
});
