import { afterEach, describe, expect, it, vi } from "vitest";
import { generateKeyPair } from "../../src/keys/generate.js";
import { isKeystoreError } from "../../src/model/errors.js";
import type { Certificate } from "../../src/model/certificate.js";
import { verifyChain, type VerifyResult } from "../../src/truststore/verify.js";
import { createSelfSignedCertificate, issueCertificate } from "../../src/x509/certificate-builder.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";
import { ed25519Leaf, ed25519Root, withBadSignature, withChangedSerial } from "../truststore/signature-chains.js";

/**
 * verifyChain checks Ed25519 and Ed448 certificate signatures through WebCrypto (Node 20+ has both;
 * Deno, Bun and Chromium 137+ Ed25519). Where the platform lacks the algorithm the verdict is a
 * typed UNSUPPORTED naming the runtime, never a false BAD_SIGNATURE. Java's verdicts on the same
 * Ed25519 fixtures: test/truststore/verify-signature-algorithms.test.ts (live PkixCheck).
 */

afterEach(() => vi.restoreAllMocks());

async function edChain(algorithm: "Ed25519" | "Ed448"): Promise<{ root: Certificate; leaf: Certificate }> {
  const caKey = await generateKeyPair({ algorithm });
  const ca = await createSigner(caKey.privateKey, { publicKey: caKey.publicKey });
  const root = await createSelfSignedCertificate(ca, { dname: "CN=EdDSA Root, O=keystorekit tests", extensions: ["BC:c=ca:true", "KU:c=keyCertSign"] });
  const leafKey = await generateKeyPair({ algorithm });
  const request = { subject: (await createSelfSignedCertificate(await createSigner(leafKey.privateKey), { dname: "CN=leaf.example" })).subjectDer, publicKey: leafKey.publicKey };
  const { certificate } = await issueCertificate(request, { signer: ca, chain: [root] }, { extensions: ["SAN=dns:leaf.example"] });
  return { root, leaf: certificate };
}

const outcome = (chain: Certificate[], anchors: Certificate[]): Promise<VerifyResult | Error> =>
  verifyChain(chain, anchors).then(
    (result) => result,
    (error: unknown) => error as Error,
  );

describe("EdDSA certificate signatures through WebCrypto", () => {
  it("the OpenSSL-made Ed25519 pair is TRUSTED; a flipped signature bit or serial is BAD_SIGNATURE", async () => {
    expect(await outcome([ed25519Leaf], [ed25519Root])).toMatchObject({ trusted: true, code: "TRUSTED" });
    expect(await outcome([withBadSignature(ed25519Leaf)], [ed25519Root])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
    expect(await outcome([withChangedSerial(ed25519Leaf)], [ed25519Root])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
  });

  it.each(["Ed25519", "Ed448"] as const)("a generated %s chain is TRUSTED, and BAD_SIGNATURE when altered", async (algorithm) => {
    const { root, leaf } = await edChain(algorithm);
    expect(await outcome([leaf], [root])).toMatchObject({ trusted: true, code: "TRUSTED" });
    expect(await outcome([withBadSignature(leaf)], [root])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
    expect(await outcome([withChangedSerial(leaf)], [root])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
  });

  it("an Ed25519-signed leaf under an Ed448 anchor of the same name: not trusted, and not UNSUPPORTED", async () => {
    const ed448 = await edChain("Ed448");
    const ed25519 = await edChain("Ed25519");
    const failure = await outcome([ed25519.leaf], [ed448.root]);
    expect(failure).toMatchObject({ trusted: false });
    expect(isKeystoreError(failure, "UNSUPPORTED")).toBe(false);
  });

  it("a platform without WebCrypto Ed25519 (Chromium before 137) gets UNSUPPORTED naming the runtime, never BAD_SIGNATURE", async () => {
    // Fresh certificate objects (imported keys are kept per certificate), made before Ed25519 "goes away".
    const { root, leaf } = await edChain("Ed25519");
    const subtle = crypto.subtle;
    const realImport = subtle.importKey.bind(subtle);
    vi.spyOn(subtle, "importKey").mockImplementation(((format: KeyFormat, key: BufferSource | JsonWebKey, algorithm: AlgorithmIdentifier, extractable: boolean, usages: KeyUsage[]) => {
      const name = typeof algorithm === "string" ? algorithm : algorithm.name;
      if (name === "Ed25519") return Promise.reject(new DOMException("Unrecognized algorithm name", "NotSupportedError"));
      return realImport(format as "spki", key as BufferSource, algorithm, extractable, usages);
    }) as typeof subtle.importKey);
    for (const chain of [[leaf], [withBadSignature(leaf)]]) {
      const failure = await outcome(chain, [root]);
      expect(isKeystoreError(failure, "UNSUPPORTED"), String(failure)).toBe(true);
      expect((failure as Error).message).toMatch(/^Unsupported: Node\.js \d+\.\d+\.\d+ has no WebCrypto Ed25519, so it cannot check the Ed25519 signature of CN=leaf\.example/);
    }
  });
});
