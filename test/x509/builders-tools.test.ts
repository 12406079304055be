import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePem, toHex, toPem } from "../../src/binary/encoding.js";
import { installCaReply } from "../../src/keys/ca-reply.js";
import { Certificate, Keystore, encodeKeystore, isKeystoreError, verifyChain, type Entry } from "../../src/index.js";
import { generateKeyPair, generateSecretKey, secretKeyEntry, type GeneratedKeyPair } from "../../src/keys/generate.js";
import { createSelfSignedCertificate, type CertificateAuthority } from "../../src/x509/certificate-builder.js";
import { createCertificateRequest, parseCertificateRequest, signCertificateRequest } from "../../src/x509/csr.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";
import { jdks, keytool } from "../helpers/java.js";

/**
 * Every builder checked by the real tools: OpenSSL verifies the certificates and CSRs, Java reads the
 * keys back (byte for byte the PKCS#8 we wrote) from stores the existing encoders write, PKIX accepts
 * the chains, keytool signs our CSRs and we sign keytool's. Each part skips when its tool is absent.
 */

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "kk-x509-"));
const oracle = join(import.meta.dirname, "KeystoreOracle.java");
let fileCount = 0;

function file(name: string, data: string | Uint8Array): string {
  const path = join(dir, `${fileCount++}-${name}`);
  writeFileSync(path, data);
  return path;
}

