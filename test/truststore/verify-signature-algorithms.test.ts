import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeJks } from "../../src/formats/jks/encode.js";
import { Keystore } from "../../src/model/keystore.js";
import { verifyChain } from "../../src/truststore/verify.js";
import { repoRoot } from "../helpers/corpus.js";
import { jdks } from "../helpers/java.js";
import { ed25519Leaf, ed25519Root, signatureLeaves, signatureRoot, withBadSignature, withChangedSerial } from "./signature-chains.js";

/**
 * Every RSA signature algorithm OpenSSL writes, checked with WebCrypto present. SHA-224, which
 * WebCrypto lacks, used to come out as BAD_SIGNATURE; the BigInt verifier checks it now. With a
 * JDK on the machine, Java is asked too (test/fixtures/tools/PkixCheck.java).
 */

const cases = signatureLeaves.flatMap(([name, leaf]) => [
  { name, chain: leaf, root: signatureRoot, trusted: true },
  { name: `${name} with a changed signature`, chain: withBadSignature(leaf), root: signatureRoot, trusted: false },
  { name: `${name} with a changed serial number`, chain: withChangedSerial(leaf), root: signatureRoot, trusted: false },
]);

describe("verifyChain with each RSA signature algorithm (WebCrypto present)", () => {
  for (const c of cases) {
    it(`${c.name}: ${c.trusted ? "TRUSTED" : "BAD_SIGNATURE"}`, async () => {
      const result = await verifyChain([c.chain], [c.root]);
      expect(result).toMatchObject(c.trusted ? { trusted: true, code: "TRUSTED" } : { trusted: false, code: "BAD_SIGNATURE" });
    });
  }

  it("Ed25519 (WebCrypto): the pair is TRUSTED, a changed signature BAD_SIGNATURE, as Java says (below)", async () => {
    expect(await verifyChain([ed25519Leaf], [ed25519Root])).toMatchObject({ trusted: true, code: "TRUSTED" });
    expect(await verifyChain([withBadSignature(ed25519Leaf)], [ed25519Root])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
  });
});

describe.skipIf(jdks.length === 0)("Java gives the same verdicts (live PkixCheck)", () => {
  it.each(jdks.map((jdk) => [jdk.name, jdk.java]))("%s", async (_name, java) => {
    const work = mkdtempSync(join(tmpdir(), "kk-sigalg-"));
    const withJava = [
      ...cases,
      { name: "ed25519", chain: ed25519Leaf, root: ed25519Root, trusted: true },
      { name: "ed25519 with a changed signature", chain: withBadSignature(ed25519Leaf), root: ed25519Root, trusted: false },
    ];
    const lines = withJava.map((c, i) => {
      const store = new Keystore({ format: "JKS" });
      store.set({ type: "trustedCert", alias: "root", created: new Date(0), certificate: c.root });
      writeFileSync(join(work, `${i}.jks`), encodeJks(store, { password: "changeit" }));
      writeFileSync(join(work, `${i}.pem`), c.chain.toPem());
      return [join(work, `${i}.jks`), "changeit", join(work, `${i}.pem`), ""].join("\t");
    });
    writeFileSync(join(work, "cases.tsv"), lines.join("\n") + "\n");
    const checker = join(repoRoot, "test/fixtures/tools/PkixCheck.java");
    const run = spawnSync(java, ["--add-exports", "java.base/sun.security.validator=ALL-UNNAMED", checker, "--batch", join(work, "cases.tsv")], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const verdicts = run.stdout.trim().split("\n").map((line) => (JSON.parse(line) as { trusted: boolean; message?: string }));
    expect(verdicts.map((v, i) => ({ name: withJava[i]!.name, trusted: v.trusted }))).toEqual(withJava.map((c) => ({ name: c.name, trusted: c.trusted })));
    for (const [i, v] of verdicts.entries()) {
      if (!v.trusted) expect(v.message, withJava[i]!.name).toMatch(/signature check failed/);
    }
  });
});
