// node-forge (pure JS). It has no JKS reader, so its keystore ops run on PKCS#12 only. Load = bytes →
// binary string (forge's input type; counted) → asn1.fromDer → pkcs12.pkcs12FromAsn1(asn1,
// password): verifies the MAC, decrypts the encrypted safes, parses every certificate forge can (RSA
// ones: it keeps the ASN.1 of the others) and DECRYPTS EVERY KEY (so its `load` also does
// keystorekit's `decrypt-keys`). On the JKS inputs it times its certificate parser (`parse-der`)
// and pki.verifyCertificateChain (`verify-chain*`, cacerts).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { certificateDers, pemCertificates } from "../inputs.mjs";

const require = createRequire(import.meta.url);
export const name = "node-forge";
let forge;

export function available() {
  try {
    forge = require("node-forge");
    return true;
  } catch {
    return "node-forge is not installed (npm install)";
  }
}

/** Above this many entries, or with 100 keys, one forge load takes seconds: time one run, skip list. */
const FULL_MAX_ENTRIES = 1_000;

function load(data, password) {
  const binary = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("binary");
  return forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(binary), password);
}

/** Aliases (friendlyName) and SHA-256 of every certificate's DER (re-encoded from forge's objects). */
function listing(p12) {
  const out = [];
  const certBag = forge.pki.oids.certBag;
  for (const bag of p12.getBags({ bagType: certBag })[certBag] ?? []) {
    const der = forge.asn1.toDer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1).getBytes();
    out.push(bag.attributes.friendlyName?.[0], forge.md.sha256.create().update(der).digest().toHex());
  }
  return out;
}

const binary = (der) => Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("binary");

/** One certificate from DER, as forge reads it; throws on a non-RSA key ("OID is not RSA"). */
const parseDer = (der) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(binary(der)));

/** The six fields the other suites read. Forge has no DN string form: "shortName=value" joined. */
function fields(cert) {
  const dn = (name) => name.attributes.map((attribute) => `${attribute.shortName ?? attribute.type}=${attribute.value}`).join(",");
  // forge only builds RSA keys (anything else throws in certificateFromAsn1), hence the constant.
  return [dn(cert.subject), dn(cert.issuer), cert.serialNumber, cert.validity.notBefore, cert.validity.notAfter, cert.publicKey.n ? "RSA" : "?"];
}

/** Fields of every certificate of a loaded PKCS#12; a certificate forge kept as ASN.1 is a failure. */
function parseAll(p12) {
  const certBag = forge.pki.oids.certBag;
  const bags = p12.getBags({ bagType: certBag })[certBag] ?? [];
  const unparsed = bags.filter((bag) => !bag.cert).length;
  if (unparsed) throw new Error(`pkcs12FromAsn1 left ${unparsed} of ${bags.length} certificates unparsed (not RSA: forge reads RSA keys only)`);
  return bags.map((bag) => fields(bag.cert));
}

/**
 * verify-chain on the JKS inputs that carry chains (cacerts): a CA store of every store certificate
 * forge can parse (the RSA ones; the EC anchors cannot be added) plus the chain's anchor, built
 * once; each run parses the chain and calls pki.verifyCertificateChain at `at`.
 */
function verifyCases(input, bytes, at) {
  return (input.verify ?? []).map(({ op, chain, anchor }) => {
    const caStore = forge.pki.createCaStore();
    for (const der of [...certificateDers(bytes, input.password), pemCertificates(readFileSync(anchor, "utf8"))[0]]) {
      try {
        caStore.addCertificate(parseDer(der));
      } catch {
        // an EC anchor: forge cannot hold it (noted in the report)
      }
    }
    const chainDers = pemCertificates(readFileSync(chain, "utf8"));
    return { op, fn: () => forge.pki.verifyCertificateChain(caStore, chainDers.map(parseDer), { validityCheckDate: at }) };
  });
}

export function cases(input, { bytes, slow, at }) {
  if (input.format !== "PKCS12") {
    const list = [];
    if (input.parseDer) {
      const ders = certificateDers(bytes, input.password);
      list.push({ op: "parse-der", fn: () => ders.map((der) => fields(parseDer(der))) });
    }
    return [...list, ...verifyCases(input, bytes, at)];
  }
  if (input.large && !slow) {
    const skip = "one forge load of this file takes tens of seconds (~0.4 ms per certificate bag); run with --slow";
    return ["load", "list", "parse-certs"].map((op) => ({ op, skip }));
  }
  const data = new Uint8Array(bytes);
  const { password } = input;
  const heavy = (input.entries ?? 0) > FULL_MAX_ENTRIES || input.kind === "keys";
  const list = [];
  // One forge load of the 10,000-entry file takes ~5 s, of the 100-key file ~9 s (100 × PBKDF2 with
  // 10,000 iterations in pure JS): one timed run, no warmup (the JIT is warm from the smaller files).
  list.push({ op: "load", fn: () => load(data, password), timing: heavy && !slow ? { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 } : undefined });
  if (heavy && !slow) list.push({ op: "list", skip: "one forge load takes seconds here; run with --slow" });
  else list.push({ op: "list", fn: () => listing(load(data, password)), timing: heavy ? { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 } : undefined });
  // parse-certs = load + field reads of the certificates forge parsed: on the cacerts-sized file
  // (where it fails: forge leaves the EC certificates unparsed), elsewhere with --slow.
  if (input.name === "cacerts-p12" || slow) {
    list.push({ op: "parse-certs", fn: () => parseAll(load(data, password)), timing: heavy ? { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 } : undefined });
  }
  if (input.kind === "keys") list.push({ op: "decrypt-keys", skip: "included in forge's load (pkcs12FromAsn1 decrypts every key)" });
  if (input.name === "cacerts-p12") {
    list.push({
      op: "save-java",
      skip: "not comparable: forge's toPkcs12Asn1 writes one key and a certificate list (no per-certificate friendlyName, no Java trusted attribute), certificates in the clear, SHA-1 MAC, and needs forge certificate objects, which forge cannot build from the 35 EC certificates of cacerts",
    });
  }
  return list;
}
