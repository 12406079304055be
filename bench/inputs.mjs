// Makes the benchmark inputs into bench/.inputs/ (gitignored), once: a file is regenerated only
// when it is missing. Run directly (`node bench/inputs.mjs`) or through bench/run.mjs.
//
// Inputs (issue 2, extended by issue 7):
//   cacerts.jks        the Debian/JDK cacerts (password changeit)
//   synthetic-<n>.jks  n DISTINCT trusted certificates (n = 1,000, 10,000, 50,000), derived from the
//                      cacerts certificates by rewriting serial-number bytes in place (same length:
//                      the DER stays well formed; signatures no longer verify, which load/save
//                      never checks)
//   keys-100.jks       100 RSA-2048 private keys, each with a 2-certificate chain (leaf, CA),
//                      key password = store password = changeit
// PKCS#12 (issue 3), every one written by keystorekit's encodeKeystore from the JKS above:
//   cacerts.p12               the same 144 certificates, "java" profile (PBES2 AES-256 + HMAC-SHA256
//                             MAC, 10,000 iterations), password changeit
//   cacerts-passwordless.p12  the same, "passwordless" profile (certificates in the clear, no MAC,
//                             as JDK 18+ cacerts)
//   synthetic-<n>.p12         the n synthetic certificates, "java" profile (n as above)
//   keys-100.p12              the 100 keys (decrypted with changeit, re-encrypted), "java" profile
// Chains for verify-chain (attached to the cacerts input as `verify`):
//   verify-chain      test/fixtures/chains: EC leaf + EC intermediate (committed, made by
//                     test/fixtures/generate-chains.sh), anchored at its RSA root added to cacerts
//   verify-chain-rsa  keys-100-chain-leaf.pem / keys-100-chain-ca.pem, taken from keys-100.jks
//                     (RSA leaf, anchored at the openssl-made CA added to cacerts)
// Every synthetic store is written by keystorekit's own encodeJks with fixed creation dates.
import { execFile } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Certificate, Keystore, decodeJks, decodeKeystore, encodeJks, encodeKeystore, fromBase64 } from "../dist/index.js";

const run = promisify(execFile);
export const INPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), ".inputs");
const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PASSWORD = "changeit";
const CACERTS_SOURCES = ["/work/shared/peer-corpus/stores/debian/cacerts-debian.jks", "/etc/ssl/certs/java/cacerts"];
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));
export const SYNTHETIC_SIZES = [1_000, 10_000, 50_000];
/** Inputs with at least this many entries run a reduced set of ops unless --slow (see run.mjs). */
export const LARGE_ENTRIES = 50_000;
export const KEY_COUNT = 100;

/** Writes atomically so an interrupted run never leaves a half-written input behind. */
function writeAtomic(path, bytes) {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

function ensureCacerts() {
  const path = join(INPUT_DIR, "cacerts.jks");
  if (existsSync(path)) return path;
  const source = CACERTS_SOURCES.find((candidate) => existsSync(candidate));
  if (!source) throw new Error(`no cacerts found (looked at ${CACERTS_SOURCES.join(", ")})`);
  copyFileSync(source, path);
  return path;
}

/** Offsets [start, end) of the serial number's content bytes in a certificate's DER. */
function serialRange(der) {
  let offset = 0;
  const header = (at) => {
    let length = der[at + 1];
    let start = at + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
      start += count;
    }
    return { tag: der[at], start, end: start + length };
  };
  const certificate = header(offset);
  const tbs = header(certificate.start);
  let element = header(tbs.start);
  if (element.tag === 0xa0) element = header(element.end); // [0] version
  if (element.tag !== 0x02) throw new Error("no serial INTEGER where expected");
  offset = element.start;
  return [offset, element.end];
}

/**
 * Variant `k` of a certificate: the last three serial bytes XORed with k (k < 2^24), so variant 0 is
 * the original and distinct k give distinct DER. The first serial byte is untouched, so the
 * INTEGER keeps its sign and minimal encoding.
 */
function variant(der, k) {
  const copy = der.slice();
  const [start, end] = serialRange(copy);
  copy[end - 1] ^= k & 0xff;
  copy[end - 2] ^= (k >>> 8) & 0xff;
  copy[end - 3] ^= (k >>> 16) & 0xff;
  return copy;
}

