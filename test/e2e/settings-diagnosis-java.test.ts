import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { jdks } from "../helpers/java.js";
import { TLS_DIR, fixture, nodeTlsServer } from "./tls-helpers.js";

/**
 * diagnose --java-opts predicts what the application prints; a real Java client (17 and 25) runs
 * with each broken setting against a server on 127.0.0.1, and every line the finding quotes must
 * appear in its output.
 */
const dir = mkdtempSync(join(tmpdir(), "kk-settings-"));
const CLIENT = new URL("./TlsClient.java", import.meta.url).pathname;
let server: Awaited<ReturnType<typeof nodeTlsServer>>;

beforeAll(async () => {
  server = await nodeTlsServer({ key: fixture("server-key.pem"), cert: Buffer.concat([fixture("server.pem"), fixture("int.pem")]) });
  const jdk = jdks[0];
  if (!jdk) return;
  for (const type of ["JKS", "PKCS12"]) {
    spawnSync(jdk.keytool, ["-importcert", "-noprompt", "-alias", "root", "-file", `${TLS_DIR}ca.pem`, "-keystore", join(dir, `trust-${type}`), "-storetype", type, "-storepass", "changeit"]);
  }
  spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}client-key.pem`, "-in", `${TLS_DIR}client.pem`, "-passout", "pass:changeit", "-out", join(dir, "client.p12")]);
  spawnSync(jdk.keytool, ["-importkeystore", "-noprompt", "-srckeystore", join(dir, "client.p12"), "-srcstoretype", "PKCS12", "-srcstorepass", "changeit", "-destkeystore", join(dir, "client.jks"), "-deststoretype", "JKS", "-deststorepass", "changeit"]);
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const trust = (type: string, password = "changeit") => [`-Djavax.net.ssl.trustStore=${join(dir, `trust-${type}`)}`, `-Djavax.net.ssl.trustStorePassword=${password}`];
const keys = (file: string, password: string) => [`-Djavax.net.ssl.keyStore=${join(dir, file)}`, `-Djavax.net.ssl.keyStorePassword=${password}`];
const SETUPS: Array<[string, string[], string]> = [
  ["wrong trust-store password (JKS)", trust("JKS", "wrong1"), "WRONG_PASSWORD"],
  ["wrong trust-store password (PKCS12)", trust("PKCS12", "wrong1"), "WRONG_PASSWORD"],
  ["wrong key-store password (PKCS12)", [...trust("JKS"), ...keys("client.p12", "wrong1")], "WRONG_PASSWORD"],
  ["wrong key-store password (JKS)", [...trust("JKS"), ...keys("client.jks", "wrong1")], "WRONG_PASSWORD"],
  ["missing trust store", [`-Djavax.net.ssl.trustStore=${join(dir, "nowhere.jks")}`, "-Djavax.net.ssl.trustStorePassword=changeit"], "STORE_NOT_FOUND"],
  ["missing key store", [...trust("JKS"), ...keys("nowhere.p12", "changeit")], "STORE_NOT_FOUND"],
];

function runJava(java: string, options: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(java, [...options, CLIENT, `https://localhost:${server.port}/`], { timeout: 60_000 }, (_, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

describe.skipIf(jdks.length === 0)("diagnose --java-opts quotes what Java prints", () => {
  for (const [name, options, code] of SETUPS) {
    it(name, { timeout: 120_000 }, async () => {
      const result = await cli(["diagnose", "--java-opts", options.join(" "), "--json"]);
      expect(result.status).toBe(1);
      const finding = (JSON.parse(result.stdout).findings as Array<{ code: string; message: string }>)[0]!;
      expect(finding.code).toBe(code);
      const quoted = [...finding.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!).filter((line) => line.includes("Exception"));
      expect(quoted.length).toBeGreaterThan(0);
      for (const jdk of jdks) {
        // Temurin 25 adds the alert to the handshake exception: "(certificate_unknown) PKIX …".
        const output = (await runJava(jdk.java, options)).replace(/SSLHandshakeException: \([a-z_]+\) /g, "SSLHandshakeException: ");
        for (const line of quoted) expect(output, `${jdk.name}: ${output}`).toContain(line);
      }
    });
  }
});
