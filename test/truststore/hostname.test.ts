import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCertificates } from "../../src/truststore/certificates.js";
import { checkHostname } from "../../src/truststore/hostname.js";
import { verifyChain } from "../../src/truststore/verify.js";
import type { Certificate } from "../../src/model/certificate.js";

import { HOSTNAME_CASES } from "./hostname-cases.js";

const dir = new URL("../fixtures/tls/", import.meta.url);
export function tlsFixture(name: string): Certificate {
  return readCertificates(readFileSync(new URL(name, dir)))[0]!;
}

describe("checkHostname agrees with Java's HostnameChecker", () => {
  it("covers at least 40 (certificate, name) cases", () => {
    expect(HOSTNAME_CASES.length).toBeGreaterThanOrEqual(40);
  });
  for (const [cert, host, java17, java25 = java17] of HOSTNAME_CASES) {
    it(`${cert} for ${host}: ${java25 || "accepted"}`, () => {
      const leaf = tlsFixture(`host-${cert}.pem`);
      const strict = checkHostname(leaf, host);
      expect(strict.javaMessage).toBe(java25);
      expect(strict.matched).toBe(java25 === "");
      expect(checkHostname(leaf, host, { wildcards: "any-label" }).javaMessage).toBe(java17);
    });
  }
});

describe("verifyChain({ host })", () => {
  const anchors = [tlsFixture("ca.pem")];
  it("fails a trusted chain whose leaf does not name the host, with Java's message", async () => {
    const result = await verifyChain([tlsFixture("host-cn-only.pem")], anchors, { host: "127.0.0.1" });
    expect(result).toMatchObject({ trusted: false, code: "HOSTNAME_MISMATCH", javaMessage: "No subject alternative names present" });
    expect((await verifyChain([tlsFixture("host-cn-only.pem")], anchors)).trusted).toBe(true);
  });
  it("passes when the name matches, and reports PKIX failures before the host name", async () => {
    expect((await verifyChain([tlsFixture("host-wild.pem")], anchors, { host: "api.example.com" })).trusted).toBe(true);
    const untrusted = await verifyChain([tlsFixture("unknown.pem")], anchors, { host: "nowhere.example" });
    expect(untrusted.code).toBe("NO_TRUSTED_ISSUER");
  });
});
