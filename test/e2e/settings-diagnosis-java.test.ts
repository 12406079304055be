import { execFile, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { jdks } from "../helpers/java.js";
import { TLS_DIR, fixture, nodeTlsServer } from "./tls-helpers.js";

/**
 * diagnose --java-opts predicts what the application prints; a real Java client (17 and 25) runs
 * with each broken setting against a server on 127.0.0.1, and the finding's javaMessage must be
 * the outermost exception line it prints (its javaCause, when given, one of the "caused by" lines).
 * Settings Java accepts (a JKS file declared PKCS12 and back: keystore.type.compat) must connect.
 */
const dir = mkdtempSync(join(tmpdir(), "kk-settings-"));
const CLIENT = new URL("./TlsClient.java", import.meta.url).pathname;
const MUTUAL_CLIENT = new URL("./MutualTlsClient.java", import.meta.url).pathname;
const asRoot = process.getuid?.() === 0;
let server: Awaited<ReturnType<typeof nodeTlsServer>>;
let mutual: Awaited<ReturnType<typeof nodeTlsServer>>;

function keytool(...args: string[]): void {
  const result = spawnSync(jdks[0]!.keytool, args, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`keytool ${args.join(" ")}: ${result.stdout}${result.stderr}`);
}

beforeAll(async () => {
  const chain = Buffer.concat([fixture("server.pem"), fixture("int.pem")]);
  server = await nodeTlsServer({ key: fixture("server-key.pem"), cert: chain });
  // TLS 1.3 with a required client certificate: a key store without a key meets certificate_required.
  mutual = await nodeTlsServer({ key: fixture("server-key.pem"), cert: chain, ca: fixture("client-ca.pem"), requestCert: true, rejectUnauthorized: true });
  if (!jdks[0]) return;
  for (const type of ["JKS", "PKCS12", "JCEKS"]) keytool("-importcert", "-noprompt", "-alias", "root", "-file", `${TLS_DIR}ca.pem`, "-keystore", join(dir, `trust-${type}`), "-storetype", type, "-storepass", "changeit");
  spawnSync("openssl", ["pkcs12", "-export", "-inkey", `${TLS_DIR}client-key.pem`, "-in", `${TLS_DIR}client.pem`, "-passout", "pass:changeit", "-out", join(dir, "client.p12")]);
  keytool("-importkeystore", "-noprompt", "-srckeystore", join(dir, "client.p12"), "-srcstoretype", "PKCS12", "-srcstorepass", "changeit", "-destkeystore", join(dir, "client.jks"), "-deststoretype", "JKS", "-deststorepass", "changeit");
  keytool("-importkeystore", "-noprompt", "-srckeystore", join(dir, "client.p12"), "-srcstoretype", "PKCS12", "-srcstorepass", "changeit", "-destkeystore", join(dir, "client.jceks"), "-deststoretype", "JCEKS", "-deststorepass", "changeit");
  // An empty PKCS#12: keytool makes a key, then deletes it.
  keytool("-genkeypair", "-alias", "gone", "-keyalg", "EC", "-dname", "CN=gone", "-keystore", join(dir, "empty.p12"), "-storetype", "PKCS12", "-storepass", "changeit");
  keytool("-delete", "-alias", "gone", "-keystore", join(dir, "empty.p12"), "-storetype", "PKCS12", "-storepass", "changeit");
  mkdirSync(join(dir, "a-directory"));
  spawnSync("cp", [join(dir, "trust-PKCS12"), join(dir, "mode-000.p12")]);
  chmodSync(join(dir, "mode-000.p12"), 0o000);
}, 180_000);

afterAll(async () => {
  await server.close();
  await mutual.close();
  rmSync(dir, { recursive: true, force: true });
});

const trust = (file: string, password = "changeit", type?: string) => [`-Djavax.net.ssl.trustStore=${join(dir, file)}`, `-Djavax.net.ssl.trustStorePassword=${password}`, ...(type ? [`-Djavax.net.ssl.trustStoreType=${type}`] : [])];
const keys = (file: string, password = "changeit", type?: string) => [`-Djavax.net.ssl.keyStore=${join(dir, file)}`, `-Djavax.net.ssl.keyStorePassword=${password}`, ...(type ? [`-Djavax.net.ssl.keyStoreType=${type}`] : [])];

interface Setup {
  name: string;
  options: string[];
  code: string;
  /** "fail": Java fails with the finding's javaMessage; "ok": Java connects (the finding is a warning at most). */
  java: "fail" | "ok";
  server?: "plain" | "mutual";
  skip?: boolean;
}
const SETUPS: Setup[] = [
  { name: "wrong trust-store password (JKS)", options: trust("trust-JKS", "wrong1"), code: "WRONG_PASSWORD", java: "fail" },
  { name: "wrong trust-store password (PKCS12)", options: trust("trust-PKCS12", "wrong1"), code: "WRONG_PASSWORD", java: "fail" },
  { name: "wrong key-store password (PKCS12)", options: [...trust("trust-JKS"), ...keys("client.p12", "wrong1")], code: "WRONG_PASSWORD", java: "fail" },
  { name: "wrong key-store password (JKS)", options: [...trust("trust-JKS"), ...keys("client.jks", "wrong1")], code: "WRONG_PASSWORD", java: "fail" },
  { name: "missing trust store", options: trust("nowhere.jks"), code: "STORE_NOT_FOUND", java: "fail" },
  { name: "missing key store", options: [...trust("trust-JKS"), ...keys("nowhere.p12")], code: "STORE_NOT_FOUND", java: "fail" },
  { name: "a JKS trust store declared PKCS12 (keystore.type.compat)", options: trust("trust-JKS", "changeit", "PKCS12"), code: "TYPE_MISMATCH", java: "ok" },
  { name: "a PKCS12 trust store declared JKS (keystore.type.compat)", options: trust("trust-PKCS12", "changeit", "JKS"), code: "TYPE_MISMATCH", java: "ok" },
  { name: "a PKCS12 trust store declared JCEKS", options: trust("trust-PKCS12", "changeit", "JCEKS"), code: "TYPE_MISMATCH", java: "fail" },
  { name: "a JCEKS trust store declared JKS", options: trust("trust-JCEKS", "changeit", "JKS"), code: "TYPE_MISMATCH", java: "fail" },
  { name: "a PKCS12 key store declared JCEKS", options: [...trust("trust-JKS"), ...keys("client.p12", "changeit", "JCEKS")], code: "TYPE_MISMATCH", java: "fail" },
  { name: "a JCEKS key store declared PKCS12", options: [...trust("trust-JKS"), ...keys("client.jceks", "changeit", "PKCS12")], code: "TYPE_MISMATCH", java: "fail" },
  { name: "a PKCS12 key store declared JKS (keystore.type.compat)", options: [...trust("trust-JKS"), ...keys("client.p12", "changeit", "JKS")], code: "TYPE_MISMATCH", java: "ok", server: "mutual" },
  { name: "a trust store path that is a directory", options: trust("a-directory"), code: "STORE_UNREADABLE", java: "fail" },
  { name: "a key store path that is a directory", options: [...trust("trust-JKS"), ...keys("a-directory")], code: "STORE_UNREADABLE", java: "fail" },
  // Root reads a mode-000 file, and so does a Java run as root: nothing to predict then.
  { name: "a trust store of mode 000", options: trust("mode-000.p12"), code: "STORE_UNREADABLE", java: "fail", skip: asRoot },
  { name: "an empty trust store", options: trust("empty.p12"), code: "NO_TRUST_ANCHORS", java: "fail" },
  { name: "a key store with no key (TLS 1.3 server requiring a client certificate)", options: [...trust("trust-JKS"), ...keys("trust-PKCS12")], code: "NO_PRIVATE_KEY", java: "fail", server: "mutual" },
];

/**
 * TlsClient (HttpsURLConnection) for the plain server; against the client-auth server
 * MutualTlsClient, which reads before it writes: HttpsURLConnection can hide a TLS 1.3
 * certificate_required alert behind "Error writing to server".
 */
function runJava(java: string, options: string[], port: number, mutualTls: boolean): Promise<string> {
  const program = mutualTls ? [MUTUAL_CLIENT, "localhost", String(port), "greeting"] : [CLIENT, `https://localhost:${port}/`];
  return new Promise((resolve) => {
    execFile(java, [...options, ...program], { timeout: 60_000 }, (_, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

/** The outermost exception line of TlsClient's output, without Temurin 25's "(alert) " insertion. */
function outermost(output: string): string {
  const line = output.split("\n").find((l) => l.startsWith("FAIL ") || l.startsWith("OK")) ?? output;
  return line.replace(/^FAIL /, "").replace(/^([\w.]+: )\([a-z_]+\) /, "$1");
}

describe.skipIf(jdks.length === 0)("diagnose --java-opts predicts the line Java prints", () => {
  for (const setup of SETUPS) {
    it.skipIf(setup.skip === true)(setup.name, { timeout: 120_000 }, async () => {
      const result = await cli(["diagnose", "--java-opts", setup.options.join(" "), "--json"]);
      const findings = JSON.parse(result.stdout).findings as Array<{ code: string; severity: string; message: string; javaMessage?: string; javaCause?: string }>;
      const finding = findings.find((f) => f.code === setup.code);
      expect(finding, JSON.stringify(findings)).toBeDefined();
      const port = setup.server === "mutual" ? mutual.port : server.port;
      for (const jdk of jdks) {
        const output = await runJava(jdk.java, setup.options, port, setup.server === "mutual");
        if (setup.java === "ok") {
          expect(output, jdk.name).toMatch(/^OK (200|HTTP\/1\.0 200)/);
          expect(finding!.severity).not.toBe("error");
          expect(finding!.javaMessage).toBeUndefined();
        } else {
          expect(outermost(output), `${jdk.name}: ${output}`).toBe(finding!.javaMessage);
          if (finding!.javaCause) expect(output).toContain(`caused by ${finding!.javaCause}`);
          expect(finding!.message).toContain(finding!.javaMessage);
        }
      }
      expect(result.status).toBe(findings.some((f) => f.severity === "error") ? 1 : 0);
      if (setup.java === "fail") expect(result.status).toBe(1);
    });
  }
});
