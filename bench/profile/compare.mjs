// Two builds of keystorekit in one process, interleaved, CPU time per op (process.cpuUsage):
//   node bench/profile/compare.mjs --a=/path/to/old/dist --b=dist [--inputs=cacerts-p12,keys-100-p12]
//          [--ops=load,save] [--rounds=7] [--ms=300]
// Each round runs every (input, op) for ~ms of CPU on A, then on B (order alternating between
// rounds); the table has the median over rounds of the CPU time per op and B/A. The machine is
// shared, so only the ratio within one run means anything. Also times the lower bounds of
// bench/suites/lower-bound.mjs (sha1-native, p12-native) in the same rounds.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { prepareInputs } from "../inputs.mjs";
import { cases as lowerBoundCases } from "../suites/lower-bound.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const dirs = { a: resolve(opt("a", "dist")), b: resolve(opt("b", "dist")) };
const inputNames = opt("inputs", "cacerts-p12,keys-100-p12").split(",");
const opNames = opt("ops", "load,save").split(",");
const rounds = Number(opt("rounds", "7"));
const budgetMs = Number(opt("ms", "300"));

async function loadBuild(dir) {
  const node = await import(pathToFileURL(`${dir}/node/index.js`).href);
  node.useNodeCrypto();
  return import(pathToFileURL(`${dir}/index.js`).href);
}
const builds = { a: await loadBuild(dirs.a), b: await loadBuild(dirs.b) };

const all = (await prepareInputs()).filter((input) => inputNames.includes(input.name));
let sink;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU ms per call of fn, over ~budgetMs (setup untimed but counted out). */
function perCall(fn, setup) {
  for (let i = 0; i < 3; i++) sink = fn(setup?.());
  let spent = 0;
  let calls = 0;
  while (spent < budgetMs || calls < 3) {
    const input = setup?.();
    const t0 = cpuMs();
    sink = fn(input);
    spent += cpuMs() - t0;
    calls++;
  }
  return spent / calls;
}

function opsFor(lib, input, data) {
  const { password } = input;
  const load = () => lib.decodeKeystore(data, { password });
  const ops = {
    load,
    save: [(store) => lib.encodeKeystore(store, { format: input.format, password, ...(input.format === "PKCS12" ? { profile: input.profile } : {}) }), load],
    list: () => {
      const out = [];
      for (const entry of load()) {
        const certificates = entry.type === "trustedCert" ? [entry.certificate] : entry.type === "privateKey" ? entry.chain : [];
        out.push(entry.alias, ...certificates.map((c) => c.sha256));
      }
      return out;
    },
  };
  return opNames.filter((op) => ops[op]).map((op) => [op, ops[op]]);
}

const results = new Map();
const record = (key, value) => (results.get(key) ?? results.set(key, []).get(key)).push(value);
for (let round = 0; round < rounds; round++) {
  for (const input of all) {
    const data = new Uint8Array(readFileSync(input.path));
    for (const floor of lowerBoundCases(input, { bytes: data })) {
      if (floor.op === "copy") continue;
      record(`${input.name}|${floor.op}|floor`, perCall(floor.fn));
    }
    const order = round % 2 ? ["b", "a"] : ["a", "b"];
    for (const which of order) {
      for (const [op, spec] of opsFor(builds[which], input, data)) {
        const [fn, setup] = Array.isArray(spec) ? spec : [spec];
        record(`${input.name}|${op}|${which}`, perCall(fn, setup));
      }
    }
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`a=${dirs.a}\nb=${dirs.b}\nrounds=${rounds} budget=${budgetMs} ms CPU per case; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log("| input | op | A ms | B ms | B/A | floors (sha1-native / p12-native) ms | B/floor |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const input of all) {
  const floors = ["sha1-native", "p12-native"].map((f) => results.get(`${input.name}|${f}|floor`)).map((xs) => (xs ? median(xs) : undefined));
  const floor = floors[1] ?? floors[0];
  for (const op of opNames) {
    const a = results.get(`${input.name}|${op}|a`);
    const b = results.get(`${input.name}|${op}|b`);
    if (!a || !b) continue;
    const [ma, mb] = [median(a), median(b)];
    console.log(`| ${input.name} | ${op} | ${ma.toFixed(3)} | ${mb.toFixed(3)} | ${(mb / ma).toFixed(2)} | ${floors.map((f) => (f === undefined ? "–" : f.toFixed(3))).join(" / ")} | ${(mb / floor).toFixed(2)} |`);
  }
}
