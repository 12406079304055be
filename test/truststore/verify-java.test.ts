import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { trustAnchorsOf, verifyChain } from "../../src/truststore/verify.js";
import { repoRoot } from "../helpers/corpus.js";
import { jdks } from "../helpers/java.js";

/**
 * verifyChain against Java's own verdicts: test/fixtures/chains/expected.json was recorded by
 * test/fixtures/tools/PkixCheck.java (through X509TrustManager.checkServerTrusted, or with a fixed
 * date through the validator behind it). With a JDK on the machine, Java is asked again live.
 */

interface JavaVerdict {
  trusted: boolean;
  exception?: string;
  message?: string;
}

interface ChainCase {
  name: string;
  chain: string;
  store: string;
  at?: string;
  code: string;
  java: JavaVerdict;
}

const dir = join(repoRoot, "test/fixtures/chains");
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { storePassword: string; cases: ChainCase[] };
const checker = join(repoRoot, "test/fixtures/tools/PkixCheck.java");

function chainOf(file: string) {
  const text = readFileSync(join(dir, file), "utf8");
  return text.trim() === "" ? [] : readCertificates(text);
}

async function verifyCase(c: ChainCase) {
  const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, c.store))), { password: expected.storePassword });
  return verifyChain(chainOf(c.chain), trustAnchorsOf(store), c.at ? { at: new Date(`${c.at}T00:00:00Z`) } : {});
}

describe("verifyChain agrees with Java (recorded verdicts)", () => {
  it("covers the cases the issue asks for", () => {
    const codes = new Set(expected.cases.map((c) => c.code));
    for (const code of ["TRUSTED", "NO_TRUSTED_ISSUER", "EXPIRED", "BAD_SIGNATURE", "NOT_A_CA"]) expect(codes).toContain(code);
    expect(expected.cases.map((c) => c.name)).toEqual(expect.arrayContaining(["missing-intermediate", "intermediate-in-store"]));
  });

  for (const c of expected.cases) {
    it(`${c.name}: ${c.code}`, async () => {
      const result = await verifyCase(c);
      expect({ trusted: result.trusted, code: result.code, javaMessage: result.javaMessage }).toEqual({
        trusted: c.java.trusted,
        code: c.code,
        javaMessage: c.java.trusted ? "" : c.java.message,
      });
      expect(result.reason.length).toBeGreaterThan(10);
      if (result.trusted) {
        expect(result.path?.[result.path.length - 1]).toBe(result.anchor);
      }
    });
  }

  it("names the missing issuer, and the path through an intermediate in the store", async () => {
    const byName = (name: string) => expected.cases.find((c) => c.name === name)!;
    const missing = await verifyCase(byName("missing-intermediate"));
    expect(missing.missingIssuer).toBe("CN=KK Test Intermediate CA,O=keystorekit tests");
    const unknown = await verifyCase(byName("unknown-ca"));
    expect(unknown.missingIssuer).toBe("CN=Unknown Root CA,O=keystorekit tests");
    expect(unknown.reason).toMatch(/self-signed/);
    const viaStore = await verifyCase(byName("intermediate-in-store"));
    expect(viaStore.path?.map((c) => c.subject)).toEqual(["CN=server.example,O=keystorekit tests", "CN=KK Test Intermediate CA,O=keystorekit tests"]);
    const full = await verifyCase(byName("trusted-full-chain"));
    expect(full.path?.map((c) => c.subject.split(",")[0])).toEqual(["CN=server.example", "CN=KK Test Intermediate CA", "CN=KK Test Root CA"]);
    const expired = await verifyCase(byName("expired-leaf"));
    expect(expired.certificate?.subject).toBe("CN=expired.example,O=keystorekit tests");
  });

  it("ignores end-entity usage with purpose 'any' and checks clientAuth for 'tls-client'", async () => {
    const c = expected.cases.find((x) => x.name === "client-only-leaf")!;
    const store = decodeKeystore(new Uint8Array(readFileSync(join(dir, c.store))), { password: expected.storePassword });
    const chain = chainOf(c.chain);
    expect((await verifyChain(chain, trustAnchorsOf(store), { purpose: "any" })).trusted).toBe(true);
    expect((await verifyChain(chain, trustAnchorsOf(store), { purpose: "tls-client" })).trusted).toBe(true);
    const server = chainOf("cases/leaf-intermediate.pem");
    const asClient = await verifyChain(server, trustAnchorsOf(store), { purpose: "tls-client" });
    expect(asClient.javaMessage).toBe("Extended key usage does not permit use for TLS client authentication");
  });
});

describe.skipIf(jdks.length === 0)("verifyChain agrees with Java (live PkixCheck)", () => {
  it.each(jdks.map((jdk) => [jdk.name, jdk.java]))("every case gets the same verdict from %s", async (_name, java) => {
    const work = mkdtempSync(join(tmpdir(), "kk-pkix-"));
    const batch = join(work, "cases.tsv");
    writeFileSync(batch, expected.cases.map((c) => [join(dir, c.store), expected.storePassword, join(dir, c.chain), c.at ?? ""].join("\t")).join("\n") + "\n");
    const run = spawnSync(java, ["--add-exports", "java.base/sun.security.validator=ALL-UNNAMED", checker, "--batch", batch], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const live = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as JavaVerdict);
    expect(live).toHaveLength(expected.cases.length);
    for (const [i, c] of expected.cases.entries()) {
      const ours = await verifyCase(c);
      const java = live[i]!;
      expect({ name: c.name, trusted: ours.trusted, message: ours.javaMessage }).toEqual({ name: c.name, trusted: java.trusted, message: java.trusted ? "" : java.message });
    }
  });
});
