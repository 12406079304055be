import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { jdks } from "../helpers/java.js";
import { TLS_DIR, fixture, hasOpenssl, httpServer, javaCause, javaClient, javaServer, nodeTlsServer, opensslServer } from "./tls-helpers.js";

/**
 * keystorekit probe against real servers on 127.0.0.1 (Node TLS and openssl s_server), with
 * Java 17 and Temurin 25 asked about the same servers in the same test: probe's verdict and
 * javaMessage must be what Java prints.
 */
const trust = `${TLS_DIR}ca.pem`;
const pem = (...names: string[]) => Buffer.concat(names.map(fixture));
type Server = { port: number; close: () => unknown };
const servers: Record<string, Server> = {};
let work = "";
let clientP12 = "";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kk-probe-"));
  servers.good = await nodeTlsServer({ key: fixture("server-key.pem"), cert: pem("server.pem", "int.pem") });
  servers.noIntermediate = await nodeTlsServer({ key: fixture("server-key.pem"), cert: pem("server.pem") });
  servers.unknownRoot = await nodeTlsServer({ key: fixture("unknown-key.pem"), cert: pem("unknown.pem", "other-root.pem") });
  servers.expired = await nodeTlsServer({ key: fixture("expired-key.pem"), cert: pem("expired.pem", "int.pem") });
  clientP12 = join(work, "client.p12");
  spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}client-key.pem`, "-in", `${TLS_DIR}client.pem`, "-certfile", `${TLS_DIR}client-ca.pem`, "-name", "client", "-passout", "pass:changeit", "-out", clientP12]);
}, 60_000);

afterAll(async () => {
  for (const server of Object.values(servers)) await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function probe(port: number, ...extra: string[]) {
  const result = await cli(["probe", `127.0.0.1:${port}`, "-keystore", trust, "--timeout", "20", "--json", ...extra]);
  return { status: result.status, json: JSON.parse(result.stdout) as Record<string, unknown>, stderr: result.stderr };
}

/**
 * A server that requires a client certificate: probe says so without a key and accepts the key
 * store's key; Java without a key fails and with it connects.
 */
async function expectClientAuthRequired(serverPort: number): Promise<void> {
  const without = await probe(serverPort, "--host", "localhost");
  expect(without.json).toMatchObject({ trusted: true, clientAuth: "required" });
  const withKey = await probe(serverPort, "--host", "localhost", "--keystore-client", clientP12, "--client-storepass", "changeit");
  expect(withKey.json).toMatchObject({ trusted: true, clientAuth: "none", clientKeyAccepted: true });
  expect(withKey.status).toBe(0);
  for (const jdk of jdks) {
    const port = `${serverPort}/localhost`;
    const bare = (await javaClient(jdk, { trust }, [port])).get(port)!;
    // TLS 1.2: a server may close right after its handshake_failure alert, so Java sometimes
    // meets the closed socket first ("Broken pipe" writing its Finished) instead of the alert.
    expect(bare, jdk.name).toMatch(/^FAIL .*(certificate_required|handshake_failure|bad_certificate|Broken pipe|Connection reset)/);
    const keyed = (await javaClient(jdk, { trust, keyStore: { path: clientP12, type: "PKCS12", password: "changeit" } }, [port])).get(port)!;
    expect(keyed, jdk.name).toMatch(/^OK/);
  }
}

describe("probe: the chain, the verdict and Java's message", () => {
  it("a good chain with its intermediate: trusted, exit 0, chain details", async () => {
    const { status, json } = await probe(servers.good!.port, "--host", "localhost");
    expect(status).toBe(0);
    expect(json).toMatchObject({ trusted: true, javaMessage: "", clientAuth: "none", protocol: "TLSv1.3" });
    const chain = json.chain as Array<Record<string, unknown>>;
    expect(chain.map((c) => c.subject)).toEqual(["CN=localhost,O=keystorekit tests", "CN=KK TLS Intermediate CA,O=keystorekit tests"]);
    expect(chain[0]!.subjectAltNames).toEqual(["DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"]);
  });

  it("a missing intermediate names the issuer and its AIA URL", async () => {
    const { status, json } = await probe(servers.noIntermediate!.port);
    expect(status).toBe(1);
    expect(json).toMatchObject({ trusted: false, code: "NO_TRUSTED_ISSUER", missingIssuer: "CN=KK TLS Intermediate CA,O=keystorekit tests", missingIssuerUrls: ["http://127.0.0.1:1/int.der"] });
    expect(json.intermediates).toContain("no intermediates");
  });

  it("a name the certificate does not carry fails the host-name check", async () => {
    const { status, json } = await probe(servers.good!.port, "--host", "www.example.com");
    expect(status).toBe(1);
    expect(json).toMatchObject({ code: "HOSTNAME_MISMATCH", javaMessage: "No subject alternative DNS name matching www.example.com found." });
  });

  it("nothing listening: exit 3 with the network error named", async () => {
    const closed = await httpServer(new Uint8Array());
    await closed.close();
    const result = await cli(["probe", `127.0.0.1:${closed.port}`, "-keystore", trust, "--timeout", "5"]);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("ECONNREFUSED");
  });

  describe.skipIf(jdks.length === 0)("agrees with Java", () => {
    const cases: Array<[string, string]> = [
      ["good", "localhost"],
      ["good", "127.0.0.1"],
      ["good", "www.example.com"],
      ["noIntermediate", "localhost"],
      ["unknownRoot", "localhost"],
      ["expired", "localhost"],
    ];
    for (const jdk of jdks) {
      it(jdk.name, { timeout: 180_000 }, async () => {
        const targets = cases.map(([server, host]) => `${servers[server]!.port}/${host}`);
        const java = await javaClient(jdk, { trust }, targets);
        for (const [i, [server, host]] of cases.entries()) {
          const { json } = await probe(servers[server]!.port, "--host", host);
          const line = java.get(targets[i]!) ?? "missing";
          expect({ case: `${server} ${host}`, trusted: json.trusted, message: json.javaMessage }).toEqual({ case: `${server} ${host}`, trusted: line.startsWith("OK"), message: javaCause(line) });
        }
      });
    }
  });
});

describe.skipIf(!hasOpenssl || jdks.length === 0)("probe against openssl s_server agrees with Java", () => {
  const SERVERS: Record<string, string[]> = {
    good: ["-cert", "server.pem", "-key", "server-key.pem", "-cert_chain", "int.pem"],
    noIntermediate: ["-cert", "server.pem", "-key", "server-key.pem"],
    unknownRoot: ["-cert", "unknown.pem", "-key", "unknown-key.pem", "-cert_chain", "other-root.pem"],
    expired: ["-cert", "expired.pem", "-key", "expired-key.pem", "-cert_chain", "int.pem"],
  };
  const cases: Array<[string, string]> = [["good", "localhost"], ["good", "www.example.com"], ["noIntermediate", "localhost"], ["unknownRoot", "localhost"], ["expired", "localhost"]];
  for (const jdk of jdks) {
    it(jdk.name, { timeout: 240_000 }, async () => {
      const running: Record<string, { port: number; close: () => void }> = {};
      try {
        for (const [name, args] of Object.entries(SERVERS)) running[name] = await opensslServer(args);
        const targets = cases.map(([server, host]) => `${running[server]!.port}/${host}`);
        const java = await javaClient(jdk, { trust }, targets);
        for (const [i, [server, host]] of cases.entries()) {
          const { json } = await probe(running[server]!.port, "--host", host);
          const line = java.get(targets[i]!) ?? "missing";
          expect({ case: `${server} ${host}`, trusted: json.trusted, message: json.javaMessage }).toEqual({ case: `${server} ${host}`, trusted: line.startsWith("OK"), message: javaCause(line) });
        }
      } finally {
        for (const server of Object.values(running)) server.close();
      }
    });
  }
});

describe.skipIf(!hasOpenssl)("probe: client authentication (openssl s_server -Verify)", () => {
  for (const version of ["-tls1_3", "-tls1_2"]) {
    it(`${version}: required without a key, accepted with the key store's key`, { timeout: 120_000 }, async () => {
      const server = await opensslServer(["-cert", "server.pem", "-key", "server-key.pem", "-cert_chain", "int.pem", "-Verify", "1", "-CAfile", "client-ca.pem", version]);
      try {
        await expectClientAuthRequired(server.port);
      } finally {
        server.close();
      }
    });
  }
});

