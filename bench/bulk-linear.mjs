// Times the bulk operations of issue #11 item 14 and the PEM scan of issue #12 item 9, once each
// (these are measurements, not tests): a PEM bundle of N certificates sharing one CN, decoded as a
// keystore; TrustStore.merge of an N-entry store into another N-entry store; parsePem on
// adversarial text. Usage: node bench/bulk-linear.mjs [built dist dir] [N]   (default: dist, 20000)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = resolve(process.argv[2] ?? "dist");
const n = Number(process.argv[3] ?? 20000);
const kk = await import(pathToFileURL(resolve(dist, "index.js")).href);
const { TrustStore } = await import(pathToFileURL(resolve(dist, "truststore/truststore.js")).href);
const { decodePem } = await import(pathToFileURL(resolve(dist, "formats/pem/decode.js")).href);

const template = kk.parsePem(readFileSync(new URL("../test/fixtures/pkcs12/src/ca.pem", import.meta.url), "utf8"))[0].der;
/** Distinct certificates with the template's subject: the last two signature bytes carry `i`. */
const variant = (i) => {
  const der = template.slice();
  der[der.length - 1] = i & 0xff;
  der[der.length - 2] = (i >> 8) & 0xff;
  der[der.length - 3] ^= (i >> 16) & 0xff;
  return new kk.Certificate(der);
};
/** Wall time and this process's CPU time (the machine may be shared: CPU time is the steadier figure). */
const time = (label, run) => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  const seconds = (ms) => (ms / 1000).toFixed(2);
  console.log(`${label}: ${seconds(performance.now() - start)} s wall, ${seconds((used.user + used.system) / 1000)} s CPU`);
  return result;
};

const bundle = Array.from({ length: n }, (_, i) => variant(i).toPem()).join("");
const store = time(`decodePem of ${n} certificates sharing a CN (${(bundle.length / 1e6).toFixed(1)} MB)`, () => decodePem(bundle));
const other = decodePem(Array.from({ length: n }, (_, i) => variant(n + i).toPem()).join(""));
const merged = time(`TrustStore.merge of ${n} entries into ${n} entries`, () => new TrustStore(store).merge(other));
console.log(`  (${merged.length} added, ${store.size} entries, last alias ${store.aliases().at(-1)})`);
for (const [label, text] of [
  ["11 KB of '-----BEGIN ' repeats", "-----BEGIN ".repeat(1000)],
  ["11 KB of dashes after a BEGIN", "-----BEGIN " + "-".repeat(11000)],
]) {
  time(`parsePem of ${label}`, () => kk.parsePem(text));
}