function run(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

const KEY_TYPES = [
  { algorithm: "RSA", size: 2048 },
  { algorithm: "EC", size: 256 },
  { algorithm: "EC", size: 384 },
  { algorithm: "EC", size: 521 },
  { algorithm: "Ed25519" },
  { algorithm: "Ed448" },
] as const;

const label = (type: (typeof KEY_TYPES)[number]) => ("size" in type ? `${type.algorithm} ${type.size}` : type.algorithm);

async function keyPair(type: (typeof KEY_TYPES)[number]): Promise<GeneratedKeyPair> {
  return generateKeyPair({ algorithm: type.algorithm, ...("size" in type ? { size: type.size } : {}) });
}

const EXTENSIONS = ["SAN=dns:host.example,ip:127.0.0.1,email:ops@host.example,uri:https://host.example/", "KU=digitalSignature,keyCertSign", "EKU=serverAuth,clientAuth", "BC:c=ca:true,pathlen:1"];

async function makeCa(type: (typeof KEY_TYPES)[number], dname: string): Promise<{ ca: CertificateAuthority; pair: GeneratedKeyPair }> {
  const pair = await keyPair(type);
  const signer = await createSigner(pair.privateKey);
  const certificate = await createSelfSignedCertificate(signer, { dname, extensions: ["BC:c=ca:true", "KU=keyCertSign,cRLSign"], startDate: "-1d" });
  return { ca: { signer, chain: [certificate] }, pair };
}

function keyEntry(alias: string, pair: GeneratedKeyPair, chain: Certificate[]): Entry {
  return { type: "privateKey", alias, created: new Date(), chain, key: { plain: pair.privateKey } };
}

/** verifyChain trusts the chain (EdDSA CAs too: their signatures are checked through WebCrypto). */
async function expectVerifyChainTrusts(chain: readonly Certificate[], anchor: Certificate, purpose: "tls-server" | "tls-client" | "any" = "tls-server"): Promise<void> {
  const verdict = await verifyChain(chain, [anchor], { purpose });
  expect(verdict.code, verdict.reason).toBe("TRUSTED");
}

describe.each(KEY_TYPES.map((type) => [label(type), type] as const))("%s", (_name, type) => {
  it("self-signed certificate: OpenSSL verifies it, Java reads the key byte for byte and keytool lists the extensions", async () => {
    const pair = await keyPair(type);
    const signer = await createSigner(pair.privateKey);
    expect(signer.publicKey).toEqual(pair.publicKey);
    const certificate = await createSelfSignedCertificate(signer, { dname: "CN=host.example, OU=Ops, O=Example, C=US", extensions: EXTENSIONS });
    expect(certificate.subject).toBe("CN=host.example,OU=Ops,O=Example,C=US");
    const pem = file("self.pem", certificate.toPem());
    if (hasOpenssl) {
      expect(run("openssl", ["verify", "-CAfile", pem, pem]).output).toContain(": OK");
      const text = run("openssl", ["x509", "-in", pem, "-noout", "-text"]).output;
      expect(text).toContain("DNS:host.example, IP Address:127.0.0.1, email:ops@host.example, URI:https://host.example/");
      expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    }
    const store = new Keystore({ format: "PKCS12" });
    store.set(keyEntry("server", pair, [certificate]));
    const p12 = file("self.p12", encodeKeystore(store, { format: "PKCS12", password: "changeit" }));
    for (const jdk of jdks) {
      const java = run(jdk.java, [oracle, p12, "PKCS12", "changeit"]);
      expect(java.output, jdk.name).toContain(`KEY server ${type.algorithm === "Ed25519" || type.algorithm === "Ed448" ? "" : type.algorithm}`.trim());
      const line = java.output.split("\n").find((l) => l.startsWith("KEY server"))!;
      expect(line.split(" ")[3], `${jdk.name}: Java's getEncoded() is our PKCS#8`).toBe(toHex(pair.privateKey));
      const listing = keytool(jdk, ["-list", "-v", "-keystore", p12, "-storepass", "changeit"]).output;
      expect(listing, jdk.name).toContain("DNSName: host.example");
      expect(listing).toContain("serverAuth");
      expect(listing).toMatch(/BasicConstraints:\[\s+CA:true\s+PathLen:\s?1/);
    }
  }, 300_000);

  it("CSR: openssl req -verify accepts it, keytool -gencert signs it, the reply installs and Java's PKIX accepts it", async () => {
    const pair = await keyPair(type);
    const signer = await createSigner(pair.privateKey);
    const csr = await createCertificateRequest(signer, { dname: "CN=client, O=Example", extensions: ["SAN=dns:client.example", "EKU=clientAuth"] });
    const parsed = parseCertificateRequest(csr);
    expect(parsed.subject).toBe("CN=client,O=Example");
    expect(parsed.extensions.map((e) => e.oid)).toEqual(["2.5.29.14", "2.5.29.17", "2.5.29.37"]);
    const csrFile = file("req.csr", toPem("NEW CERTIFICATE REQUEST", csr));
    if (hasOpenssl) expect(run("openssl", ["req", "-in", csrFile, "-noout", "-verify"]).output).toMatch(/verify OK/);
    for (const jdk of jdks) {
      const caStore = join(dir, `${fileCount++}-kt-ca.p12`);
      expect(keytool(jdk, ["-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=keytool CA", "-ext", "BC:c=ca:true", "-keystore", caStore, "-storetype", "PKCS12", "-storepass", "changeit"]).status).toBe(0);
      const issued = join(dir, `${fileCount++}-issued.pem`);
      const signed = keytool(jdk, ["-gencert", "-alias", "ca", "-infile", csrFile, "-outfile", issued, "-rfc", "-ext", "honored=all", "-keystore", caStore, "-storepass", "changeit"]);
      expect(signed.status, signed.output).toBe(0);
      const caPem = join(dir, `${fileCount++}-kt-ca.pem`);
      keytool(jdk, ["-exportcert", "-rfc", "-alias", "ca", "-file", caPem, "-keystore", caStore, "-storepass", "changeit"]);
      if (hasOpenssl) {
        expect(run("openssl", ["verify", "-CAfile", caPem, issued]).output).toContain(": OK");
        expect(run("openssl", ["x509", "-in", issued, "-noout", "-text"]).output).toContain("DNS:client.example");
      }
      // keytool's reply installed on our key (as import-cert does: the CA trusted in the store first),
      // then verifyChain and Java's PKIX accept the installed chain.
      const keytoolCa = new Certificate(parsePem(readFileSync(caPem, "utf8"))[0]!.der);
      const store = new Keystore({ format: "PKCS12" });
      store.set({ type: "trustedCert", alias: "keytool-ca", created: new Date(), certificate: keytoolCa });
      store.set(keyEntry("client", pair, [await createSelfSignedCertificate(signer, { dname: "CN=client, O=Example" })]));
      const installed = await installCaReply(store, "client", readFileSync(issued, "utf8"));
      expect(installed.entry.chain.map((c) => c.subject)).toEqual(["CN=client,O=Example", "CN=keytool CA"]);
      store.set(installed.entry);
      await expectVerifyChainTrusts(installed.entry.chain, keytoolCa, "tls-client");
      const p12 = file("kt-reply.p12", encodeKeystore(store, { format: "PKCS12", password: "changeit" }));
      expect(run(jdk.java, [oracle, p12, "PKCS12", "changeit"]).output, jdk.name).toContain("PKIX client OK");
    }
  }, 300_000);

  it("gencert: our CA signs our CSR and keytool's; OpenSSL, verifyChain and Java's PKIX accept the chain", async () => {
    const { ca, pair: caPair } = await makeCa(type, "CN=Test Root CA, O=Example");
    const leafPair = await generateKeyPair({ algorithm: "EC", size: 256 });
    const leafSigner = await createSigner(leafPair.privateKey);
    const csr = await createCertificateRequest(leafSigner, { dname: "CN=localhost", extensions: ["SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth"] });
    const { certificate, chain } = await signCertificateRequest(csr, ca, { extensions: ["honored=all", "KU=digitalSignature"], startDate: "-1H" });
    expect(chain).toEqual([certificate, ca.chain[0]]);
    expect(certificate.issuer).toBe("CN=Test Root CA,O=Example");
    await expectVerifyChainTrusts(chain, ca.chain[0]!);
    const caPem = file("ca.pem", ca.chain[0]!.toPem());
    if (hasOpenssl) {
      const leafPem = file("leaf.pem", certificate.toPem());
      expect(run("openssl", ["verify", "-CAfile", caPem, leafPem]).output).toContain(": OK");
      const text = run("openssl", ["x509", "-in", leafPem, "-noout", "-text"]).output;
      expect(text).toContain("DNS:localhost, IP Address:127.0.0.1");
      expect(text).toContain("TLS Web Server Authentication");
    }
    const store = new Keystore({ format: "PKCS12" });
    store.set(keyEntry("server", leafPair, chain));
    store.set(keyEntry("ca", caPair, [...ca.chain]));
    const p12 = file("chain.p12", encodeKeystore(store, { format: "PKCS12", password: "changeit" }));
    for (const jdk of jdks) {
      const java = run(jdk.java, [oracle, p12, "PKCS12", "changeit"]).output;
      expect(java, jdk.name).toContain("PKIX server OK");
      // keytool's own CSR, signed by our gencert.
      const ktStore = join(dir, `${fileCount++}-kt-leaf.p12`);
      const ktCsr = join(dir, `${fileCount++}-kt.csr`);
      keytool(jdk, ["-genkeypair", "-alias", "leaf", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=keytool leaf", "-keystore", ktStore, "-storetype", "PKCS12", "-storepass", "changeit"]);
      expect(keytool(jdk, ["-certreq", "-alias", "leaf", "-file", ktCsr, "-ext", "SAN=dns:kt.example", "-keystore", ktStore, "-storepass", "changeit"]).status).toBe(0);
      const issued = await signCertificateRequest(readFileSync(ktCsr, "utf8"), ca, { extensions: ["honored=all"] });
      await expectVerifyChainTrusts(issued.chain, ca.chain[0]!);
      if (hasOpenssl) expect(run("openssl", ["verify", "-CAfile", caPem, file("kt-issued.pem", issued.certificate.toPem())]).output).toContain(": OK");
      // ... and keytool installs it as the reply.
      const reply = file("reply.pem", issued.chain.map((c) => c.toPem()).join(""));
      const installed = keytool(jdk, ["-importcert", "-noprompt", "-trustcacerts", "-alias", "leaf", "-file", reply, "-keystore", ktStore, "-storepass", "changeit"]);
      expect(installed.output, jdk.name).toContain("Certificate reply was installed in keystore");
      expect(run(jdk.java, [oracle, ktStore, "PKCS12", "changeit"]).output, `${jdk.name}: Java's PKIX on the chain keytool installed`).toContain("PKIX leaf OK");
    }
  }, 300_000);
});

describe("gencert refuses a CSR whose signature does not verify", () => {
  it("MALFORMED, and nothing is issued", async () => {
    const { ca } = await makeCa({ algorithm: "EC", size: 256 }, "CN=CA");
    const pair = await generateKeyPair({ algorithm: "EC", size: 256 });
    const csr = await createCertificateRequest(await createSigner(pair.privateKey), { dname: "CN=victim" });
    const tampered = csr.slice();
    tampered[20] = tampered[20]! ^ 0x01; // inside the subject, which the signature covers
    const error = await signCertificateRequest(tampered, ca).catch((e: unknown) => e);
    expect(isKeystoreError(error, "MALFORMED")).toBe(true);
    expect(String(error)).toContain("Invalid PKCS #10 signature");
  });
});

describe("secret keys: Java reads them from JCEKS and PKCS#12 as it wrote its own", () => {
  it.each(["PKCS12", "JCEKS"] as const)("%s", (format) => {
    const store = new Keystore({ format });
    const keys = [generateSecretKey({ algorithm: "AES", size: 128 }), generateSecretKey({ algorithm: "aes", size: 256 }), generateSecretKey({ algorithm: "HmacSHA256" }), generateSecretKey({ algorithm: "HmacSHA512", size: 512 })];
    keys.forEach((key, i) => store.set(secretKeyEntry(`k${i}`, key)));
    const path = file(`secret.${format}`, encodeKeystore(store, { format, password: "changeit" }));
    for (const jdk of jdks) {
      const output = run(jdk.java, [oracle, path, format, "changeit"]).output;
      keys.forEach((key, i) => expect(output, jdk.name).toContain(`SECRET k${i} ${key.algorithm} ${toHex(key.key)}`));
    }
  });
});
