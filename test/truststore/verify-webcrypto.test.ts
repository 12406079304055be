import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { trustAnchorsOf, verifyChain } from "../../src/truststore/verify.js";
import { webCryptoImportCount } from "../../src/truststore/webcrypto-signature.js";
import { repoRoot } from "../helpers/corpus.js";

// Signatures are checked from our own DER through WebCrypto (issue 16): pkijs is not needed at all.
vi.mock("pkijs", () => {
  throw new Error("pkijs must not be loaded by verifyChain");
});

const dir = join(repoRoot, "test/fixtures/chains");
const pem = readFileSync(join(dir, "cases/leaf-intermediate.pem"), "utf8");
const anchors = trustAnchorsOf(decodeKeystore(new Uint8Array(readFileSync(join(dir, "stores/root.jks"))), { password: "changeit" }));

describe("verifyChain through WebCrypto (issue 16)", () => {
  it("imports each issuer key once: the anchor's for every chain, a chain certificate's once per parse", async () => {
    // EC leaf ← EC intermediate ← RSA root (the anchor): two signature checks, two issuer keys.
    const chain = readCertificates(pem);
    const before = webCryptoImportCount();
    expect((await verifyChain(chain, anchors, { purpose: "any" })).code).toBe("TRUSTED");
    expect(webCryptoImportCount() - before).toBe(2);
    // The same certificate objects: nothing imported again.
    expect((await verifyChain(chain, anchors, { purpose: "any" })).code).toBe("TRUSTED");
    expect(webCryptoImportCount() - before).toBe(2);
    // The chain parsed again: only the intermediate's key (a new object) is imported, not the anchor's.
    expect((await verifyChain(readCertificates(pem), anchors, { purpose: "any" })).code).toBe("TRUSTED");
    expect(webCryptoImportCount() - before).toBe(3);
  });
});
