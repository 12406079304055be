import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePem, toHex, toPem } from "../../src/binary/encoding.js";
import { readKeystoreFile } from "../../src/node/files.js";
import { jdks, keytool, keytoolEntries, type Jdk } from "../helpers/java.js";
import { cli } from "./helpers.js";

/**
 * The new commands' files checked by the real tools: keytool 17 and Temurin 25 list genkeypair's
 * stores with the extensions asked for, OpenSSL verifies certreq's requests and keytool signs them,
 * keytool installs gencert's --chain as a certificate reply, Java reads genseckey's keys byte for
 * byte, and the whole CA → server → request → reply flow ends in a chain of 2 that keytool lists.
 * Each part skips when its tool is absent.
 */

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "kk-newkeys-tools-"));
const oracle = join(import.meta.dirname, "..", "x509", "KeystoreOracle.java");
let count = 0;
const fresh = (name: string) => join(dir, `${count++}-${name}`);
const PASS = ["-storepass", "changeit"];
const NO_JDK = "no working JDK (java on PATH or Temurin 25)";
const JDKS: (Jdk | null)[] = jdks.length > 0 ? jdks : [null];

async function ok(argv: string[]): Promise<string> {
  const result = await cli(argv);
  if (result.status !== 0) throw new Error(`keystorekit ${argv.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function keytoolOk(jdk: Jdk, args: string[]): string {
  const result = keytool(jdk, args);
  if (result.status !== 0) throw new Error(`keytool ${args.join(" ")} failed: ${result.output}`);
  return result.output;
}

const KEYS = [
  ["RSA", "-keyalg", "RSA", "-keysize", "2048"],
  ["EC", "-keyalg", "EC"],
  ["Ed25519", "-keyalg", "Ed25519"],
  ["Ed448", "-keyalg", "Ed448"],
] as const;

describe.each(JDKS.map((jdk) => [jdk?.name ?? "no JDK", jdk] as const))("%s", (_name, jdk) => {
  it.for(KEYS.flatMap(([label, ...keyalg]) => ["p12", "jks"].map((ext) => [`${label} in .${ext}`, ext, keyalg] as const)))(
    "keytool -list -v reads genkeypair's store (%s) and shows the certificate and its extensions",
    async ([, ext, keyalg], { skip }) => {
      if (!jdk) return skip(NO_JDK);
      const path = fresh(`gen.${ext}`);
      await ok(["genkeypair", "-keystore", path, ...PASS, "-alias", "server", ...keyalg, "-dname", "CN=localhost, O=Example", "-validity", "400",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "BC:c=ca:false", "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth"]);
      const listed = keytoolOk(jdk, ["-list", "-v", "-keystore", path, ...PASS]);
      expect(keytoolEntries(listed)).toEqual(["server privateKey chain 1"]);
      expect(listed).toContain("Owner: CN=localhost, O=Example");
      expect(listed).toContain("Issuer: CN=localhost, O=Example");
      for (const text of ["SubjectAlternativeName [", "DNSName: localhost", "IPAddress: 127.0.0.1", "BasicConstraints:[", "CA:false", "DigitalSignature", "serverAuth", "clientAuth", "SubjectKeyIdentifier ["]) {
        expect(listed).toContain(text);
      }
      expect(listed).toMatch(/#\d+: ObjectId: 2\.5\.29\.19 Criticality=true/);
    },
  );

  it("genkeypair adds a key pair to a keytool-made store, and keytool lists both", async ({ skip }) => {
    if (!jdk) return skip(NO_JDK);
    for (const ext of ["p12", "jks"]) {
      const path = fresh(`keytool-made.${ext}`);
      keytoolOk(jdk, ["-genkeypair", "-keystore", path, "-storetype", ext === "p12" ? "PKCS12" : "JKS", ...PASS, "-alias", "first", "-keyalg", "EC", "-dname", "CN=first"]);
      await ok(["genkeypair", "-keystore", path, ...PASS, "-alias", "second", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=second"]);
      expect(keytoolEntries(keytoolOk(jdk, ["-list", "-v", "-keystore", path, ...PASS]))).toEqual(["first privateKey chain 1", "second privateKey chain 1"]);
    }
  });

  it("openssl req -verify accepts certreq's output and keytool -gencert signs it with a genkeypair CA", async ({ skip }) => {
    if (!jdk) return skip(NO_JDK);
    const ca = fresh("ca.p12");
    await ok(["genkeypair", "-keystore", ca, ...PASS, "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Test CA", "-ext", "BC:c=ca:true"]);
    const server = fresh("server.jks");
    await ok(["genkeypair", "-keystore", server, ...PASS, "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost"]);
    const csr = fresh("server.csr");
    await ok(["certreq", "-keystore", server, ...PASS, "-alias", "server", "-file", csr, "-ext", "SAN=dns:localhost"]);
    if (hasOpenssl) {
      const verified = spawnSync("openssl", ["req", "-verify", "-noout", "-in", csr], { encoding: "utf8" });
      expect(verified.status, verified.stderr).toBe(0);
      expect(`${verified.stdout}${verified.stderr}`).toMatch(/verify OK/);
    }
    const issued = keytoolOk(jdk, ["-gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-rfc", "-ext", "honored=all"]);
    const [block] = parsePem(issued);
    expect(block?.label).toBe("CERTIFICATE");
    const printed = keytoolOk(jdk, ["-printcert", "-file", writeTemp("issued.pem", issued)]);
    expect(printed).toContain("Owner: CN=localhost");
    expect(printed).toContain("Issuer: CN=Test CA");
    expect(printed).toContain("DNSName: localhost");
  });

  it("keytool -importcert installs gencert's --chain as the reply on a keytool-made key entry", async ({ skip }) => {
    if (!jdk) return skip(NO_JDK);
    const ca = fresh("ca.p12");
    await ok(["genkeypair", "-keystore", ca, ...PASS, "-alias", "ca", "-keyalg", "RSA", "-dname", "CN=Test CA", "-ext", "BC:c=ca:true", "-ext", "KU=keyCertSign"]);
    const client = fresh("client.p12");
    keytoolOk(jdk, ["-genkeypair", "-keystore", client, ...PASS, "-alias", "client", "-keyalg", "EC", "-dname", "CN=client"]);
    const csr = fresh("client.csr");
    keytoolOk(jdk, ["-certreq", "-keystore", client, ...PASS, "-alias", "client", "-file", csr]);
    const reply = fresh("client-chain.pem");
    await ok(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-outfile", reply, "--chain", "-ext", "EKU=clientAuth"]);
    const caPem = writeTemp("ca.pem", toPem("CERTIFICATE", parsePem(readFileSync(reply, "utf8"))[1]!.der));
    keytoolOk(jdk, ["-importcert", "-noprompt", "-keystore", client, ...PASS, "-alias", "ca", "-file", caPem]);
    expect(keytoolOk(jdk, ["-importcert", "-keystore", client, ...PASS, "-alias", "client", "-file", reply])).toContain("Certificate reply was installed in keystore");
    expect(keytoolEntries(keytoolOk(jdk, ["-list", "-v", "-keystore", client, ...PASS]))).toEqual(["ca trustedCert", "client privateKey chain 2"]);
  });

  it("Java reads genseckey's keys: the algorithm and the bytes keystorekit reads", async ({ skip }) => {
    if (!jdk) return skip(NO_JDK);
    const cases = [
      ["secrets.p12", "PKCS12", "AES", "128"],
      ["secrets.p12", "PKCS12", "HmacSHA256", "256"],
      ["secrets.jceks", "JCEKS", "AES", "256"],
      ["secrets.jceks", "JCEKS", "HmacSHA512", "512"],
    ] as const;
    for (const [name, type, keyalg, size] of cases) {
      const path = fresh(name);
      await ok(["genseckey", "-keystore", path, ...PASS, "-alias", "key", "-keyalg", keyalg, "-keysize", size]);
      const ours = toHex(readKeystoreFile(path, { password: "changeit" }).secretKey("key", "changeit"));
      const run = spawnSync(jdk.java, [oracle, path, type, "changeit"], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(`SECRET key ${keyalg} ${ours}`);
      expect(ours).toHaveLength(Number(size) / 4);
    }
  });

  it("the whole flow: genkeypair (CA), genkeypair (server), certreq, gencert, keytool -importcert: keytool lists a chain of 2", async ({ skip }) => {
    if (!jdk) return skip(NO_JDK);
    const ca = fresh("flow-ca.p12");
    await ok(["genkeypair", "-keystore", ca, ...PASS, "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Flow CA", "-ext", "BC:c=ca:true", "-ext", "KU=keyCertSign,cRLSign", "-validity", "3650"]);
    const server = fresh("flow-server.p12");
    await ok(["genkeypair", "-keystore", server, ...PASS, "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost"]);
    const csr = fresh("flow.csr");
    await ok(["certreq", "-keystore", server, ...PASS, "-alias", "server", "-file", csr, "-ext", "SAN=dns:localhost,ip:127.0.0.1"]);
    const reply = fresh("flow-chain.pem");
    await ok(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-outfile", reply, "--chain", "-ext", "honored=all", "-ext", "EKU=serverAuth"]);
    const caPem = fresh("flow-ca.pem");
    await ok(["export-cert", ca, ...PASS, "-alias", "ca", "-file", caPem]);
    keytoolOk(jdk, ["-importcert", "-noprompt", "-keystore", server, ...PASS, "-alias", "ca", "-file", caPem]);
    expect(keytoolOk(jdk, ["-importcert", "-keystore", server, ...PASS, "-alias", "server", "-file", reply])).toContain("Certificate reply was installed in keystore");
    const listed = keytoolOk(jdk, ["-list", "-v", "-keystore", server, ...PASS, "-alias", "server"]);
    expect(listed).toContain("Certificate chain length: 2");
    expect(listed).toContain("Issuer: CN=Flow CA");
    expect(listed).toContain("IPAddress: 127.0.0.1");
    if (hasOpenssl) {
      const chain = parsePem(readFileSync(reply, "utf8"));
      const leaf = writeTemp("leaf.pem", toPem("CERTIFICATE", chain[0]!.der));
      const verified = spawnSync("openssl", ["verify", "-CAfile", caPem, leaf], { encoding: "utf8" });
      expect(verified.status, verified.stderr).toBe(0);
    }
  });
});

function writeTemp(name: string, data: string): string {
  const path = fresh(name);
  writeFileSync(path, data);
  return path;
}
