import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Certificate, decodeKeystore } from "../../src/index.js";
import { corpusFile, hasCorpus } from "../helpers/corpus.js";

/** The lazy certificate view agrees with Node's own X.509 parser on every certificate of cacerts. */
describe.skipIf(!hasCorpus)("Certificate view", () => {
  const store = hasCorpus ? decodeKeystore(corpusFile("stores/debian/cacerts-debian.jks"), { password: "changeit" }) : null;

  it("fingerprints, serial, validity and key algorithm match node:crypto for all 144 cacerts certificates", () => {
    const certificates = store!.entries().flatMap((entry) => store!.certificates(entry.alias));
    expect(certificates.length).toBe(144);
    for (const certificate of certificates) {
      const reference = new X509Certificate(certificate.der);
      expect(certificate.sha256).toBe(reference.fingerprint256.replace(/:/g, "").toLowerCase());
      expect(certificate.sha1).toBe(reference.fingerprint.replace(/:/g, "").toLowerCase());
      expect(BigInt(`0x${certificate.serialNumber}`)).toBe(BigInt(`0x${reference.serialNumber}`));
      expect(certificate.notAfter.getTime()).toBe(new Date(reference.validTo).getTime());
      expect(certificate.notBefore.getTime()).toBe(new Date(reference.validFrom).getTime());
      const keyType = reference.publicKey.asymmetricKeyType;
      expect(certificate.publicKeyAlgorithm).toBe(keyType === "ec" ? "EC" : keyType?.toUpperCase());
      expect(certificate.toPem()).toBe(reference.toString());
      // Self-signed roots: issuer equals subject, as both text and DER.
      if (reference.subject === reference.issuer) expect(certificate.issuer).toBe(certificate.subject);
    }
  });

  it("parses nothing until asked", () => {
    const certificate = new Certificate(Uint8Array.from([1, 2, 3]));
    expect(certificate.sha256).toHaveLength(64);
    expect(() => certificate.subject).toThrow(/certificate|ASN.1/);
  });
});
