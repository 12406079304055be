// pkijs used directly (async: WebCrypto, so PBKDF2, AES and HMAC are native), PKCS#12 only.
// Load = PFX.fromBER → parseInternalValues({ password, checkIntegrity }) (MAC) → every SafeContents
// decrypted (EncryptedData.decrypt) and parsed into SafeBags (every certificate parsed into a
// pkijs Certificate). Keys stay encrypted until `decrypt-keys` (PKCS8ShroudedKeyBag.parseInternalValues).
// On the JKS inputs (which pkijs cannot read) it times its certificate parser (`parse-der`) and
// CertificateChainValidationEngine (`verify-chain*`, cacerts).
//
// pkijs 4 + asn1js 4: asn1js.fromBER caps a parse at 10,000 ASN.1 nodes by default and pkijs's
// SafeContents.fromBER passes no option, so AuthenticatedSafe.parseInternalValues fails on every
// store here with more than ~100 certificates ("Data is not correct for 'SafeContents'"). This
// suite does what that method does, but parses each SafeContents with asn1js.fromBER(bytes,
// { maxNodes }) and new pkijs.SafeContents({ schema }). A password-less file has no MAC, where
// checkIntegrity: true throws ("Absent macData"): it is loaded with checkIntegrity: false.
import { readFileSync } from "node:fs";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { certificateDers, pemCertificates } from "../inputs.mjs";

export const name = "pkijs";
const DATA = "1.2.840.113549.1.7.1";
const ENCRYPTED_DATA = "1.2.840.113549.1.7.6";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";
const SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const FRIENDLY_NAME = "1.2.840.113549.1.9.20";

export function available() {
  if (!globalThis.crypto?.subtle) return "no WebCrypto in this runtime";
  pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: globalThis.crypto }));
  return true;
}

async function load(data, password) {
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const pfx = pkijs.PFX.fromBER(buffer);
  await pfx.parseInternalValues({ password, checkIntegrity: pfx.macData !== undefined });
  const safeContents = [];
  for (const contentInfo of pfx.parsedValue.authenticatedSafe.safeContents) {
    let bytes;
    if (contentInfo.contentType === DATA) bytes = contentInfo.content.getValue();
    else if (contentInfo.contentType === ENCRYPTED_DATA) bytes = await new pkijs.EncryptedData({ schema: contentInfo.content }).decrypt({ password });
    else throw new Error(`content type ${contentInfo.contentType}`);
    const parsed = asn1js.fromBER(bytes, { maxNodes: 50_000_000 });
    if (parsed.offset === -1) throw new Error(`SafeContents: ${parsed.result.error}`);
    safeContents.push(new pkijs.SafeContents({ schema: parsed.result }));
  }
  return safeContents;
}

/** Aliases (friendlyName) and SHA-256 (WebCrypto) of every certificate's DER. */
async function listing(safeContents) {
  const out = [];
  for (const contents of safeContents) {
    for (const bag of contents.safeBags) {
      if (bag.bagId !== CERT_BAG) continue;
      const name = bag.bagAttributes?.find((attribute) => attribute.type === FRIENDLY_NAME)?.values[0]?.valueBlock.value;
      const der = bag.bagValue.certValue.valueBlock.valueHexView;
      out.push(name, new Uint8Array(await crypto.subtle.digest("SHA-256", der)));
    }
  }
  return out;
}

