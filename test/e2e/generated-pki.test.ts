import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BUNDLE } from "../helpers/cli-bin.js";
import { repoRoot } from "../helpers/corpus.js";
import { jdks, type Jdk } from "../helpers/java.js";
import { hasOpenssl, javaMajor, opensslServer } from "./tls-helpers.js";
import { concurrencyLimit } from "../helpers/limit.js";

/**
 * Issue 15, end to end: a small PKI made by the keystorekit CLI alone (real processes, the recipe
 * of docs/new-keys-and-certificates.md): per key type a CA (genkeypair -ext BC:c=ca:true), a
 * server and a client key, their requests (certreq), the CA's signatures (gencert --chain), the
 * replies installed (import-cert) and the trust stores (import-cert of the CA). Then TLS on
 * 127.0.0.1: a Java SSLServerSocket with needClientAuth (TlsServer.java) and a Java client
 * (MutualTlsClient.java) complete mutual TLS on Java 17 and Temurin 25, for RSA, EC P-256 and
 * Ed25519 keys (Java has EdDSA in TLS 1.3 since 15, client authentication included: measured on
 * 17.0.15); `openssl s_server -Verify 1` accepts a Java client too. The client store as it was
 * before its reply (self-signed) fails exactly as `diagnose --role keystore` predicts.
 * JVMs: one javac, then per JDK three servers and six clients, at most two clients at a time.
 */

const PASS = "changeit";
const KEY_TYPES = [
  { name: "rsa", args: ["-keyalg", "RSA", "-keysize", "2048"] },
  { name: "ec", args: ["-keyalg", "EC", "-groupname", "secp256r1"] },
  { name: "ed25519", args: ["-keyalg", "Ed25519"] },
] as const;
type KeyType = (typeof KEY_TYPES)[number]["name"];

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** The bundled CLI as a real process, asynchronously (the three PKIs are built side by side). */
function kk(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_BUNDLE, ...args], { cwd, env: { PATH: process.env.PATH, STOREPASS: PASS }, timeout: 90_000, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function ok(cwd: string, args: string[]): Promise<Run> {
  const run = await kk(cwd, args);
  expect(run.status, `keystorekit ${args.join(" ")}\n${run.stdout}${run.stderr}`).toBe(0);
  return run;
}

const store = ["-storepass-env", "STOREPASS"];

/** keystorekit only: CA, server and client with replies installed, trust stores, and the client's self-signed state kept aside. */
async function buildPki(dir: string, type: (typeof KEY_TYPES)[number]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await ok(dir, ["genkeypair", "-keystore", "ca.p12", ...store, "-alias", "ca", ...type.args, "-dname", `CN=Test CA ${type.name}, O=keystorekit tests`, "-ext", "BC:c=ca:true", "-ext", "KU=keyCertSign,cRLSign", "-validity", "3650"]);
  await ok(dir, ["export-cert", "ca.p12", ...store, "-alias", "ca", "-file", "ca.pem"]);
  for (const [role, dname, ext] of [
    ["server", "CN=localhost", ["-ext", "EKU=serverAuth", "-ext", "KU=digitalSignature,keyEncipherment"]],
    ["client", `CN=client-${type.name}`, ["-ext", "EKU=clientAuth", "-ext", "KU=digitalSignature"]],
  ] as const) {
    await ok(dir, ["genkeypair", "-keystore", `${role}.p12`, ...store, "-alias", role, ...type.args, "-dname", dname]);
    await ok(dir, ["certreq", "-keystore", `${role}.p12`, ...store, "-alias", role, "-file", `${role}.csr`, ...(role === "server" ? ["-ext", "SAN=dns:localhost,ip:127.0.0.1"] : [])]);
    await ok(dir, ["gencert", "-keystore", "ca.p12", ...store, "-alias", "ca", "-infile", `${role}.csr`, "-outfile", `${role}-reply.pem`, "--chain", "-ext", "honored=all", ...ext]);
    await ok(dir, ["import-cert", "-keystore", `${role}.p12`, ...store, "-alias", "test-ca", "-file", "ca.pem"]);
    // Before the reply: the entry's self-signed certificate, as genkeypair left it.
    copyFileSync(join(dir, `${role}.p12`), join(dir, `${role}-self-signed.p12`));
    await ok(dir, ["import-cert", "-keystore", `${role}.p12`, ...store, "-alias", role, "-file", `${role}-reply.pem`]);
    await ok(dir, ["import-cert", "-keystore", `${role}-trust.p12`, ...store, "-alias", "test-ca", "-file", "ca.pem"]);
  }
  // For openssl s_server: the server's key and certificate as PEM, by keystorekit too.
  await ok(dir, ["export-key", "server.p12", ...store, "--alias", "server", "-file", "server-key.pem"]);
  await ok(dir, ["export-cert", "server.p12", ...store, "-alias", "server", "-file", "server.pem"]);
}

interface Finding {
  code: string;
  severity: string;
  message: string;
  javaMessage?: string;
}

/** `keystorekit diagnose FILE --role keystore --json`, once per file (the stores do not change after beforeAll). */
const diagnosed = new Map<string, Promise<Finding[]>>();
function diagnoseKeystore(dir: string, file: string): Promise<Finding[]> {
  const path = join(dir, file);
  let findings = diagnosed.get(path);
  if (!findings) {
    findings = ok(dir, ["diagnose", file, ...store, "--role", "keystore", "--json"]).then((run) => (JSON.parse(run.stdout) as { findings: Finding[] }).findings);
    diagnosed.set(path, findings);
  }
  return findings;
}

const JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];
let classes = "";

