import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKeystoreError } from "../../src/model/errors.js";
import { tlsOptions, tlsOptionsFromJava, tlsOptionsFromProperties, type NodeTlsOptions } from "../../src/node/tls.js";
import { jdks } from "../helpers/java.js";
import { TLS_DIR, fixture, javaClient, javaServer, nodeTlsServer } from "./tls-helpers.js";

/**
 * Java stores for Node's TLS: keytool-made JKS and PKCS#12 stores turned into tls options, used by
 * a real https request to a server on 127.0.0.1 that trusts only the fixture client CA and
 * requires a client certificate, and whose certificate only the fixture root makes trusted.
 */
const jdk = jdks[0];
const dir = mkdtempSync(join(tmpdir(), "kk-tlsopts-"));
let port = 0;
let server: ReturnType<typeof createServer>;

function keytool(...args: string[]): void {
  const result = spawnSync(jdk!.keytool, args, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`keytool ${args.join(" ")}: ${result.stdout}${result.stderr}`);
}

beforeAll(async () => {
  server = createServer({ key: fixture("server-key.pem"), cert: Buffer.concat([fixture("server.pem"), fixture("int.pem")]), ca: fixture("client-ca.pem"), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    res.end(`hello ${(req.socket as import("node:tls").TLSSocket).getPeerCertificate().subject?.CN}`);
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  if (!jdk) return;
  // Trust stores: the root only (the server sends its intermediate).
  keytool("-importcert", "-noprompt", "-alias", "root", "-file", `${TLS_DIR}ca.pem`, "-keystore", join(dir, "trust.jks"), "-storetype", "JKS", "-storepass", "changeit");
  keytool("-importcert", "-noprompt", "-alias", "root", "-file", `${TLS_DIR}ca.pem`, "-keystore", join(dir, "trust.p12"), "-storetype", "PKCS12", "-storepass", "changeit");
  // Key stores: openssl's PKCS#12 of the client key, converted by keytool (JKS with its own key password).
  spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}client-key.pem`, "-in", `${TLS_DIR}client.pem`, "-certfile", `${TLS_DIR}client-ca.pem`, "-name", "client", "-passout", "pass:changeit", "-out", join(dir, "openssl.p12")]);
  keytool("-importkeystore", "-noprompt", "-srckeystore", join(dir, "openssl.p12"), "-srcstoretype", "PKCS12", "-srcstorepass", "changeit", "-destkeystore", join(dir, "client.p12"), "-deststoretype", "PKCS12", "-deststorepass", "changeit");
  keytool("-importkeystore", "-noprompt", "-srckeystore", join(dir, "openssl.p12"), "-srcstoretype", "PKCS12", "-srcstorepass", "changeit", "-destkeystore", join(dir, "client.jks"), "-deststoretype", "JKS", "-deststorepass", "changeit", "-destkeypass", "keypass1");
}, 120_000);

afterAll(async () => {
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function get(options: NodeTlsOptions, to = port): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: to, path: "/", servername: "localhost", timeout: 10_000, agent: false, ...options }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

describe.skipIf(!jdk)("tlsOptions from keytool-made stores, used by a real https request", () => {
  for (const [trust, keys, keyPassword] of [["trust.jks", "client.jks", "keypass1"], ["trust.p12", "client.p12", undefined]] as const) {
    it(`${trust} + ${keys}`, async () => {
      const options = tlsOptions({ trustStore: { path: join(dir, trust), password: "changeit" }, keyStore: { path: join(dir, keys), password: "changeit", ...(keyPassword ? { keyPassword } : {}) } });
      expect(options.ca).toHaveLength(1);
      expect(await get(options)).toBe("hello kk client");
    });
  }
  it("without the trust store's CA or without the key the request fails", async () => {
    const keyOnly = tlsOptions({ keyStore: { path: join(dir, "client.p12"), password: "changeit" } });
    await expect(get({ ...keyOnly, ca: [fixture("other-root.pem").toString()] })).rejects.toThrow(/certificate/);
    const trustOnly = tlsOptions({ trustStore: { path: join(dir, "trust.jks"), password: "changeit" } });
    await expect(get(trustOnly)).rejects.toThrow();
  });
  it("reads the application's own settings: JAVA_OPTS and Kafka properties", async () => {
    const fromJava = tlsOptionsFromJava({ JAVA_OPTS: `-Djavax.net.ssl.trustStore=${join(dir, "trust.p12")} -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.keyStore=${join(dir, "client.p12")} -Djavax.net.ssl.keyStorePassword=changeit` });
    expect(await get(fromJava)).toBe("hello kk client");
    const kafka = tlsOptionsFromProperties("ssl.truststore.location=trust.jks\nssl.truststore.password=changeit\nssl.keystore.location=client.jks\nssl.keystore.password=changeit\nssl.key.password=keypass1\n", "kafka", { baseDir: dir });
    expect(await get(kafka)).toBe("hello kk client");
  });
  it("typed errors: wrong store password, wrong key password, no key under the alias", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isKeystoreError(error) ? error.code : String(error);
      }
      return "no error";
    };
    expect(code(() => tlsOptions({ trustStore: { path: join(dir, "trust.jks"), password: "wrong1" } }))).toBe("INTEGRITY");
    expect(code(() => tlsOptions({ keyStore: { path: join(dir, "client.jks"), password: "changeit" } }))).toBe("WRONG_KEY_PASSWORD");
    expect(code(() => tlsOptions({ keyStore: { path: join(dir, "trust.jks"), password: "changeit" } }))).toBe("NOT_FOUND");
  });
  it("a Node client with tlsOptions talks to a Java SSLServerSocket that requires client authentication", { timeout: 120_000 }, async () => {
    // The Java server: its key in a keytool PKCS#12 made from the fixture server key, trusting the client CA.
    spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}server-key.pem`, "-in", `${TLS_DIR}server.pem`, "-certfile", `${TLS_DIR}int.pem`, "-name", "server", "-passout", "pass:changeit", "-out", join(dir, "server.p12")]);
    keytool("-importcert", "-noprompt", "-alias", "clients", "-file", `${TLS_DIR}client-ca.pem`, "-keystore", join(dir, "clients.jks"), "-storetype", "JKS", "-storepass", "changeit");
    const java = await javaServer(jdk!, [join(dir, "server.p12"), "PKCS12", "changeit", join(dir, "clients.jks"), "JKS", "changeit"]);
    try {
      const options = tlsOptions({ trustStore: { path: join(dir, "trust.jks"), password: "changeit" }, keyStore: { path: join(dir, "client.jks"), password: "changeit", keyPassword: "keypass1" } });
      expect(await get(options, java.port)).toBe("hello CN=kk client,O=keystorekit tests");
      const trustOnly = tlsOptions({ trustStore: { path: join(dir, "trust.jks"), password: "changeit" } });
      await expect(get(trustOnly, java.port)).rejects.toThrow();
    } finally {
      java.close();
    }
  });
  it("a Node server built from a JKS key store serves Java 17 and Temurin 25 clients", { timeout: 120_000 }, async () => {
    spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}server-key.pem`, "-in", `${TLS_DIR}server.pem`, "-certfile", `${TLS_DIR}int.pem`, "-name", "server", "-passout", "pass:changeit", "-out", join(dir, "server-src.p12")]);
    keytool("-importkeystore", "-noprompt", "-srckeystore", join(dir, "server-src.p12"), "-srcstoretype", "PKCS12", "-srcstorepass", "changeit", "-destkeystore", join(dir, "server.jks"), "-deststoretype", "JKS", "-deststorepass", "changeit");
    const node = await nodeTlsServer(tlsOptions({ keyStore: { path: join(dir, "server.jks"), password: "changeit" } }));
    try {
      for (const client of jdks) {
        const target = `${node.port}/localhost`;
        expect((await javaClient(client, { trust: join(dir, "trust.jks"), trustType: "JKS" }, [target])).get(target)).toMatch(/^OK/);
      }
    } finally {
      await node.close();
    }
  });
  it("keytool -genkeypair stores: a Node client with a PKCS#12 key to a Java server requiring it; a Node server with a JKS key (own key password) to Java clients", { timeout: 240_000 }, async () => {
    const at = (name: string) => join(dir, name);
    // The client key: RSA, made by keytool in PKCS#12; the Java server trusts its certificate.
    keytool("-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=node client", "-validity", "30", "-keystore", at("gen-client.p12"), "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-exportcert", "-alias", "node", "-keystore", at("gen-client.p12"), "-storepass", "changeit", "-file", at("gen-client.cer"));
    keytool("-importcert", "-noprompt", "-alias", "node", "-file", at("gen-client.cer"), "-keystore", at("gen-clients.jks"), "-storetype", "JKS", "-storepass", "changeit");
    // The server key: EC, made by keytool in JKS with its own key password; the Java clients trust its certificate.
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-keystore", at("gen-server.jks"), "-storetype", "JKS", "-storepass", "changeit", "-keypass", "keypass2");
    keytool("-exportcert", "-alias", "server", "-keystore", at("gen-server.jks"), "-storepass", "changeit", "-file", at("gen-server.cer"));
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", at("gen-server.cer"), "-keystore", at("gen-trust.jks"), "-storetype", "JKS", "-storepass", "changeit");
    spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}server-key.pem`, "-in", `${TLS_DIR}server.pem`, "-certfile", `${TLS_DIR}int.pem`, "-name", "server", "-passout", "pass:changeit", "-out", at("java-server.p12")]);
    const java = await javaServer(jdk!, [at("java-server.p12"), "PKCS12", "changeit", at("gen-clients.jks"), "JKS", "changeit"]);
    try {
      const options = tlsOptions({ trustStore: { path: at("trust.p12"), password: "changeit" }, keyStore: { path: at("gen-client.p12"), password: "changeit" } });
      expect(await get(options, java.port)).toBe("hello CN=node client");
    } finally {
      java.close();
    }
    const node = await nodeTlsServer(tlsOptions({ keyStore: { path: at("gen-server.jks"), password: "changeit", keyPassword: "keypass2" } }));
    try {
      for (const client of jdks) {
        const target = `${node.port}/localhost`;
        expect((await javaClient(client, { trust: at("gen-trust.jks"), trustType: "JKS" }, [target])).get(target), client.name).toMatch(/^OK/);
      }
    } finally {
      await node.close();
    }
  });
});
