import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { children, readTlv } from "../../src/binary/der.js";
import { Certificate } from "../../src/model/certificate.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { repoRoot } from "../helpers/corpus.js";

/**
 * test/fixtures/chains/signatures (made by test/fixtures/generate-signature-chains.sh): an RSA root
 * and one leaf per RSA signature algorithm, and an Ed25519 pair.
 */

const dir = join(repoRoot, "test/fixtures/chains/signatures");
const read = (file: string) => readCertificates(readFileSync(join(dir, file), "utf8"))[0]!;

export const signatureRoot: Certificate = read("root.pem");

/** An Ed25519 root and a leaf it signed (checked through WebCrypto's Ed25519). */
export const ed25519Root: Certificate = read("other-ed25519-root.pem");
export const ed25519Leaf: Certificate = read("other-ed25519-leaf.pem");

/** Leaf name (the algorithm) → certificate. */
export const signatureLeaves: [string, Certificate][] = readdirSync(dir)
  .filter((file) => file.startsWith("leaf-"))
  .sort()
  .map((file) => [file.slice(5, -4), read(file)]);

/** `certificate` with one bit of its signature value flipped. */
export function withBadSignature(certificate: Certificate): Certificate {
  const der = certificate.der.slice();
  const signature = children(readTlv(der, 0))[2]!;
  der[signature.end - 5]! ^= 0x10;
  return new Certificate(der);
}

/** `certificate` with one bit of its serial number flipped: the signed bytes changed. */
export function withChangedSerial(certificate: Certificate): Certificate {
  const der = certificate.der.slice();
  const tbs = children(readTlv(der, 0))[0]!;
  const serial = children(tbs)[1]!; // [0] version, then serialNumber
  der[serial.end - 1]! ^= 0x01;
  return new Certificate(der);
}