/** TlsServer (needClientAuth) with the server's key store and trust store; port from its "PORT n" line. */
async function javaServer(jdk: Jdk, dir: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(jdk.java, [...JVM_FLAGS, "-cp", classes, "TlsServer", join(dir, "server.p12"), "PKCS12", PASS, join(dir, "server-trust.p12"), "PKCS12", PASS], { stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`TlsServer did not start: ${seen}`));
    }, 90_000);
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /PORT (\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("exit", () => reject(new Error(`TlsServer exited: ${seen}`)));
  });
  return { port, child };
}

/** At most two client JVMs at once: the machine is shared. */
const limited = concurrencyLimit(2);

/** MutualTlsClient with `keyStore` and the client's trust store, as an application gets them (javax.net.ssl.*). */
function javaClient(jdk: Jdk, dir: string, keyStore: string, port: number, mode: "greeting" | "http"): Promise<{ status: number; output: string }> {
  const props = [
    `-Djavax.net.ssl.keyStore=${join(dir, keyStore)}`,
    `-Djavax.net.ssl.keyStorePassword=${PASS}`,
    "-Djavax.net.ssl.keyStoreType=PKCS12",
    `-Djavax.net.ssl.trustStore=${join(dir, "client-trust.p12")}`,
    `-Djavax.net.ssl.trustStorePassword=${PASS}`,
    "-Djavax.net.ssl.trustStoreType=PKCS12",
  ];
  return limited(
    () =>
      new Promise((resolve) => {
        execFile(jdk.java, [...JVM_FLAGS, ...props, "-cp", classes, "MutualTlsClient", "127.0.0.1", String(port), mode], { timeout: 90_000, encoding: "utf8" }, (error, stdout, stderr) => {
          resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: `${stdout}${stderr}` });
        });
      }),
  );
}