function ensureSynthetic(count, cacertsPath) {
  const path = join(INPUT_DIR, `synthetic-${count}.jks`);
  if (existsSync(path)) return path;
  const base = decodeJks(readFileSync(cacertsPath), { password: PASSWORD })
    .entries()
    .filter((entry) => entry.type === "trustedCert")
    .map((entry) => entry.certificate.der)
    .filter((der) => serialRange(der)[1] - serialRange(der)[0] >= 4);
  const store = new Keystore({ format: "JKS" });
  const seen = new Set();
  for (let i = 0, k = 0; store.size < count; k++) {
    for (const der of base) {
      if (store.size >= count) break;
      const bytes = variant(der, k);
      const key = Buffer.from(bytes).toString("base64");
      if (seen.has(key)) continue;
      seen.add(key);
      const alias = `cert-${String(i++).padStart(6, "0")}`;
      store.set({ type: "trustedCert", alias, created: FIXED_DATE, certificate: new Certificate(bytes) });
    }
  }
  writeAtomic(path, encodeJks(store, { password: PASSWORD }));
  return path;
}

/** Every certificate of a PEM text, as DER, in file order. */
export function pemCertificates(pem) {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((match) => fromBase64(match[1].replace(/\s+/g, "")));
}

function pemToDer(pem) {
  return pemCertificates(pem)[0];
}

