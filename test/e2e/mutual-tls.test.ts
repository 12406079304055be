import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createServer, type Server } from "node:tls";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { decodeKeystore, encodeKeystore } from "../../src/formats/codec.js";
import { buildKeyEntry } from "../../src/keys/key-entry.js";
import type { Pkcs12ProfileName } from "../../src/formats/pkcs12/profiles.js";
import type { KeystoreFormat, PrivateKeyEntry } from "../../src/model/entry.js";
import { Keystore } from "../../src/model/keystore.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { diagnose, type Finding } from "../../src/truststore/diagnose.js";
import { runCli } from "../helpers/cli-bin.js";
import { repoRoot } from "../helpers/corpus.js";
import { jdks, type Jdk } from "../helpers/java.js";
import { concurrencyLimit } from "../helpers/limit.js";

/**
 * Mutual TLS end to end, checked by Java itself (issue 13): key stores built by the real CLI
 * (`import-key` of a key file in one of its forms — PKCS#8 PEM/DER, PKCS#1/SEC1, encrypted PKCS#8,
 * legacy encrypted PEM, or an `openssl pkcs12 -export` file as --srckeystore — then `import-cert`
 * of the CA: JKS, JCEKS, PKCS#12 in each profile) and, for the failure cases, by the library
 * (buildKeyEntry + encodeKeystore), from the keys of test/fixtures/keys and their client
 * certificates (keys/mtls, signed by the test CA that also issued the server's certificate) are used by a Java 17 and a Temurin 25 client
 * (MutualTlsClient.java, javax.net.ssl.keyStore* / trustStore* properties) against servers on
 * 127.0.0.1 that require a client certificate: a Node TLS server (requestCert +
 * rejectUnauthorized) and `openssl s_server -Verify 1 -verify_return_error`. Stores without
 * their key, with a self-signed key, a mismatched key, or a key password other than the store
 * password fail, and Java's output contains the javaMessage of the finding diagnose predicts.
 * At most two JVMs run at a time; each key × format pair runs once per JDK in a rotation, so
 * every key and every format meet every JDK.
 */

const fixtures = join(repoRoot, "test", "fixtures");
const clientSource = join(repoRoot, "test", "e2e", "MutualTlsClient.java");
const text = (path: string) => readFileSync(join(fixtures, path), "utf8");
const ca = readCertificates(text("certs/ca.pem"))[0]!;
const KEYS = ["rsa2048", "rsa3072", "ec256", "ec384", "ed25519"] as const;
type KeyName = (typeof KEYS)[number];
const PASSWORD = "changeit";

interface StoreKind {
  label: string;
  format: Exclude<KeystoreFormat, "PEM" | "BKS" | "UBER">;
  profile?: Pkcs12ProfileName;
}
const KINDS: StoreKind[] = [
  { label: "JKS", format: "JKS" },
  { label: "JCEKS", format: "JCEKS" },
  ...(["java", "java-legacy", "openssl", "openssl-legacy", "passwordless"] as const).map((profile) => ({ label: `PKCS12 ${profile}`, format: "PKCS12" as const, profile })),
];
const passwordOf = (kind: StoreKind) => (kind.profile === "passwordless" ? "" : PASSWORD);

const hasOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

/** The JDK's major version (17, 25), from `java -version`. */
function majorVersion(jdk: Jdk): number {
  const out = spawnSync(jdk.java, ["-version"], { encoding: "utf8" }).stderr;
  return Number(/version "(\d+)/.exec(out)?.[1] ?? 0);
}

/** At most two JVMs at once: the machine is shared. */
const limited = concurrencyLimit(2);

interface Run {
  status: number;
  output: string;
}

let classDir: string | undefined;
/** Runs the client with `store` as javax.net.ssl.keyStore and trustStore (asynchronously: the Node server lives in this process). */
function runClient(jdk: Jdk, store: string, type: string, password: string, port: number, mode: "greeting" | "http"): Promise<Run> {
  const program = classDir ? ["-cp", classDir, "MutualTlsClient"] : [clientSource];
  const args = [
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    `-Djavax.net.ssl.keyStore=${store}`,
    `-Djavax.net.ssl.keyStorePassword=${password}`,
    `-Djavax.net.ssl.keyStoreType=${type}`,
    `-Djavax.net.ssl.trustStore=${store}`,
    `-Djavax.net.ssl.trustStorePassword=${password}`,
    `-Djavax.net.ssl.trustStoreType=${type}`,
    ...program,
    "127.0.0.1",
    String(port),
    mode,
  ];
  return limited(
    () =>
      new Promise((resolve) => {
        execFile(jdk.java, args, { timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) => {
          const status = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ status, output: `${stdout}${stderr}` });
        });
      }),
  );
}

