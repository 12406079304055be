import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { jdks } from "../helpers/java.js";
import { TLS_DIR, fixture, hasOpenssl, javaCause, javaClient, nodeTlsServer } from "./tls-helpers.js";

/**
 * probe and a leaf whose server omits the intermediate, with an AIA caIssuers URL pointing at an
 * HTTP server this test runs on 127.0.0.1 (the leaves are made here with openssl, since the URL
 * holds the port). probe names the URL and says Java does not fetch it; --fetch-issuer fetches
 * it (DER or PKCS#7, bounded, typed NETWORK errors), checks that it signs the leaf and gives the
 * verdict with it; --import ALIAS adds it to the trust store. Java 17 and Temurin 25, with and
 * without -Dcom.sun.security.enableAIAcaIssuers=true, must agree with both verdicts.
 */
const work = mkdtempSync(join(tmpdir(), "kk-aia-"));
const requests: string[] = [];
const ROUTES: Record<string, (res: ServerResponse) => void> = {};
let http: ReturnType<typeof createServer>;
let httpPort = 0;
const openSockets = new Set<Socket>();
type TlsServer = Awaited<ReturnType<typeof nodeTlsServer>>;
const servers: Record<string, TlsServer> = {};

function openssl(...args: string[]): void {
  const result = spawnSync("openssl", args, { cwd: work, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${result.stderr}`);
}

/** A localhost leaf issued by the fixture intermediate whose caIssuers URL is http://127.0.0.1:PORT/PATH. */
function leaf(name: string, path: string): Buffer {
  writeFileSync(join(work, `${name}.cnf`), [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "authorityKeyIdentifier=keyid",
    `authorityInfoAccess=caIssuers;URI:http://127.0.0.1:${httpPort}/${path}`,
  ].join("\n"));
  openssl("req", "-new", "-key", `${TLS_DIR}server-key.pem`, "-subj", `/O=keystorekit tests/CN=localhost`, "-out", `${name}.csr`);
  openssl("x509", "-req", "-in", `${name}.csr`, "-CA", `${TLS_DIR}int.pem`, "-CAkey", `${TLS_DIR}int-key.pem`, "-set_serial", String(4000 + Object.keys(servers).length), "-days", "3650", "-sha256", "-extfile", `${name}.cnf`, "-out", `${name}.pem`);
  return readFileSync(join(work, `${name}.pem`));
}

beforeAll(async () => {
  if (!hasOpenssl) return;
  openssl("x509", "-in", `${TLS_DIR}int.pem`, "-outform", "DER", "-out", "int.der");
  openssl("crl2pkcs7", "-nocrl", "-certfile", `${TLS_DIR}int.pem`, "-outform", "DER", "-out", "int.p7c");
  openssl("x509", "-in", `${TLS_DIR}other-root.pem`, "-outform", "DER", "-out", "other.der");
  const file = (name: string) => (res: ServerResponse) => res.end(readFileSync(join(work, name)));
  Object.assign(ROUTES, {
    "/int.der": file("int.der"),
    "/int.p7c": file("int.p7c"),
    "/other.der": file("other.der"),
    "/missing": (res: ServerResponse) => ((res.statusCode = 404), res.end("no")),
    "/huge": (res: ServerResponse) => res.end(new Uint8Array(300 * 1024)),
    // No content-length: the body is cut when it passes the bound.
    "/chunked": (res: ServerResponse) => {
      for (let i = 0; i < 40; i++) res.write(new Uint8Array(16 * 1024));
      res.end();
    },
    "/garbage": (res: ServerResponse) => res.end("this is not a certificate"),
    "/silent": () => {}, // never answers
  });
  http = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? "");
    (ROUTES[req.url ?? ""] ?? ROUTES["/missing"]!)(res);
  });
  http.on("connection", (socket: Socket) => (openSockets.add(socket), socket.on("close", () => openSockets.delete(socket))));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  httpPort = (http.address() as AddressInfo).port;
  for (const [name, path] of [["der", "int.der"], ["p7c", "int.p7c"], ["wrong", "other.der"], ["missing", "missing"], ["huge", "huge"], ["chunked", "chunked"], ["garbage", "garbage"], ["silent", "silent"]] as const) {
    servers[name] = await nodeTlsServer({ key: fixture("server-key.pem"), cert: leaf(name, path) });
  }
}, 120_000);

