import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { children, readTlv } from "../../src/binary/der.js";
import { decodeKeystore } from "../../src/formats/codec.js";
import { Certificate } from "../../src/model/certificate.js";
import { KeystoreError } from "../../src/model/errors.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { trustAnchorsOf, verifyChain } from "../../src/truststore/verify.js";
import { repoRoot } from "../helpers/corpus.js";

/**
 * A certificate whose damage our lazy DER reader does not see (it never reads the signature) but
 * pkijs does: verifyChain used to reject with pkijs's AsnError, thrown before the `.catch` that was
 * meant to turn failures into a verdict was attached.
 */

const dir = join(repoRoot, "test/fixtures/chains");
const chain = readCertificates(readFileSync(join(dir, "cases/leaf-intermediate.pem"), "utf8"));
const anchors = trustAnchorsOf(decodeKeystore(new Uint8Array(readFileSync(join(dir, "stores/root.jks"))), { password: "changeit" }));

/** `certificate` with the tag of its outer signature BIT STRING made an OCTET STRING. */
function withSignatureTag(certificate: Certificate, tag: number): Certificate {
  const der = certificate.der.slice();
  const signature = children(readTlv(der, 0))[2]!;
  der[signature.start] = tag;
  return new Certificate(der);
}

describe("verifyChain on a certificate only the signature check reads", () => {
  it("the fixture chain is trusted as it is", async () => {
    expect((await verifyChain(chain, anchors)).code).toBe("TRUSTED");
  });

  for (const [name, victim] of [["leaf", 0], ["intermediate", 1]] as const) {
    it(`a damaged ${name} rejects with MALFORMED, a KeystoreError naming the certificate`, async () => {
      const damaged = chain.map((c, i) => (i === victim ? withSignatureTag(c, 0x04) : c));
      expect(damaged[victim]!.subject).toBe(chain[victim]!.subject); // our reader still accepts it
      const failure = await verifyChain(damaged, anchors).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(KeystoreError);
      expect(failure).toMatchObject({ code: "MALFORMED" });
      expect((failure as KeystoreError).message).toContain(chain[victim]!.subject);
    });
  }
});
