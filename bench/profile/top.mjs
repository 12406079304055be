// Self time per function of a .cpuprofile (node --cpu-prof), top N: node bench/profile/top.mjs file [N=30]
import { readFileSync } from "node:fs";

const [file, count = "30"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const { callFrame } = byId.get(id);
  const key = `${callFrame.functionName || "(anon)"} ${callFrame.url.split("/").slice(-2).join("/")}:${callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}

// With a third argument, the call paths (up to 6 frames) that reach functions of that name, by self time.
const wanted = process.argv[4];
if (wanted) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const paths = new Map();
  profile.samples.forEach((id, i) => {
    let node = byId.get(id);
    if (node.callFrame.functionName !== wanted) return;
    const names = [];
    for (let k = 0; node && k < 6; k++, node = parent.get(node.id)) names.push(node.callFrame.functionName || "(anon)");
    const key = names.join(" < ");
    paths.set(key, (paths.get(key) ?? 0) + (deltas[i] ?? 0));
  });
  console.log(`\ncallers of ${wanted}:`);
  for (const [key, micros] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}

// With --inclusive=NAME as third argument: total (inclusive) time under each function called NAME's children.
const inclusive = process.argv[4]?.startsWith("--inclusive=") ? process.argv[4].slice(12) : null;
if (inclusive) {
  const totals = new Map();
  const timeOf = new Map();
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (deltas[i] ?? 0)));
  const sum = (node) => (timeOf.get(node.id) ?? 0) + (node.children ?? []).reduce((s, c) => s + sum(byId.get(c)), 0);
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== inclusive) continue;
    for (const c of node.children ?? []) {
      const child = byId.get(c);
      const key = child.callFrame.functionName || "(anon)";
      totals.set(key, (totals.get(key) ?? 0) + sum(child));
    }
    totals.set("(self)", (totals.get("(self)") ?? 0) + (timeOf.get(node.id) ?? 0));
  }
  console.log(`\ninside ${inclusive}:`);
  for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}
