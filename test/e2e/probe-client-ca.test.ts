import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { jdks } from "../helpers/java.js";
import { TLS_DIR, hasOpenssl, javaClient, javaServer, opensslServer } from "./tls-helpers.js";

/**
 * The acceptable client-certificate CA names of a TLS 1.2 CertificateRequest, which probe reads
 * from the raw handshake (node:tls does not expose them), asking again with TLS 1.2 when TLS 1.3
 * hid them. Compared with what `openssl s_client -tls1_2` prints for the same server, against
 * `openssl s_server -Verify 1 -CAfile …` and a Java SSLServerSocket with setNeedClientAuth; then
 * whether the key store's key is among those accepted and whether the handshake succeeds with it
 * (for probe and for Java 17 / Temurin 25 clients presenting the same key).
 */
const work = mkdtempSync(join(tmpdir(), "kk-clientca-"));
const trust = `${TLS_DIR}ca.pem`;
const CLIENT_CA = "CN=KK Client CA,O=keystorekit tests";
const ROOT_CA = "CN=KK TLS Root CA,O=keystorekit tests";
let goodKey = "";
let otherKey = "";

beforeAll(() => {
  if (!hasOpenssl) return;
  goodKey = join(work, "client.p12");
  otherKey = join(work, "other.p12");
  const p12 = (key: string, cert: string, chain: string, out: string) =>
    spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}${key}`, "-in", `${TLS_DIR}${cert}`, "-certfile", `${TLS_DIR}${chain}`, "-name", "client", "-passout", "pass:changeit", "-out", out]);
  p12("client-key.pem", "client.pem", "client-ca.pem", goodKey);
  // A key whose chain no listed CA issued (the server's own, under the TLS intermediate).
  p12("unknown-key.pem", "unknown.pem", "other-root.pem", otherKey);
  spawnSync("sh", ["-c", `cat "${TLS_DIR}client-ca.pem" "${TLS_DIR}ca.pem" > "${join(work, "two-cas.pem")}"`]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function probe(port: number, ...extra: string[]) {
  const result = await cli(["probe", `127.0.0.1:${port}`, "--host", "localhost", "-keystore", trust, "--timeout", "20", "--json", ...extra]);
  return { status: result.status, json: JSON.parse(result.stdout) as Record<string, unknown> };
}

/** "Acceptable client certificate CA names" as `openssl s_client -tls1_2` prints them, in RFC 2253 (Java's) order. */
function opensslNames(port: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-servername", "localhost", "-tls1_2"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on("close", () => {
      clearTimeout(timer);
      const block = /Acceptable client certificate CA names\n([\s\S]*?)\n(?:Requested Signature|Client Certificate Types|Shared)/.exec(out);
      if (!block) return reject(new Error(`no CA names in s_client output:\n${out}`));
      // "O = keystorekit tests, CN = KK Client CA" → "CN=KK Client CA,O=keystorekit tests"
      resolve(block[1]!.split("\n").map((line) => line.split(", ").map((ava) => ava.replace(" = ", "=")).reverse().join(",")));
    });
    child.stdin.end();
  });
}

describe.skipIf(!hasOpenssl)("probe: acceptable client-certificate CA names (TLS 1.2 CertificateRequest)", () => {
  it("openssl s_server -tls1_2 -Verify 1 -CAfile (two CAs): the names as s_client prints them; key listed and accepted, or not", { timeout: 180_000 }, async () => {
    const server = await opensslServer(["-cert", "server.pem", "-key", "server-key.pem", "-cert_chain", "int.pem", "-Verify", "1", "-CAfile", join(work, "two-cas.pem"), "-tls1_2"]);
    try {
      const expected = await opensslNames(server.port);
      expect(expected).toEqual([CLIENT_CA, ROOT_CA]);
      const bare = await probe(server.port);
      expect(bare.json).toMatchObject({ trusted: true, protocol: null, clientAuth: "required", clientCertificateRequested: true, acceptableIssuers: expected, acceptableIssuersFrom: "handshake" });
      const good = await probe(server.port, "--keystore-client", goodKey, "--client-storepass", "changeit");
      expect(good).toMatchObject({ status: 0, json: { protocol: "TLSv1.2", clientKeyIssuerListed: true, clientKeyAccepted: true } });
      const other = await probe(server.port, "--keystore-client", otherKey, "--client-storepass", "changeit");
      // s_server takes any certificate without -verify_return_error; Java's key manager would not even offer this one.
      expect(other).toMatchObject({ status: 1, json: { clientKeyIssuerListed: false, clientKeyHandshake: true, clientKeyAccepted: false } });
      for (const jdk of jdks) {
        const target = `${server.port}/localhost`;
        const withKey = (path: string) => javaClient(jdk, { trust, keyStore: { path, type: "PKCS12", password: "changeit" } }, [target]).then((m) => m.get(target)!);
        expect(await withKey(goodKey), jdk.name).toMatch(/^OK TLSv1.2/);
        // Java's key manager offers no key that the listed CAs did not issue: the server refuses.
        expect(await withKey(otherKey), jdk.name).toMatch(/^FAIL .*(handshake_failure|Broken pipe|Connection reset)/);
      }
    } finally {
      server.close();
    }
  });

  it("a server that speaks TLS 1.3 too: hidden in 1.3, learned by asking again with TLS 1.2", { timeout: 60_000 }, async () => {
    const server = await opensslServer(["-cert", "server.pem", "-key", "server-key.pem", "-cert_chain", "int.pem", "-Verify", "1", "-CAfile", "client-ca.pem"]);
    try {
      const { json } = await probe(server.port);
      expect(json).toMatchObject({ protocol: "TLSv1.3", clientAuth: "required", acceptableIssuers: await opensslNames(server.port), acceptableIssuersFrom: "TLSv1.2 retry" });
      const good = await probe(server.port, "--keystore-client", goodKey, "--client-storepass", "changeit");
      expect(good).toMatchObject({ status: 0, json: { protocol: "TLSv1.3", clientKeyIssuerListed: true, clientKeyAccepted: true } });
    } finally {
      server.close();
    }
  });

  it("a TLS 1.3-only server: the names stay unknown, and probe says why", { timeout: 60_000 }, async () => {
    const server = await opensslServer(["-cert", "server.pem", "-key", "server-key.pem", "-cert_chain", "int.pem", "-Verify", "1", "-CAfile", "client-ca.pem", "-tls1_3"]);
    try {
      const { json } = await probe(server.port);
      expect(json).toMatchObject({ clientAuth: "required", acceptableIssuers: null, clientCertificateRequested: null });
      const text = await cli(["probe", `127.0.0.1:${server.port}`, "--host", "localhost", "-keystore", trust]);
      expect(text.stdout).toMatch(/Acceptable client certificate CA names: unknown \(TLS 1.3 encrypts them, and the server refused TLS 1.2/);
    } finally {
      server.close();
    }
  });

  it("no client authentication in TLS 1.2: not requested, no names", { timeout: 60_000 }, async () => {
    const server = await opensslServer(["-cert", "server.pem", "-key", "server-key.pem", "-cert_chain", "int.pem", "-tls1_2"]);
    try {
      const { json } = await probe(server.port);
      expect(json).toMatchObject({ clientAuth: "none", clientCertificateRequested: false, acceptableIssuers: null });
    } finally {
      server.close();
    }
  });

  it.skipIf(jdks.length === 0)("a Java SSLServerSocket with setNeedClientAuth: its trust store's names, as s_client -tls1_2 shows them", { timeout: 180_000 }, async () => {
    const jdk = jdks[0]!;
    const serverP12 = join(work, "server.p12");
    const clients = join(work, "clients.p12");
    spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}server-key.pem`, "-in", `${TLS_DIR}server.pem`, "-certfile", `${TLS_DIR}int.pem`, "-name", "server", "-passout", "pass:changeit", "-out", serverP12]);
    spawnSync(jdk.keytool, ["-importcert", "-noprompt", "-alias", "clients", "-file", `${TLS_DIR}client-ca.pem`, "-keystore", clients, "-storetype", "PKCS12", "-storepass", "changeit"]);
    const java = await javaServer(jdk, [serverP12, "PKCS12", "changeit", clients, "PKCS12", "changeit"]);
    try {
      const expected = await opensslNames(java.port);
      expect(expected).toEqual([CLIENT_CA]);
      const { json } = await probe(java.port);
      expect(json).toMatchObject({ clientAuth: "required", acceptableIssuers: expected, acceptableIssuersFrom: "TLSv1.2 retry" });
      const good = await probe(java.port, "--keystore-client", goodKey, "--client-storepass", "changeit");
      expect(good).toMatchObject({ status: 0, json: { clientKeyIssuerListed: true, clientKeyAccepted: true } });
      const other = await probe(java.port, "--keystore-client", otherKey, "--client-storepass", "changeit");
      expect(other).toMatchObject({ status: 1, json: { clientKeyIssuerListed: false, clientKeyHandshake: false, clientKeyAccepted: false } });
    } finally {
      java.close();
    }
  });
});
