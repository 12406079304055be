// The PKCS#12 KDF's inner loop, SHA-256 applied 10,000 times to a 32-byte digest, three ways, by
// CPU time, interleaved: WebAssembly (dist/crypto/sha256-wasm.js), JavaScript (sha-compress.js)
// and, as the floor, node:crypto's PBKDF2 with 5,000 iterations (the same 10,000 compressions).
//   node bench/profile/sha256-iterate.mjs [rounds=7]   (after npm run build)
import { pbkdf2Sync } from "node:crypto";
import { iterateSha256 } from "../../dist/crypto/sha-blocks.js";
import { useSha256Wasm } from "../../dist/crypto/sha256-wasm.js";

const rounds = Number(process.argv[2] ?? 7);
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const perCall = (fn, calls = 40) => {
  const start = cpu();
  for (let i = 0; i < calls; i++) fn();
  return (cpu() - start) / calls;
};
const digest = new Uint8Array(32).fill(3);
const salt = new Uint8Array(20);
const ways = {
  wasm: () => iterateSha256(digest, 10_000),
  js: () => iterateSha256(digest, 10_000),
  "native pbkdf2 5000": () => pbkdf2Sync("changeit", salt, 5_000, 32, "sha256"),
};
const samples = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, fn] of Object.entries(ways)) {
    useSha256Wasm(name !== "js");
    samples[name].push(perCall(fn));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const floor = median(samples["native pbkdf2 5000"]);
for (const [name, xs] of Object.entries(samples)) console.log(`${name.padEnd(20)} ${median(xs).toFixed(2)} ms CPU  (${(median(xs) / floor).toFixed(2)}× native)`);
