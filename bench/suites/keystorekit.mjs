// keystorekit through its public API, as a Node user gets it: importing "keystorekit/node"
// (dist/node/index.js) switches the sync hot paths (JKS store digest, certificate fingerprints) to
// node:crypto's native SHA. The companion suite keystorekit-pure.mjs times the same calls with that
// switch off (pure @noble/hashes), as in a runtime without node:crypto.
import { useNodeCrypto } from "../../dist/node/index.js";
import { readFileSync } from "node:fs";
import { Certificate, decodeKeystore, decodeKeystoreAsync, encodeKeystore, encodeKeystoreAsync, toPem, trustAnchorsOf, verifyChain } from "../../dist/index.js";
import { certificateDers, pemCertificates } from "../inputs.mjs";
import { nodeMemory } from "../lib/memory.mjs";

export const name = "keystorekit";

useNodeCrypto(); // already done by the import; explicit, since keystorekit-pure switches it off around its own runs

export function available() {
  return true;
}

/** Memory of one load of each input, in a fresh process (JKS and PKCS#12). */
export function memory(inputs) {
  return inputs.map((input) => nodeMemory(name, input));
}

/** PKCS#12 write profiles timed on the cacerts-sized store (`save-<profile>`). */
export const PKCS12_SAVE_PROFILES = ["java", "openssl", "java-legacy", "passwordless"];

/** Every private key of a decoded store, decrypted with the store password. */
function decryptAll(store, password) {
  const keys = [];
  for (const entry of store) if (entry.type === "privateKey") keys.push(store.privateKeyPkcs8(entry.alias, password));
  return keys;
}

/** {@link decryptAll} with privateKeyPkcs8Async, all keys at once. */
function decryptAllAsync(store, password) {
  const aliases = [...store].filter((entry) => entry.type === "privateKey").map((entry) => entry.alias);
  return Promise.all(aliases.map((alias) => store.privateKeyPkcs8Async(alias, password)));
}

/** Aliases and every certificate's SHA-256 (fingerprints are cached on a Certificate: use a fresh store). */
function listing(store) {
  const out = [];
  for (const entry of store) {
    const certificates = entry.type === "trustedCert" ? [entry.certificate] : entry.type === "privateKey" ? entry.chain : [];
    out.push(entry.alias, ...certificates.map((certificate) => certificate.sha256));
  }
  return out;
}

/** The fields `parse-certs` and `parse-der` read from a certificate (the same six in every suite). */
function fields(certificate) {
  return [certificate.subject, certificate.issuer, certificate.serialNumber, certificate.notBefore, certificate.notAfter, certificate.publicKeyAlgorithm];
}

/** Every certificate's fields: trusted certificates and key chains (fields are cached: use a fresh store). */
function parseAll(store) {
  const out = [];
  for (const entry of store) {
    const certificates = entry.type === "trustedCert" ? [entry.certificate] : entry.type === "privateKey" ? entry.chain : [];
    for (const certificate of certificates) out.push(fields(certificate));
  }
  return out;
}

/** Ops left out on the 50,000-entry stores unless --slow (they add ~40 s and no new information). */
const LARGE_SKIP = "left out on the 50k stores to keep the default run short; run with --slow";

/**
 * The `verify-chain*` cases of an input (cacerts): the store is loaded and the chain's anchor added
 * once, untimed, as a TLS client holds its trust store; each run parses the chain from DER and
 * validates it at `at` with purpose "any" (no TLS end-entity checks: Java's CertPathValidator,
 * pkijs and node-forge make none).
 */
function verifyCases(input, data, at) {
  return (input.verify ?? []).map(({ op, chain, anchor }) => {
    const chainDers = pemCertificates(readFileSync(chain, "utf8"));
    const store = decodeKeystore(data, { password: input.password });
    store.set({ type: "trustedCert", alias: "bench-anchor", certificate: new Certificate(pemCertificates(readFileSync(anchor, "utf8"))[0]) });
    const anchors = trustAnchorsOf(store);
    return {
      op,
      async: true,
      fn: async () => {
        const result = await verifyChain(chainDers.map((der) => new Certificate(der)), anchors, { at, purpose: "any" });
        if (!result.trusted) throw new Error(`not trusted: ${result.reason}`);
        return result;
      },
    };
  });
}