const toPemText = (der) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n?$/, "\n")}-----END CERTIFICATE-----\n`;

/**
 * The DER of every certificate in a store (trusted certificates, then each key's chain), in entry
 * order, each in its own buffer: the input of the `parse-der` op, the same list for every parser.
 */
export function certificateDers(bytes, password) {
  const ders = [];
  for (const entry of decodeKeystore(new Uint8Array(bytes), { password })) {
    const certificates = entry.type === "trustedCert" ? [entry.certificate] : entry.type === "privateKey" ? entry.chain : [];
    for (const certificate of certificates) ders.push(certificate.der.slice());
  }
  return ders;
}

/** One CA, then KEY_COUNT RSA-2048 leaf keys signed by it (openssl, in parallel per core). */
async function ensureKeyStore() {
  const path = join(INPUT_DIR, `keys-${KEY_COUNT}.jks`);
  if (existsSync(path)) return path;
  const work = mkdtempSync(join(tmpdir(), "keystorekit-bench-"));
  try {
    const ca = join(work, "ca");
    await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${ca}.key`, "-out", `${ca}.pem`,
      "-subj", "/CN=keystorekit bench CA", "-days", "3650", "-sha256"]);
    const makeLeaf = async (i) => {
      const leaf = join(work, `leaf-${i}`);
      await run("openssl", ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${leaf}.key`, "-out", `${leaf}.csr`,
        "-subj", `/CN=bench key ${i}`]);
      await run("openssl", ["x509", "-req", "-in", `${leaf}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}.key`,
        "-set_serial", String(1000 + i), "-days", "3650", "-sha256", "-out", `${leaf}.pem`]);
    };
    const parallel = Math.max(1, cpus().length);
    for (let i = 0; i < KEY_COUNT; i += parallel) {
      await Promise.all(Array.from({ length: Math.min(parallel, KEY_COUNT - i) }, (_, j) => makeLeaf(i + j)));
    }
    const caCertificate = new Certificate(pemToDer(readFileSync(`${ca}.pem`, "utf8")));
    const store = new Keystore({ format: "JKS" });
    for (let i = 0; i < KEY_COUNT; i++) {
      const leaf = join(work, `leaf-${i}`);
      const pkcs8 = new Uint8Array(createPrivateKey(readFileSync(`${leaf}.key`)).export({ type: "pkcs8", format: "der" }));
      const chain = [new Certificate(pemToDer(readFileSync(`${leaf}.pem`, "utf8"))), caCertificate];
      store.set({ type: "privateKey", alias: `key-${String(i).padStart(3, "0")}`, created: FIXED_DATE, chain, key: { plain: pkcs8 } });
    }
    writeAtomic(path, encodeJks(store, { password: PASSWORD }));
    return path;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `<stem>.p12` from a JKS input, written by keystorekit with `profile` (keys re-encrypted under PASSWORD). */
function ensurePkcs12(jksPath, stem, profile) {
  const path = join(INPUT_DIR, `${stem}.p12`);
  if (existsSync(path)) return path;
  const store = decodeKeystore(readFileSync(jksPath), { password: PASSWORD });
  writeAtomic(path, encodeKeystore(store, { format: "PKCS12", password: PASSWORD, profile }));
  return path;
}

/**
 * The two chains timed by `verify-chain*` on the cacerts store, as { op, chain, anchor } file
 * paths (PEM; the chain leaf first, without the anchor). The RSA one is written from keys-100.jks on
 * every call (cheap), so it always matches the key store in .inputs/.
 */
function verifyCases(keysPath) {
  const chains = join(REPO, "test/fixtures/chains");
  const entry = decodeJks(readFileSync(keysPath), { password: PASSWORD }).entries().find((candidate) => candidate.type === "privateKey");
  const leaf = join(INPUT_DIR, "keys-100-chain-leaf.pem");
  const ca = join(INPUT_DIR, "keys-100-chain-ca.pem");
  writeAtomic(leaf, toPemText(entry.chain[0].der));
  writeAtomic(ca, toPemText(entry.chain[1].der));
  return [
    // EC P-256 leaf ← EC intermediate (RSA-signed) ← RSA-2048 root: 2 certificates sent, 3 signatures
    // checked in Java's and keystorekit's order (the last one by the anchor's RSA key).
    { op: "verify-chain", chain: join(chains, "cases/leaf-intermediate.pem"), anchor: join(chains, "certs/root.pem") },
    // RSA-2048 leaf (v1, no extensions) ← RSA-2048 CA: the chain node-forge can read.
    { op: "verify-chain-rsa", chain: leaf, anchor: ca },
  ];
}

/**
 * Makes (or finds) every input and returns them as { name, path, password, kind, format, entries?,
 * large?, parseDer?, verify? }, where kind is "trusted" or "keys", format "JKS" or "PKCS12" (with
 * `profile`, the profile it was written with), `large` marks the 50,000-entry stores (~56-60 MB),
 * `parseDer` the inputs whose certificates are also parsed from a list of DER (`parse-der`), and
 * `verify` the chains verified against the store (cacerts only). `names`: only these inputs (and
 * only the files they need are made), in the same order.
 */
export async function prepareInputs(names) {
  mkdirSync(INPUT_DIR, { recursive: true });
  const cacerts = ensureCacerts();
  const keys = () => ensureKeyStore();
  const jks = { password: PASSWORD, format: "JKS" };
  const p12 = (profile) => ({ password: PASSWORD, format: "PKCS12", profile });
  const sized = (size) => ({ entries: size, ...(size >= LARGE_ENTRIES ? { large: true } : {}) });
  const synthetic = (size) => ensureSynthetic(size, cacerts);
  const makers = [["cacerts", async () => ({ path: cacerts, kind: "trusted", parseDer: true, verify: verifyCases(await keys()), ...jks })]];
  for (const size of SYNTHETIC_SIZES) makers.push([`synthetic-${size / 1000}k`, () => ({ path: synthetic(size), kind: "trusted", ...sized(size), ...jks })]);
  makers.push([`keys-${KEY_COUNT}`, async () => ({ path: await keys(), kind: "keys", parseDer: true, ...jks })]);
  makers.push(["cacerts-p12", () => ({ path: ensurePkcs12(cacerts, "cacerts", "java"), kind: "trusted", ...p12("java") })]);
  makers.push(["cacerts-p12-nopass", () => ({ path: ensurePkcs12(cacerts, "cacerts-passwordless", "passwordless"), kind: "trusted", ...p12("passwordless") })]);
  for (const size of SYNTHETIC_SIZES) {
    makers.push([`synthetic-${size / 1000}k-p12`, () => ({ path: ensurePkcs12(synthetic(size), `synthetic-${size}`, "java"), kind: "trusted", ...sized(size), ...p12("java") })]);
  }
  makers.push([`keys-${KEY_COUNT}-p12`, async () => ({ path: ensurePkcs12(await keys(), `keys-${KEY_COUNT}`, "java"), kind: "keys", ...p12("java") })]);
  const inputs = [];
  for (const [name, make] of makers) if (!names || names.includes(name)) inputs.push({ name, ...(await make()) });
  return inputs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const inputs = await prepareInputs();
  for (const input of inputs) console.log(`${input.name.padEnd(20)} ${readFileSync(input.path).length.toString().padStart(10)} bytes  ${input.path}`);
  console.log(`inputs ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
