import { describe, expect, it } from "vitest";
import { readCertificates } from "../../src/truststore/certificates.js";
import { checkHostname } from "../../src/truststore/hostname.js";
import { jdks } from "../helpers/java.js";
import { HOSTNAME_CASES } from "../truststore/hostname-cases.js";
import { TLS_DIR, fixture, javaCause, javaClient, javaMajor, nodeTlsServer } from "./tls-helpers.js";

/**
 * Java's HTTPS endpoint identification asked live: one Node TLS server per host-name certificate on
 * 127.0.0.1, and Java 17 / Temurin 25 connecting through SSLSocketFactory.createSocket(socket, NAME, …)
 * with the "HTTPS" algorithm. checkHostname must give the same verdict and message for every case.
 */
describe.skipIf(jdks.length === 0)("checkHostname agrees with Java over real handshakes", () => {
  for (const jdk of jdks) {
    it(`${jdk.name}`, { timeout: 180_000 }, async () => {
      const major = javaMajor(jdk);
      const certs = [...new Set(HOSTNAME_CASES.map(([cert]) => cert))];
      const servers = new Map<string, Awaited<ReturnType<typeof nodeTlsServer>>>();
      try {
        for (const cert of certs) servers.set(cert, await nodeTlsServer({ key: fixture("host-key.pem"), cert: fixture(`host-${cert}.pem`) }));
        const targets = HOSTNAME_CASES.map(([cert, host]) => `${servers.get(cert)!.port}/${host}`);
        const java = await javaClient(jdk, { trust: `${TLS_DIR}ca.pem` }, targets);
        const disagreements: string[] = [];
        for (const [i, [cert, host]] of HOSTNAME_CASES.entries()) {
          const leaf = readCertificates(fixture(`host-${cert}.pem`))[0]!;
          const ours = checkHostname(leaf, host, { wildcards: major >= 25 ? "leftmost-label" : "any-label" }).javaMessage;
          const theirs = javaCause(java.get(targets[i]!) ?? "missing");
          if (ours !== theirs) disagreements.push(`${cert} ${host}: Java "${theirs}", ours "${ours}"`);
        }
        expect(disagreements).toEqual([]);
      } finally {
        for (const server of servers.values()) await server.close();
      }
    });
  }
});
