// Writes the README's performance table (between <!-- bench:start --> and <!-- bench:end -->) from
// a results file: `node bench/report-readme.mjs [bench/results/latest.json]`. `npm run bench` does
// not call it: the committed README figures come from a deliberate full run on a quiet machine.
// --check: exit 1 when the README's block differs from what the file gives (nothing written).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readmeBlock, spliceReadme } from "./lib/targets.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = resolve(args.find((arg) => !arg.startsWith("--")) ?? join(here, "results", "latest.json"));
const readmePath = join(here, "..", "README.md");
const results = JSON.parse(readFileSync(file, "utf8"));
const before = readFileSync(readmePath, "utf8");
const after = spliceReadme(before, readmeBlock(results));
if (args.includes("--check")) {
  if (after !== before) {
    console.error(`README.md's performance table is not the one ${file} gives: run node bench/report-readme.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(readmePath, after);
  console.log(`README.md performance table updated from ${file}${after === before ? " (unchanged)" : ""}`);
}
