// Self time per script of a .cpuprofile (node --cpu-prof): node bench/profile/by-file.mjs file [N=25]
import { readFileSync } from "node:fs";

const [file, count = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const url = byId.get(id).callFrame.url || `(${byId.get(id).callFrame.functionName})`;
  self.set(url, (self.get(url) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [url, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(1).padStart(6)} ms  ${url}`);
}
