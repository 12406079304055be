import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDefaultTrustStore } from "../../src/node/java-home.js";
import { cli } from "../cli/helpers.js";
import { corpusRoot, repoRoot } from "../helpers/corpus.js";
import { jdks, keytool, type Jdk } from "../helpers/java.js";

/**
 * The seed workflow of issue 5, end to end and checked by Java itself: copy a cacerts, add a test
 * CA with `keystorekit import-cert`, list the result with keytool, and let a Java TLS client that
 * uses the produced trust store (javax.net.ssl.trustStore*) connect to a Node HTTPS server whose
 * certificate that CA issued. Skips cleanly without java.
 */

const certs = join(repoRoot, "test", "fixtures", "certs");
const clientSource = join(repoRoot, "test", "e2e", "TlsClient.java");
const debianCacerts = join(corpusRoot, "stores", "debian", "cacerts-debian.jks");
/** The cacerts to start from: the shared Debian copy, else the JVM's own default trust store. */
const sourceCacerts = existsSync(debianCacerts) ? debianCacerts : findDefaultTrustStore(process.env)?.path;

/** keytool's "Your keystore contains N entries" (also "1 entry"). */
function entryCount(listing: string): number {
  const match = /Your keystore contains (\d+) entr/.exec(listing);
  if (!match) throw new Error(`no entry count in keytool output:\n${listing}`);
  return Number(match[1]);
}

/** Runs the Java client asynchronously (the HTTPS server lives in this process, so never spawnSync). */
function runClient(jdk: Jdk, url: string, trustStore: string, password: string, type: string): Promise<{ status: number; output: string }> {
  const args = [
    "-Djava.net.preferIPv4Stack=true",
    `-Djavax.net.ssl.trustStore=${trustStore}`,
    `-Djavax.net.ssl.trustStorePassword=${password}`,
    `-Djavax.net.ssl.trustStoreType=${type}`,
    clientSource,
    url,
  ];
  return new Promise((resolve) => {
    execFile(jdk.java, args, { timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}

describe.skipIf(jdks.length === 0 || sourceCacerts === undefined)("seed workflow: copy cacerts, import a CA, Java trusts the server", () => {
  const jdk = jdks[0]!;
  let dir = "";
  let original = "";
  let result = "";
  let format = "";
  let server: Server | undefined;
  let url = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kk-e2e-"));
    original = join(dir, "cacerts-original.jks");
    result = join(dir, "cacerts-with-ca.jks");
    copyFileSync(sourceCacerts!, original);
    copyFileSync(sourceCacerts!, result);
    // A JDK's cacerts may be 0444, and cp keeps that; keystorekit refuses read-only targets
    // (test/node/safe-write.test.ts), so the operator's copy is made writable first.
    chmodSync(result, 0o644);

    server = createServer(
      { cert: readFileSync(join(certs, "server.pem")), key: readFileSync(join(certs, "server-key.pem")) },
      (_request, response) => {
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("hello from keystorekit e2e\n");
      },
    );
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(0, "127.0.0.1", () => resolve());
    });
    url = `https://localhost:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("import-cert adds the CA to the copy; keytool lists it and every original anchor", async () => {
    const before = keytool(jdk, ["-list", "-keystore", original, "-storepass", "changeit"]);
    expect(before.status).toBe(0);
    const originalCount = entryCount(before.output);
    expect(originalCount).toBeGreaterThan(0);

    const run = await cli([
      "import-cert", "-keystore", result, "-storepass", "changeit", "-alias", "keystorekit-test-ca",
      "-file", join(certs, "ca.pem"), "--json",
    ]);
    expect(run.stderr).not.toMatch(/^keystorekit:/m);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { format: string; results: { alias: string; added: boolean }[]; javaOptions: string };
    expect(json.results).toEqual([{ alias: "keystorekit-test-ca", added: true }]);
    format = json.format;
    expect(json.javaOptions).toContain(`-Djavax.net.ssl.trustStoreType=${format}`);

    const after = keytool(jdk, ["-list", "-keystore", result, "-storepass", "changeit"]);
    expect(after.status).toBe(0);
    expect(entryCount(after.output)).toBe(originalCount + 1);
    expect(after.output).toMatch(/^keystorekit-test-ca, .*trustedCertEntry/m);

    // Every original alias is still there with the same certificate fingerprint.
    const fingerprints = (listing: string) =>
      new Map([...listing.matchAll(/^(.+?), [^\n]*, trustedCertEntry,\s*\nCertificate fingerprint \(SHA-256\): ([0-9A-F:]+)/gm)].map((m) => [m[1]!, m[2]!]));
    const was = fingerprints(before.output);
    const now = fingerprints(after.output);
    expect(was.size).toBe(originalCount);
    for (const [alias, print] of was) expect(now.get(alias), alias).toBe(print);
    const ca = keytool(jdk, ["-list", "-keystore", result, "-storepass", "changeit", "-alias", "keystorekit-test-ca", "-v"]);
    expect(ca.output).toContain("Owner: CN=keystorekit test CA, O=keystorekit");
  });

  for (const client of jdks) {
    it(`${client.name}: a TLS client with the new trust store connects; with the original it fails with PKIX path building failed`, async () => {
      expect(format, "the import test ran first").not.toBe("");
      const ok = await runClient(client, url, result, "changeit", format);
      expect(ok.output).toMatch(/^OK 200$/m);
      expect(ok.status).toBe(0);

      const failed = await runClient(client, url, original, "changeit", format);
      expect(failed.status).toBe(1);
      expect(failed.output).toMatch(/^FAIL javax\.net\.ssl\.SSLHandshakeException: (\(certificate_unknown\) )?PKIX path building failed/m);
      expect(failed.output).toContain("unable to find valid certification path to requested target");
    }, 120_000);
  }
});