async function clientEntry(key: KeyName, certificates: string[] = [`keys/mtls/client-${key}.pem`, "certs/ca.pem"]): Promise<PrivateKeyEntry> {
  return (await buildKeyEntry({ key: text(`keys/${key}/pkcs8.pem`), certificates: certificates.map(text), alias: "client" })).entry;
}

/** A store with the CA as trusted certificate and the given key entries, written as `kind`. */
function writeStore(dir: string, name: string, kind: StoreKind, entries: PrivateKeyEntry[], keyPasswords?: Record<string, string>): string {
  const store = new Keystore({ format: kind.format });
  store.set({ type: "trustedCert", alias: "ca", created: new Date(), certificate: ca });
  for (const entry of entries) store.set(entry);
  const file = join(dir, `${name}.${kind.format === "PKCS12" ? "p12" : kind.format.toLowerCase()}`);
  writeFileSync(file, encodeKeystore(store, { format: kind.format, password: passwordOf(kind), ...(kind.profile && { profile: kind.profile }), ...(keyPasswords && { keyPasswords }) }));
  return file;
}

/** The key files of test/fixtures/keys each key has (EdDSA keys have no PKCS#1/SEC1 forms). */
const KEY_FORMS = ["pkcs8.pem", "trad.pem", "enc-aes256-sha256.pem", "legacy-aes256.pem", "pkcs8.der", "enc-pkcs12-3des.pem", "trad.der", "enc-aes128-sha1.pem", "legacy-des3.pem", "openssl-pkcs12"] as const;
const formsOf = (key: KeyName) => KEY_FORMS.filter((form) => (form === "openssl-pkcs12" ? hasOpenssl : existsSync(join(fixtures, "keys", key, form))));