/** The alert a Java server's refusal shows, in the finding's own words ('with "…" against a Java 17 server … and "…" against a Java 25 one'). */
function javaServerAlert(finding: Finding, major: number): string {
  const alerts = /with "([^"]+)" against a Java 17 server[^"]*"[^"]*"\) and "([^"]+)" against a Java 25 one/.exec(finding.message);
  expect(alerts, finding.message).not.toBeNull();
  return major < 25 ? alerts![1]! : alerts![2]!;
}

describe.skipIf(jdks.length === 0)("a PKI made by keystorekit alone carries mutual TLS between Java (and OpenSSL) peers", () => {
  let root = "";
  const dirOf = (type: KeyType) => join(root, type);
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "kk-generated-pki-"));
    const javac = jdks[0]!.java === "java" ? "javac" : join(dirname(jdks[0]!.java), "javac");
    const sources = ["TlsServer.java", "MutualTlsClient.java"].map((file) => join(repoRoot, "test", "e2e", file));
    const [compiled] = await Promise.all([
      new Promise<{ status: number | null; stderr: string }>((resolve) =>
        execFile(javac, ["--release", "17", "-d", join(root, "classes"), ...sources], { encoding: "utf8" }, (error, _out, stderr) => resolve({ status: error ? 1 : 0, stderr })),
      ),
      ...KEY_TYPES.map((type) => buildPki(dirOf(type.name), type)),
    ]);
    expect(compiled!.status, compiled!.stderr).toBe(0);
    classes = join(root, "classes");
  }, 240_000);

  afterAll(() => {
    for (const server of servers) server.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("diagnose --role keystore finds nothing wrong with the stores that have their replies, and KEY_SELF_SIGNED without", async () => {
    for (const type of KEY_TYPES) {
      for (const role of ["server", "client"]) {
        expect((await diagnoseKeystore(dirOf(type.name), `${role}.p12`)).filter((f) => f.severity !== "info"), `${type.name} ${role}`).toEqual([]);
      }
      const findings = await diagnoseKeystore(dirOf(type.name), "client-self-signed.p12");
      expect(findings.map((f) => f.code), type.name).toContain("KEY_SELF_SIGNED");
    }
  });

  it.skipIf(!hasOpenssl)("openssl verify accepts every issued certificate against the CA keystorekit made", () => {
    for (const type of KEY_TYPES) {
      const dir = dirOf(type.name);
      const run = spawnSync("openssl", ["verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "server.pem"], { cwd: dir, encoding: "utf8" });
      expect(run.stdout + run.stderr, type.name).toContain("server.pem: OK");
    }
  });

  jdks.forEach((jdk, jdkIndex) => {
    it(`${jdk.name}: Java server (needClientAuth) and Java client complete mutual TLS with RSA, EC P-256 and Ed25519 PKIs; the self-signed client fails as diagnose predicts`, async () => {
      expect(javaMajor(jdk), "EdDSA in TLS needs Java 15+").toBeGreaterThanOrEqual(15);
      const started = await Promise.all(KEY_TYPES.map((type) => javaServer(jdk, dirOf(type.name))));
      servers.push(...started.map((s) => s.child));
      const results = await Promise.all(KEY_TYPES.map((type, i) => javaClient(jdk, dirOf(type.name), "client.p12", started[i]!.port, "greeting")));
      for (const [i, run] of results.entries()) {
        expect(run.output, `${KEY_TYPES[i]!.name}:\n${run.output}`).toMatch(/^OK HTTP\/1\.0 200 OK TLSv1\.3$/m);
        expect(run.status).toBe(0);
      }
      // Without its reply (the rotation gives each JDK another key type).
      const type = KEY_TYPES[jdkIndex % KEY_TYPES.length]!.name;
      const finding = (await diagnoseKeystore(dirOf(type), "client-self-signed.p12")).find((f) => f.code === "KEY_SELF_SIGNED")!;
      const refused = await javaClient(jdk, dirOf(type), "client-self-signed.p12", started[KEY_TYPES.findIndex((t) => t.name === type)]!.port, "greeting");
      expect(refused.status, refused.output).toBe(1);
      // Java 17's server says bad_certificate, Temurin 25's the certificate_required of TLS 1.3
      // (measured): the finding names both.
      expect(refused.output).toContain(javaServerAlert(finding, javaMajor(jdk)));
      for (const server of started) server.child.kill();
    }, 240_000);

    it.skipIf(!hasOpenssl)(`${jdk.name}: openssl s_server -Verify 1 accepts the Java client; the self-signed client gets the javaMessage diagnose predicts`, async () => {
      const type = KEY_TYPES[(jdkIndex + 1) % KEY_TYPES.length]!.name;
      const dir = dirOf(type);
      const server = await opensslServer(["-cert", join(dir, "server.pem"), "-key", join(dir, "server-key.pem"), "-CAfile", join(dir, "ca.pem"), "-Verify", "1", "-verify_return_error"]);
      try {
        const finding = (await diagnoseKeystore(dir, "client-self-signed.p12")).find((f) => f.code === "KEY_SELF_SIGNED")!;
        expect(finding.javaMessage).toBeDefined();
        const [good, refused] = await Promise.all([javaClient(jdk, dir, "client.p12", server.port, "http"), javaClient(jdk, dir, "client-self-signed.p12", server.port, "http")]);
        expect(good.output, `${type}:\n${good.output}`).toMatch(/^OK HTTP\/1\.0 200 ok TLSv1\.3$/m);
        expect(refused.status, refused.output).toBe(1);
        expect(refused.output).toContain(finding.javaMessage!);
      } finally {
        server.close();
      }
    }, 120_000);
  });
});