describe("probe: client authentication (a Node TLS server with requestCert)", () => {
  for (const version of ["TLSv1.3", "TLSv1.2"] as const) {
    it(`${version}: required without a key, accepted with the key store's key; Java agrees`, { timeout: 180_000 }, async () => {
      const server = await nodeTlsServer({
        key: fixture("server-key.pem"),
        cert: pem("server.pem", "int.pem"),
        ca: fixture("client-ca.pem"),
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: version,
        maxVersion: version,
      });
      try {
        await expectClientAuthRequired(server.port);
      } finally {
        await server.close();
      }
    });
  }
});

describe.skipIf(jdks.length === 0)("probe: a Java SSLServerSocket", () => {
  it("trusted chain; client authentication required, and accepted with the key store's key", { timeout: 300_000 }, async () => {
    const jdk = jdks[0]!;
    const serverP12 = join(work, "server.p12");
    const clients = join(work, "clients.p12");
    spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}server-key.pem`, "-in", `${TLS_DIR}server.pem`, "-certfile", `${TLS_DIR}int.pem`, "-name", "server", "-passout", "pass:changeit", "-out", serverP12]);
    spawnSync(jdk.keytool, ["-importcert", "-noprompt", "-alias", "clients", "-file", `${TLS_DIR}client-ca.pem`, "-keystore", clients, "-storetype", "PKCS12", "-storepass", "changeit"]);
    const open = await javaServer(jdk, [serverP12, "PKCS12", "changeit"]);
    const needsClient = await javaServer(jdk, [serverP12, "PKCS12", "changeit", clients, "PKCS12", "changeit"]);
    try {
      const plain = await probe(open.port, "--host", "localhost");
      expect(plain).toMatchObject({ status: 0, json: { trusted: true, clientAuth: "none" } });
      // The same verdicts from Java 17 and Temurin 25 clients, for the right and a wrong host name.
      for (const client of jdks) {
        const targets = [`${open.port}/localhost`, `${open.port}/www.example.com`];
        const java = await javaClient(client, { trust }, targets);
        for (const target of targets) {
          const { json } = await probe(open.port, "--host", target.split("/")[1]!);
          const line = java.get(target) ?? "missing";
          expect({ target, trusted: json.trusted, message: json.javaMessage }).toEqual({ target, trusted: line.startsWith("OK"), message: javaCause(line) });
        }
      }
      expect((plain.json.chain as unknown[]).length).toBe(2);
      const without = await probe(needsClient.port, "--host", "localhost");
      expect(without.json).toMatchObject({ trusted: true, clientAuth: "required" });
      const withKey = await probe(needsClient.port, "--host", "localhost", "--keystore-client", clientP12, "--client-storepass", "changeit");
      expect(withKey).toMatchObject({ status: 0, json: { clientAuth: "none", clientKeyAccepted: true } });
    } finally {
      open.close();
      needsClient.close();
    }
  });
});
