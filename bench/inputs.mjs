// Makes the benchmark inputs into bench/.inputs/ (gitignored), once: a file is regenerated only
// when it is missing. Run directly (`node bench/inputs.mjs [--large]`) or through bench/run.mjs.
//
// Inputs (issue 2, extended by issue 7):
//   cacerts.jks        the Debian/JDK cacerts (password changeit)
//   synthetic-<n>.jks  n DISTINCT trusted certificates, derived from the cacerts certificates by
//                      rewriting serial-number bytes in place (same length: the DER stays well
//                      formed; signatures no longer verify, which load/save never checks)
//   keys-100.jks       100 RSA-2048 private keys, each with a 2-certificate chain (leaf, CA),
//                      key password = store password = changeit
// PKCS#12 (issue 3), every one written by keystorekit's encodeKeystore from the JKS above:
//   cacerts.p12               the same 144 certificates, "java" profile (PBES2 AES-256 + HMAC-SHA256
//                             MAC, 10,000 iterations), password changeit
//   cacerts-passwordless.p12  the same, "passwordless" profile (certificates in the clear, no MAC,
//                             as JDK 18+ cacerts)
//   synthetic-10000.p12       the 10,000 synthetic certificates, "java" profile
//   keys-100.p12              the 100 keys (decrypted with changeit, re-encrypted), "java" profile
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
export const PASSWORD = "changeit";
const CACERTS_SOURCES = ["/work/shared/peer-corpus/stores/debian/cacerts-debian.jks", "/etc/ssl/certs/java/cacerts"];
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));
export const SYNTHETIC_SIZES = [1_000, 10_000];
export const LARGE_SIZES = [50_000];
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

function pemToDer(pem) {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return fromBase64(body);
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
 * Makes (or finds) every input and returns them as { name, path, password, kind, format }, where kind
 * is "trusted" or "keys" and format "JKS" or "PKCS12" (with `profile`, the profile it was written
 * with). `large` adds the 50,000-entry store (~58 MB).
 */
export async function prepareInputs({ large = false } = {}) {
  mkdirSync(INPUT_DIR, { recursive: true });
  const cacerts = ensureCacerts();
  const jks = { password: PASSWORD, format: "JKS" };
  const inputs = [{ name: "cacerts", path: cacerts, kind: "trusted", ...jks }];
  const synthetic = new Map();
  for (const size of large ? [...SYNTHETIC_SIZES, ...LARGE_SIZES] : SYNTHETIC_SIZES) {
    synthetic.set(size, ensureSynthetic(size, cacerts));
    inputs.push({ name: `synthetic-${size / 1000}k`, entries: size, path: synthetic.get(size), kind: "trusted", ...jks });
  }
  const keys = await ensureKeyStore();
  inputs.push({ name: `keys-${KEY_COUNT}`, path: keys, kind: "keys", ...jks });
  const p12 = (profile) => ({ password: PASSWORD, format: "PKCS12", profile });
  inputs.push({ name: "cacerts-p12", path: ensurePkcs12(cacerts, "cacerts", "java"), kind: "trusted", ...p12("java") });
  inputs.push({ name: "cacerts-p12-nopass", path: ensurePkcs12(cacerts, "cacerts-passwordless", "passwordless"), kind: "trusted", ...p12("passwordless") });
  inputs.push({ name: "synthetic-10k-p12", entries: 10_000, path: ensurePkcs12(synthetic.get(10_000) ?? ensureSynthetic(10_000, cacerts), "synthetic-10000", "java"), kind: "trusted", ...p12("java") });
  inputs.push({ name: `keys-${KEY_COUNT}-p12`, path: ensurePkcs12(keys, `keys-${KEY_COUNT}`, "java"), kind: "keys", ...p12("java") });
  return inputs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const inputs = await prepareInputs({ large: process.argv.includes("--large") });
  for (const input of inputs) console.log(`${input.name.padEnd(20)} ${readFileSync(input.path).length.toString().padStart(10)} bytes  ${input.path}`);
  console.log(`inputs ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