afterAll(async () => {
  for (const server of Object.values(servers)) await server.close();
  if (http) {
    for (const socket of openSockets) socket.destroy();
    await new Promise((resolve) => http.close(resolve));
  }
  rmSync(work, { recursive: true, force: true });
});

async function probe(server: string, ...extra: string[]) {
  const result = await cli(["probe", `127.0.0.1:${servers[server]!.port}`, "--host", "localhost", "-keystore", `${TLS_DIR}ca.pem`, "--timeout", "5", "--json", ...extra]);
  return { status: result.status, json: JSON.parse(result.stdout) as Record<string, unknown>, stderr: result.stderr };
}

/** The JDK's conf/security/java.security text ("" when not found). */
function javaSecurity(java: string): string {
  const home = spawnSync(java, ["-XshowSettings:properties", "-version"], { encoding: "utf8" }).stderr.match(/java\.home = (.*)/)?.[1]?.trim();
  try {
    return home ? readFileSync(join(home, "conf", "security", "java.security"), "utf8") : "";
  } catch {
    return "";
  }
}

const NO_PATH = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

describe.skipIf(!hasOpenssl)("probe: the missing intermediate from the AIA caIssuers URL", () => {
  it("without --fetch-issuer: not trusted, the URL named, and that Java does not fetch it", async () => {
    const before = requests.length;
    const { status, json } = await probe("der");
    expect(status).toBe(1);
    expect(json).toMatchObject({ trusted: false, javaMessage: NO_PATH, missingIssuer: "CN=KK TLS Intermediate CA,O=keystorekit tests", missingIssuerUrls: [`http://127.0.0.1:${httpPort}/int.der`], fetchedIssuers: [] });
    expect(json.aiaNote).toContain("-Dcom.sun.security.enableAIAcaIssuers=true");
    expect(requests.length).toBe(before); // nothing fetched
  });

  for (const kind of ["der", "p7c"]) {
    it(`--fetch-issuer (${kind}): fetched, checked against the leaf, and the verdict computed with it`, async () => {
      const { status, json } = await probe(kind, "--fetch-issuer");
      expect(status).toBe(0);
      expect(json).toMatchObject({ trusted: true, javaMessage: "", trustedAsSent: false, javaMessageAsSent: NO_PATH });
      expect((json.fetchedIssuers as Array<Record<string, unknown>>).map((f) => [f.url, f.subject])).toEqual([[`http://127.0.0.1:${httpPort}/int.${kind}`, "CN=KK TLS Intermediate CA,O=keystorekit tests"]]);
    });
  }

  const failures: Array<[string, RegExp]> = [
    ["wrong", /does not sign CN=localhost/],
    ["missing", /NETWORK|HTTP 404/],
    ["huge", /announces 307200 bytes, more than the 262144 accepted/],
    ["chunked", /more than 262144 bytes: not a certificate/],
    ["garbage", /did not serve a certificate/],
    ["silent", /no answer within 5000 ms/],
  ];
  for (const [server, problem] of failures) {
    it(`--fetch-issuer when the URL gives nothing usable (${server}): the verdict as sent, the problem named`, { timeout: 30_000 }, async () => {
      const { status, json, stderr } = await probe(server, "--fetch-issuer");
      expect(status).toBe(1);
      expect(json).toMatchObject({ trusted: false, javaMessage: NO_PATH, fetchedIssuers: [] });
      expect((json.fetchProblems as string[]).join("\n")).toMatch(problem);
      expect(stderr).toMatch(problem);
    });
  }

  it("--import ALIAS adds the fetched intermediate to the trust store; then a default Java trusts the server", { timeout: 120_000 }, async () => {
    const store = join(work, "trust.p12");
    expect((await cli(["import-cert", "-keystore", store, "-storepass", "changeit", "-alias", "root", "-file", `${TLS_DIR}ca.pem`])).status).toBe(0);
    const args = ["probe", `127.0.0.1:${servers.der!.port}`, "--host", "localhost", "-keystore", store, "-storepass", "changeit", "--timeout", "5", "--json"];
    // Without --fetch-issuer there is nothing to choose: refused, the store untouched.
    const before = readFileSync(store);
    const refused = await cli([...args, "--import", "int"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--fetch-issuer/);
    expect(readFileSync(store).equals(before)).toBe(true);
    const done = await cli([...args, "--fetch-issuer", "--import", "int"]);
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ trusted: true, imported: [{ alias: "int", subject: "CN=KK TLS Intermediate CA,O=keystorekit tests", added: true }] });
    const listed = await cli(["list", store, "-storepass", "changeit", "--json"]);
    expect(listed.stdout).toContain('"int"');
    const again = await cli(args);
    expect(JSON.parse(again.stdout)).toMatchObject({ trusted: true, trustedAsSent: true, missingIssuer: null });
    for (const jdk of jdks) {
      const target = `${servers.der!.port}/localhost`;
      expect((await javaClient(jdk, { trust: store, trustType: "PKCS12" }, [target])).get(target), jdk.name).toMatch(/^OK/);
    }
  });

  it("--import ALIAS with the root the server sent", async () => {
    const store = join(work, "other.p12");
    expect((await cli(["import-cert", "-keystore", store, "-storepass", "changeit", "-alias", "root", "-file", `${TLS_DIR}ca.pem`])).status).toBe(0);
    const unknown = await nodeTlsServer({ key: fixture("unknown-key.pem"), cert: Buffer.concat([fixture("unknown.pem"), fixture("other-root.pem")]) });
    try {
      const result = await cli(["probe", `127.0.0.1:${unknown.port}`, "--host", "localhost", "-keystore", store, "-storepass", "changeit", "--import", "other-root", "--json"]);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ trusted: true, trustedAsSent: false, imported: [{ alias: "other-root", subject: "CN=KK Unknown Root CA,O=keystorekit tests", added: true }] });
    } finally {
      await unknown.close();
    }
  });

  describe.skipIf(jdks.length === 0)("agrees with Java, with and without com.sun.security.enableAIAcaIssuers", () => {
    const ENABLE = "-Dcom.sun.security.enableAIAcaIssuers=true";
    for (const jdk of jdks) {
      it(jdk.name, { timeout: 420_000 }, async () => {
        // Newer JDKs (Temurin 25.0.3) also filter the URLs, denying all by default; Java 17.0.15 has no filter.
        const filters = javaSecurity(jdk.java).includes("com.sun.security.allowedAIALocations");
        const kinds = ["der", "p7c", "wrong"];
        const targets = kinds.map((kind) => `${servers[kind]!.port}/localhost`);
        const ask = (jvmOptions: string[]) => javaClient(jdk, { trust: `${TLS_DIR}ca.pem`, jvmOptions }, targets);
        const plain = await ask([]);
        const enabledOnly = await ask([ENABLE]);
        const before = requests.length;
        const allowed = await ask([ENABLE, "-Dcom.sun.security.allowedAIALocations=any"]);
        expect(requests.length, "Java fetched the URLs").toBeGreaterThanOrEqual(before + kinds.length);
        for (const [i, kind] of kinds.entries()) {
          const { json } = await probe(kind, "--fetch-issuer");
          const asSent = { kind, trusted: json.trustedAsSent, message: json.javaMessageAsSent };
          const withIssuer = { kind, trusted: json.trusted, message: json.javaMessage };
          const verdict = (lines: Map<string, string>) => {
            const line = lines.get(targets[i]!) ?? "missing";
            return { kind, trusted: line.startsWith("OK"), message: javaCause(line) };
          };
          expect(asSent).toEqual(verdict(plain));
          expect(withIssuer).toEqual(verdict(allowed));
          expect(filters ? asSent : withIssuer).toEqual(verdict(enabledOnly));
        }
      });
    }
  });
});