/** Runs the bundled CLI; a failure fails the test with its output. */
function cliOk(args: string[], env: Record<string, string>): string {
  const run = runCli(args, { env });
  expect(run.status, `keystorekit ${args.join(" ")}\n${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

/**
 * A store made as a user makes one: `keystorekit import-key` of the key file in `form` with its
 * client certificate and the CA, then `import-cert` of the CA as a trusted certificate (Java's
 * trustStore is the same file). "openssl-pkcs12": `openssl pkcs12 -export` first, then
 * `import-key --srckeystore` from that file.
 */
function cliStore(dir: string, name: string, kind: StoreKind, key: KeyName, form: (typeof KEY_FORMS)[number]): string {
  const file = join(dir, `${name}.${kind.format === "PKCS12" ? "p12" : kind.format.toLowerCase()}`);
  const env = { SP: passwordOf(kind), KP: readFileSync(join(fixtures, "keys", "passphrase.txt"), "utf8").trim() };
  const store = ["-keystore", file, "-storetype", kind.format, ...(kind.profile ? ["--profile", kind.profile] : []), "--storepass-env", "SP"];
  const certificates = ["--cert", join(fixtures, "keys", "mtls", `client-${key}.pem`), "--cert", join(fixtures, "certs", "ca.pem")];
  if (form === "openssl-pkcs12") {
    const source = join(dir, `${name}-openssl.p12`);
    const made = spawnSync("openssl", ["pkcs12", "-export", "-inkey", join(fixtures, "keys", key, "pkcs8.pem"), "-in", join(fixtures, "keys", "mtls", `client-${key}.pem`), "-certfile", join(fixtures, "certs", "ca.pem"), "-passout", "env:KP", "-out", source], { env: { ...process.env, ...env }, encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    cliOk(["import-key", ...store, "-alias", "client", "--srckeystore", source, "--srcstorepass-env", "KP"], env);
  } else {
    const encrypted = form.startsWith("enc-") || form.startsWith("legacy-");
    cliOk(["import-key", ...store, "-alias", "client", "--key", join(fixtures, "keys", key, form), ...certificates, ...(encrypted ? ["--key-passphrase-env", "KP"] : [])], env);
  }
  cliOk(["import-cert", ...store, "-alias", "ca", "-file", join(fixtures, "certs", "ca.pem"), "-noprompt"], env);
  return file;
}

/** The same CLI-made store without its key (`keystorekit delete -alias client`): only the CA is left. */
function cliStoreWithoutKey(dir: string, name: string, kind: StoreKind, key: KeyName, form: (typeof KEY_FORMS)[number]): string {
  const file = cliStore(dir, name, kind, key, form);
  cliOk(["delete", "-keystore", file, "-storetype", kind.format, "-alias", "client", "--storepass-env", "SP"], { SP: passwordOf(kind) });
  return file;
}

/** `keystorekit diagnose --role keystore --json` of the file: its findings. */
function cliDiagnose(file: string, kind: StoreKind): Finding[] {
  const run = runCli(["diagnose", file, "--role", "keystore", "-storetype", kind.format, "--storepass-env", "SP", "--json"], { env: { SP: passwordOf(kind) } });
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
}

/** What diagnose --role keystore says about the file, read back as Java reads it (with its password). */
function diagnoseFile(file: string, kind: StoreKind): Finding[] {
  const password = passwordOf(kind);
  const store = decodeKeystore(new Uint8Array(readFileSync(file)), { password });
  return diagnose(store, { role: "keystore", storePassword: password, expectedType: kind.format });
}

/** A free port for s_server (it cannot report one it picked itself). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe.skipIf(jdks.length === 0)("mutual TLS: Java clients with library-built key stores against servers that require a client certificate", () => {
  let dir = "";
  let server: Server | undefined;
  let nodePort = 0;
  let openssl: ChildProcess | undefined;
  let opensslPort = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kk-mtls-"));
    // Compiled once (for Java 17, so Temurin 25 runs it too): a source launch compiles on every run.
    const javac = jdks[0]!.java === "java" ? "javac" : join(dirname(jdks[0]!.java), "javac");
    const compiled = spawnSync(javac, ["--release", "17", "-d", join(dir, "classes"), clientSource], { encoding: "utf8" });
    if (compiled.status === 0) classDir = join(dir, "classes");

    server = createServer(
      { cert: text("certs/server.pem"), key: text("certs/server-key.pem"), ca: text("certs/ca.pem"), requestCert: true, rejectUnauthorized: true },
      (socket) => socket.end(`HELLO ${socket.getPeerCertificate().subject.CN}\r\n`),
    );
    server.on("tlsClientError", () => {
      // The refused clients are the point of half of these tests.
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(0, "127.0.0.1", () => resolve());
    });
    nodePort = (server.address() as AddressInfo).port;

    if (hasOpenssl) {
      opensslPort = await freePort();
      openssl = spawn("openssl", ["s_server", "-accept", `127.0.0.1:${opensslPort}`, "-cert", join(fixtures, "certs/server.pem"), "-key", join(fixtures, "certs/server-key.pem"), "-CAfile", join(fixtures, "certs/ca.pem"), "-Verify", "1", "-verify_return_error", "-www"], { stdio: ["ignore", "pipe", "pipe"] });
      await new Promise<void>((resolve, reject) => {
        let seen = "";
        const timer = setTimeout(() => reject(new Error(`openssl s_server did not start: ${seen}`)), 20_000);
        const look = (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes("ACCEPT")) {
            clearTimeout(timer);
            resolve();
          }
        };
        openssl!.stdout!.on("data", look);
        openssl!.stderr!.on("data", look);
        openssl!.once("exit", (code) => reject(new Error(`openssl s_server exited with ${code}: ${seen}`)));
      });
    }
  });

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    openssl?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  jdks.forEach((jdk, jdkIndex) => {
    // A rotation: each JDK pairs the formats with other keys; 7 formats over 5 keys meet every key.
    // The key files rotate too: forms 0–6 with the first JDK, 3–9 with the second, so that the
    // two together see every form (of the RSA and EC keys; Ed25519 has six).
    const pairs = KINDS.map((kind, i) => {
      const key = KEYS[(i + jdkIndex * 2) % KEYS.length]!;
      const forms = formsOf(key);
      return { kind, key, form: forms[(i + jdkIndex * 3) % forms.length]! };
    });
    const connects = async (chosen: typeof pairs) => {
      await Promise.all(
        chosen.map(async ({ kind, key, form }) => {
          const label = `${kind.label}/${key}/${form}`;
          const file = cliStore(dir, `${jdkIndex}-${key}-${kind.label.replace(" ", "-")}`, kind, key, form);
          expect(diagnoseFile(file, kind).filter((f) => f.severity !== "info"), label).toEqual([]);
          const run = await runClient(jdk, file, kind.format, passwordOf(kind), nodePort, "greeting");
          expect(run.output, label).toMatch(new RegExp(`^OK HELLO client-${key} TLSv1\\.3$`, "m"));
          expect(run.status).toBe(0);
        }),
      );
    };

    it(`${jdk.name}: every store format with RSA 2048/3072 and EC P-256/P-384 keys completes mutual TLS (Node server); diagnose finds nothing wrong`, async () => {
      await connects(pairs.filter((p) => p.key !== "ed25519"));
    }, 300_000);

    it(`${jdk.name}: an Ed25519 key completes mutual TLS (${pairs.filter((p) => p.key === "ed25519").map((p) => p.kind.label).join(", ")})`, async (context: TestContext) => {
      const major = majorVersion(jdk);
      context.skip(major < 15, `Java ${major} has no EdDSA in TLS (JDK 15+)`);
      await connects(pairs.filter((p) => p.key === "ed25519"));
    }, 120_000);

    it.skipIf(!hasOpenssl)(`${jdk.name}: against openssl s_server -Verify 1 too (PKCS12 and JKS); without a key, the alert diagnose predicts`, async () => {
      const pkcs12 = KINDS.find((k) => k.profile === "java")!;
      const good = writeStore(dir, `${jdkIndex}-ossl-good`, pkcs12, [await clientEntry(jdkIndex === 0 ? "ec256" : "rsa2048")]);
      const bare = cliStoreWithoutKey(dir, `${jdkIndex}-ossl-bare`, KINDS[0]!, "ec384", "trad.pem");
      const predicted = cliDiagnose(bare, KINDS[0]!).find((f) => f.code === "NO_PRIVATE_KEY");
      expect(predicted?.javaMessage).toBeDefined();
      const [ok, refused] = await Promise.all([
        runClient(jdk, good, "PKCS12", PASSWORD, opensslPort, "http"),
        runClient(jdk, bare, "JKS", PASSWORD, opensslPort, "http"),
      ]);
      expect(ok.output).toMatch(/^OK HTTP\/1\.0 200 ok TLSv1\.3$/m);
      expect(refused.status).toBe(1);
      expect(refused.output).toContain(predicted!.javaMessage!);
    }, 120_000);

    it(`${jdk.name}: the store without its key, a self-signed key, a mismatched key, a key password other than the store password: Java fails as diagnose predicts`, async () => {
      const kind = (label: string) => KINDS.find((k) => k.label === label)!;
      // The stores without their key are made and diagnosed with the CLI (import-key, import-cert, delete; diagnose --json).
      const cases: { name: string; code: string; kind: StoreKind; entries: PrivateKeyEntry[]; keyPasswords?: Record<string, string>; withoutKeyOf?: KeyName }[] = [
        { name: "without-key-jks", code: "NO_PRIVATE_KEY", kind: kind("JKS"), entries: [], withoutKeyOf: "rsa2048" },
        { name: "without-key-p12", code: "NO_PRIVATE_KEY", kind: kind("PKCS12 java"), entries: [], withoutKeyOf: "ec256" },
        { name: "without-key-jceks", code: "NO_PRIVATE_KEY", kind: kind("JCEKS"), entries: [], withoutKeyOf: "ed25519" },
        { name: "self-signed", code: "KEY_SELF_SIGNED", kind: kind("PKCS12 java"), entries: [await clientEntry("ec256", ["keys/ec256/cert.pem"])] },
        { name: "mismatch", code: "KEY_CERTIFICATE_MISMATCH", kind: kind("JKS"), entries: [{ ...(await clientEntry("rsa3072")), chain: (await clientEntry("rsa2048")).chain }] },
        { name: "keypass", code: "KEY_PASSWORD_DIFFERS", kind: kind("JCEKS"), entries: [await clientEntry("ec384")], keyPasswords: { client: "another-secret" } },
      ];
      await Promise.all(
        cases.map(async (c) => {
          const file = c.withoutKeyOf
            ? cliStoreWithoutKey(dir, `${jdkIndex}-${c.name}`, c.kind, c.withoutKeyOf, "pkcs8.pem")
            : writeStore(dir, `${jdkIndex}-${c.name}`, c.kind, c.entries, c.keyPasswords);
          const finding = (c.withoutKeyOf ? cliDiagnose(file, c.kind) : diagnoseFile(file, c.kind)).find((f) => f.code === c.code);
          expect(finding?.javaMessage, `${c.name}: diagnose finds ${c.code} with its Java message`).toBeDefined();
          const run = await runClient(jdk, file, c.kind.format, passwordOf(c.kind), nodePort, "greeting");
          expect(run.status, `${c.name}:\n${run.output}`).toBe(1);
          expect(run.output, c.name).toContain(finding!.javaMessage!);
        }),
      );
    }, 300_000);
  });

  it("the fixtures are there (rerun test/fixtures/keys/mtls/generate.sh after new keys)", () => {
    for (const key of KEYS) expect(existsSync(join(fixtures, "keys", "mtls", `client-${key}.pem`)), key).toBe(true);
  });
});