/** The six fields the other suites read. pkijs has no DN string form: "type OID=value" joined. */
function fields(certificate) {
  const dn = (name) => name.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value}`).join(",");
  return [
    dn(certificate.subject),
    dn(certificate.issuer),
    Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString("hex"),
    certificate.notBefore.value,
    certificate.notAfter.value,
    certificate.subjectPublicKeyInfo.algorithm.algorithmId,
  ];
}

/** Fields of every certificate of a loaded PKCS#12 (pkijs parsed them during the load). */
function parseAll(safeContents) {
  const out = [];
  for (const contents of safeContents) {
    for (const bag of contents.safeBags) if (bag.bagId === CERT_BAG) out.push(fields(bag.bagValue.parsedValue));
  }
  return out;
}

const toBuffer = (der) => der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength);

/**
 * verify-chain on cacerts: every store certificate and the chain's anchor parsed once into
 * pkijs Certificates (the trust store a client holds); each run parses the chain and runs a
 * CertificateChainValidationEngine at `at` (no CRLs or OCSP, as revocation is off in Java).
 */
function verifyCases(input, bytes, at) {
  return (input.verify ?? []).map(({ op, chain, anchor }) => {
    const trustedCerts = [...certificateDers(bytes, input.password), pemCertificates(readFileSync(anchor, "utf8"))[0]].map((der) => pkijs.Certificate.fromBER(toBuffer(der)));
    const chainDers = pemCertificates(readFileSync(chain, "utf8")).map(toBuffer);
    return {
      op,
      async: true,
      fn: async () => {
        const certs = chainDers.map((der) => pkijs.Certificate.fromBER(der));
        const result = await new pkijs.CertificateChainValidationEngine({ trustedCerts, certs, checkDate: at }).verify();
        if (!result.result) throw new Error(`not trusted: ${result.resultMessage}`);
        return result;
      },
    };
  });
}

async function decryptAll(safeContents, password) {
  const keys = [];
  for (const contents of safeContents) {
    for (const bag of contents.safeBags) {
      if (bag.bagId !== SHROUDED_KEY_BAG) continue;
      await bag.bagValue.parseInternalValues({ password });
      keys.push(bag.bagValue.parsedValue);
    }
  }
  return keys;
}

/**
 * pkijs's parse costs ~3-5 ms per certificate bag (schema verification): one load of the 1,000-entry
 * file takes ~5 s, of the 10,000-entry file ~50 s (51.2 s measured once on the 2-core machine).
 * Up to FULL_MAX_ENTRIES every op runs with the usual rules; above, only with --slow, one timed run
 * of each op.
 */
const FULL_MAX_ENTRIES = 500;
const ONE_RUN = { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 };

export function cases(input, { bytes, slow, at }) {
  if (input.format !== "PKCS12") {
    const list = [];
    if (input.parseDer) {
      const ders = certificateDers(bytes, input.password).map(toBuffer);
      list.push({ op: "parse-der", fn: () => ders.map((der) => fields(pkijs.Certificate.fromBER(der))) });
    }
    return [...list, ...verifyCases(input, bytes, at)];
  }
  const data = new Uint8Array(bytes);
  const password = new TextEncoder().encode(input.password).buffer;
  const entries = input.entries ?? 0;
  if (entries > FULL_MAX_ENTRIES && !slow) {
    const skip = `one pkijs load of this file takes ${entries > 10_000 ? "minutes" : entries > 1_000 ? "~50 s" : "~5 s"} (~3-5 ms per certificate bag, as on cacerts); run with --slow`;
    return [{ op: "load", skip }, { op: "list", skip }, { op: "parse-certs", skip }];
  }
  const timing = entries > FULL_MAX_ENTRIES ? ONE_RUN : undefined;
  const list = [{ op: "load", async: true, fn: () => load(data, password), timing }];
  // list and parse-certs = load + ~1% (SHA-256 or field reads of already parsed certificates): timed
  // on the cacerts-sized file only, to save ~10 s of a run.
  if (input.name === "cacerts-p12" || slow) {
    list.push({ op: "list", async: true, fn: async () => listing(await load(data, password)), timing });
    list.push({ op: "parse-certs", async: true, fn: async () => parseAll(await load(data, password)), timing });
  }
  if (input.kind === "keys") list.push({ op: "decrypt-keys", async: true, setup: () => load(data, password), fn: (safeContents) => decryptAll(safeContents, password) });
  return list;
}
