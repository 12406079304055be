import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import type { Certificate } from "../../src/model/certificate.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { trustAnchorsOf, verifyChain, type VerifyResult } from "../../src/truststore/verify.js";
import { repoRoot } from "../helpers/corpus.js";
import { signatureLeaves, signatureRoot, withBadSignature, withChangedSerial } from "./signature-chains.js";

/**
 * A browser page served over plain HTTP has `crypto.getRandomValues` but no `crypto.subtle`.
 * verifyChain used to answer BAD_SIGNATURE for good chains there. Now RSA signatures are checked
 * with BigInt arithmetic, and what only WebCrypto can check fails with UNSUPPORTED: never a false
 * bad signature. The stub is installed before any module (pkijs takes its engine at import).
 */

const realCrypto = vi.hoisted(() => {
  const real = globalThis.crypto;
  const insecure = { getRandomValues: real.getRandomValues.bind(real), randomUUID: real.randomUUID.bind(real) };
  Object.defineProperty(globalThis, "crypto", { value: insecure, configurable: true, writable: true });
  return real;
});
afterAll(() => {
  Object.defineProperty(globalThis, "crypto", { value: realCrypto, configurable: true, writable: true });
});

interface ChainCase {
  name: string;
  chain: string;
  store: string;
  at?: string;
  code: string;
  java: { trusted: boolean };
}

const dir = join(repoRoot, "test/fixtures/chains");
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { storePassword: string; cases: ChainCase[] };
const chainOf = (file: string) => {
  const text = readFileSync(join(dir, file), "utf8");
  return text.trim() === "" ? [] : readCertificates(text);
};
const anchorsOf = (file: string) => trustAnchorsOf(decodeKeystore(new Uint8Array(readFileSync(join(dir, file))), { password: expected.storePassword }));

/** The verdict, or "UNSUPPORTED" when verifyChain refuses to decide. */
async function verdict(chain: Certificate[], anchors: Certificate[], at?: string): Promise<VerifyResult | "UNSUPPORTED"> {
  try {
    return await verifyChain(chain, anchors, at ? { at: new Date(`${at}T00:00:00Z`) } : {});
  } catch (error) {
    if (isKeystoreError(error, "UNSUPPORTED")) {
      expect(error.message).toMatch(/^WebCrypto unavailable \(insecure context\): cannot check signatures/);
      return "UNSUPPORTED";
    }
    throw error;
  }
}

describe("verifyChain without WebCrypto (insecure browser context)", () => {
  it("runs without crypto.subtle", () => {
    expect(globalThis.crypto.subtle).toBeUndefined();
  });

  for (const c of expected.cases) {
    it(`${c.name}: Java's verdict (${c.code}), or UNSUPPORTED, never a false BAD_SIGNATURE`, async () => {
      const result = await verdict(chainOf(c.chain), anchorsOf(c.store), c.at);
      if (result !== "UNSUPPORTED") expect(result.code).toBe(c.code);
    });
  }

  it("an all-RSA chain is trusted: the answer does not depend on WebCrypto", async () => {
    const result = await verdict(chainOf("cases/leaf-direct.pem"), anchorsOf("stores/root.jks"));
    expect(result).not.toBe("UNSUPPORTED");
    expect(result).toMatchObject({ trusted: true, code: "TRUSTED" });
  });

  it("an RSA signature that was tampered with still fails, with BAD_SIGNATURE", async () => {
    const [leaf] = chainOf("cases/leaf-direct.pem");
    const result = await verdict([withBadSignature(leaf!)], anchorsOf("stores/root.jks"));
    expect(result).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
    const recorded = await verdict(chainOf("cases/badsig-direct.pem"), anchorsOf("stores/root.jks"));
    expect(recorded).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
  });

  for (const [name, leaf] of signatureLeaves) {
    it(`${name} (RSA): trusted without WebCrypto; a changed signature or changed signed bytes are BAD_SIGNATURE`, async () => {
      expect(await verdict([leaf], [signatureRoot])).toMatchObject({ trusted: true, code: "TRUSTED" });
      expect(await verdict([withBadSignature(leaf)], [signatureRoot])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
      expect(await verdict([withChangedSerial(leaf)], [signatureRoot])).toMatchObject({ trusted: false, code: "BAD_SIGNATURE" });
    });
  }

  it("a chain with an ECDSA signature is refused with UNSUPPORTED, tampered or not", async () => {
    const chain = chainOf("cases/leaf-intermediate.pem");
    expect(await verdict(chain, anchorsOf("stores/root.jks"))).toBe("UNSUPPORTED");
    expect(await verdict([withBadSignature(chain[0]!), chain[1]!], anchorsOf("stores/root.jks"))).toBe("UNSUPPORTED");
  });
});
