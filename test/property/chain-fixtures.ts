import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Certificate, decodeKeystore, type Keystore } from "../../src/index.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { repoRoot } from "../helpers/corpus.js";

/**
 * The certificate chains and trust stores of test/fixtures/chains (made by
 * test/fixtures/generate-chains.sh), and arbitraries that damage them, for the fuzz properties of
 * verifyChain, TrustStore and diagnose.
 */

const dir = join(repoRoot, "test/fixtures/chains");
const storePassword = "changeit";

/** Every non-empty chain of chains/cases, leaf first. */
export const fixtureChains: Certificate[][] = readdirSync(join(dir, "cases"))
  .sort()
  .map((file) => readFileSync(join(dir, "cases", file), "utf8"))
  .filter((text) => text.trim() !== "")
  .map((text) => readCertificates(text));

/** Every single certificate of chains/certs. */
export const fixtureCertificates: Certificate[] = readdirSync(join(dir, "certs"))
  .sort()
  .map((file) => readCertificates(readFileSync(join(dir, "certs", file), "utf8"))[0]!);

/** Every trust store of chains/stores (JKS, password "changeit"). */
export const fixtureStores: Keystore[] = readdirSync(join(dir, "stores"))
  .sort()
  .map((file) => decodeKeystore(new Uint8Array(readFileSync(join(dir, "stores", file))), { password: storePassword }));

/** A copy of `der` with one edit: a byte changed, bytes inserted or removed, or the tail cut off. */
const editArb = (length: number): fc.Arbitrary<(der: Uint8Array) => Uint8Array> => {
  // Half the edits land in the last 160 bytes (extensions, signature algorithm and value), which
  // the lazy DER reader skips and only the signature check reads.
  const last = Math.max(0, length - 1);
  const at = fc.oneof(fc.nat({ max: last }), fc.integer({ min: Math.max(0, length - 160), max: last }));
  // Mostly edits that keep every length intact, so that the damage gets past the DER reader and
  // reaches the later steps (pkijs, signatures, extensions, dates).
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(at, fc.integer({ min: 1, max: 255 })).map(([i, x]) => (der: Uint8Array) => {
      const out = der.slice();
      out[i] = (out[i] ?? 0) ^ x;
      return out;
    }) },
    // Length and tag bytes sit near the start of every TLV: favour small values there.
    { weight: 2, arbitrary: fc.tuple(at, fc.constantFrom(0x00, 0x01, 0x02, 0x30, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff)).map(([i, x]) => (der: Uint8Array) => {
      const out = der.slice();
      out[i] = x;
      return out;
    }) },
    { weight: 1, arbitrary: fc.tuple(at, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => (der: Uint8Array) => {
      const i = Math.min(at, der.length); // an earlier edit may have shortened it
      const out = new Uint8Array(der.length + bytes.length);
      out.set(der.subarray(0, i));
      out.set(bytes, i);
      out.set(der.subarray(i), i + bytes.length);
      return out;
    }) },
    { weight: 1, arbitrary: fc.tuple(at, fc.integer({ min: 1, max: 16 })).map(([i, n]) => (der: Uint8Array) => {
      const head = der.subarray(0, i);
      const tail = der.subarray(Math.min(der.length, i + n));
      const out = new Uint8Array(head.length + tail.length);
      out.set(head);
      out.set(tail, head.length);
      return out;
    }) },
    { weight: 1, arbitrary: at.map((i) => (der: Uint8Array) => der.slice(0, i)) },
  );
};

/** `certificate` with one or two edits, as a fresh (unparsed) Certificate. */
export function mutatedArb(certificate: Certificate): fc.Arbitrary<Certificate> {
  return fc.array(editArb(certificate.der.length), { minLength: 1, maxLength: 2 }).map((edits) => {
    let der = certificate.der;
    for (const edit of edits) der = edit(der);
    return new Certificate(der);
  });
}

/** A certificate kept as it is (a fresh object, so no parse is shared) or damaged. */
export function maybeMutatedArb(certificate: Certificate): fc.Arbitrary<Certificate> {
  return fc.oneof({ arbitrary: mutatedArb(certificate), weight: 3 }, { arbitrary: fc.constant(certificate).map((c) => new Certificate(c.der)), weight: 1 });
}

/**
 * A fixture chain with one certificate damaged (or none), sometimes reordered or with random bytes
 * sent along: one damaged certificate among good ones is what gets furthest into validation.
 */
export const damagedChainArb: fc.Arbitrary<Certificate[]> = fc
  .constantFrom(...fixtureChains)
  .chain((chain) =>
    fc.tuple(fc.nat({ max: chain.length }), fc.constant(chain)).chain(([victim, chain]) =>
      fc.tuple(...chain.map((c, i) => (i === victim ? mutatedArb(c) : fc.constant(new Certificate(c.der))))),
    ),
  )
  .chain((chain) =>
    fc.oneof(
      { arbitrary: fc.constant(chain), weight: 4 },
      { arbitrary: fc.shuffledSubarray(chain, { minLength: 1 }), weight: 1 },
      { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => [...chain, new Certificate(bytes)]), weight: 1 },
    ),
  );

/** Trust anchors from the fixture stores and certificates, each perhaps damaged. */
export const damagedAnchorsArb: fc.Arbitrary<Certificate[]> = fc
  .subarray(fixtureCertificates, { minLength: 1, maxLength: 6 })
  .chain((anchors) => fc.tuple(...anchors.map((c) => fc.oneof(fc.constant(new Certificate(c.der)), mutatedArb(c)))));

/** A validation date between 1990 and 2150 (the fixtures live from 2020 to 2120). */
export const dateArb = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2150-01-01T00:00:00Z"), noInvalidDate: true });
