// node-forge (pure JS), PKCS#12 only (it has no JKS reader). Load = bytes → binary string (forge's
// input type; counted) → asn1.fromDer → pkcs12.pkcs12FromAsn1(asn1, password): verifies the MAC,
// decrypts the encrypted safes, parses every certificate forge can (RSA ones: it keeps the ASN.1 of
// the others) and DECRYPTS EVERY KEY (so its `load` also does keystorekit's `decrypt-keys`).
import { createRequire } from "node:module";

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

export function cases(input, { bytes, slow }) {
  if (input.format !== "PKCS12") return [];
  const data = new Uint8Array(bytes);
  const { password } = input;
  const heavy = (input.entries ?? 0) > FULL_MAX_ENTRIES || input.kind === "keys";
  const list = [];
  // One forge load of the 10,000-entry file takes ~5 s, of the 100-key file ~9 s (100 × PBKDF2 with
  // 10,000 iterations in pure JS): one timed run, no warmup (the JIT is warm from the smaller files).
  list.push({ op: "load", fn: () => load(data, password), timing: heavy && !slow ? { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 } : undefined });
  if (heavy && !slow) list.push({ op: "list", skip: "one forge load takes seconds here; run with --slow" });
  else list.push({ op: "list", fn: () => listing(load(data, password)), timing: heavy ? { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 } : undefined });
  if (input.kind === "keys") list.push({ op: "decrypt-keys", skip: "included in forge's load (pkcs12FromAsn1 decrypts every key)" });
  if (input.name === "cacerts-p12") {
    list.push({
      op: "save-java",
      skip: "not comparable: forge's toPkcs12Asn1 writes one key and a certificate list (no per-certificate friendlyName, no Java trusted attribute), certificates in the clear, SHA-1 MAC, and needs forge certificate objects, which forge cannot build from the 35 EC certificates of cacerts",
    });
  }
  return list;
}