/**
 * The cases for one input. `variant: "pure"` (keystorekit-pure) keeps the ops whose cost depends on
 * the native-digest switch: JKS load and save, list.
 */
export function cases(input, { bytes, slow, at }, { variant } = {}) {
  const data = new Uint8Array(bytes); // a plain Uint8Array, as a browser or Deno caller would pass
  const { password } = input;
  const load = () => decodeKeystore(data, { password });
  const all = allCases(input, data, load, variant, at);
  if (!input.large || slow) return all;
  const kept = variant === "pure" ? ["load", "save"] : ["load", "list", "save", `save-${input.profile}`, "parse-certs"];
  return all.map((testCase) => (kept.includes(testCase.op) ? testCase : { op: testCase.op, skip: LARGE_SKIP }));
}

function allCases(input, data, load, variant, at) {
  const { password } = input;
  const list = [];
  // Load with the integrity check (the password is given): JKS digest / PKCS#12 MAC. (A PKCS#12
  // load does not touch the native-digest switch, so the pure variant skips it.)
  if (variant !== "pure" || input.format === "JKS") list.push({ op: "load", fn: load });
  list.push(
    // What `keystorekit list` needs: aliases and every certificate's SHA-256 (fresh load each run).
    { op: "list", fn: () => listing(load()) },
  );
  if (variant !== "pure") {
    // Load, then six fields of every certificate (keystorekit's load leaves certificates unparsed).
    list.push({ op: "parse-certs", fn: () => parseAll(load()) });
    if (input.parseDer) {
      // Certificates alone, from a list of DER made once (untimed): the parser compared with the peers'.
      const ders = certificateDers(data, password);
      list.push({ op: "parse-der", fn: () => ders.map((der) => fields(new Certificate(der))) });
    }
  }
  // decodeKeystoreAsync: WebCrypto for the JKS digest and for PKCS#12's PBKDF2 (where the build has
  // an async codec for the format; otherwise it runs the sync one).
  if (variant !== "pure") list.push({ op: "load-async", async: true, fn: () => decodeKeystoreAsync(data, { password }) });
  if (input.format === "JKS") {
    if (variant !== "pure") {
      // Same work as jks-js toPem: load, every certificate to PEM, every key decrypted to PEM.
      list.push({
        op: "to-pem",
        fn: () => {
          const store = load();
          const out = {};
          for (const entry of store) {
            if (entry.type === "trustedCert") out[entry.alias] = { ca: entry.certificate.toPem() };
            else if (entry.type === "privateKey") {
              out[entry.alias] = {
                cert: entry.chain.map((certificate) => certificate.toPem()).join("\n"),
                key: toPem("PRIVATE KEY", store.privateKeyPkcs8(entry.alias, password)),
              };
            }
          }
          return out;
        },
      });
    }
    // Save a loaded store (keys keep their stored protection: no key password work).
    list.push({ op: "save", setup: load, fn: (store) => encodeKeystore(store, { format: "JKS", password }) });
    if (variant !== "pure") {
      list.push({ op: "save-async", async: true, setup: load, fn: (store) => encodeKeystoreAsync(store, { format: "JKS", password }) });
    }
  } else if (variant !== "pure") {
    // PKCS#12 save. The cacerts-sized store in every profile; the others in the profile they were
    // written with (keys read from PKCS#12 keep their stored encryption, as Java does).
    const profiles = input.name === "cacerts-p12" ? PKCS12_SAVE_PROFILES : [input.profile];
    for (const profile of profiles) {
      list.push({ op: `save-${profile}`, setup: load, fn: (store) => encodeKeystore(store, { format: "PKCS12", password, profile }) });
    }
    list.push({ op: `save-${input.profile}-async`, async: true, setup: load, fn: (store) => encodeKeystoreAsync(store, { format: "PKCS12", password, profile: input.profile }) });
  }
  if (input.kind === "keys" && variant !== "pure") {
    // Decrypt every key of an already loaded store (Java: the getKey loop).
    list.push({ op: "decrypt-keys", setup: load, fn: (store) => decryptAll(store, password) });
    // privateKeyPkcs8Async under Promise.all: PKCS#12's PBKDF2 through WebCrypto, keys in parallel.
    list.push({ op: "decrypt-keys-async", async: true, setup: load, fn: (store) => decryptAllAsync(store, password) });
  }
  if (variant !== "pure") list.push(...verifyCases(input, data, at));
  return list;
}
