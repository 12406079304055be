// PEM and base64 at scale (issue 16: "linear time on every input shape; a 10 MB bundle parses in
// under 1 s"). Each shape is timed at two sizes, the larger 4× the smaller; growth ÷ 4 is 1.00 for
// linear time and ≈ 4 for quadratic. Shapes:
//   bundle          decodePem of a bundle of distinct certificates sharing one subject (aliases
//                   collide, so the alias de-duplication is exercised too): 2.5 and 10 MB
//   begin-repeats   parsePem of "-----BEGIN " repeated (no block ever ends)
//   dashes          parsePem of one "-----BEGIN " followed by dashes only
//   unterminated    parsePem of a BEGIN line and base64 lines with no END line
// `quick`: 1 and 4 MB bundles (the 10 MB figure is then not measured). Each run records wall and
// CPU time (process.cpuUsage); the growth is taken from the smallest CPU time at each size (other
// processes on a shared machine add wall time, not this process's CPU time, and the fastest run is
// the least disturbed), the time figures are medians of both.
import { readFileSync } from "node:fs";
import { Certificate, decodePem, parsePem } from "../dist/index.js";
import { summarize } from "./lib/harness.mjs";

const template = parsePem(readFileSync(new URL("../test/fixtures/pkcs12/src/ca.pem", import.meta.url), "utf8"))[0].der;

/** Distinct certificates with the template's subject: the last signature bytes carry `i`. */
function variantPem(i) {
  const der = template.slice();
  der[der.length - 1] = i & 0xff;
  der[der.length - 2] = (i >> 8) & 0xff;
  der[der.length - 3] ^= (i >> 16) & 0xff;
  return new Certificate(der).toPem();
}

/** A bundle of at least `bytes` characters. */
function bundle(bytes) {
  const one = variantPem(0).length;
  return Array.from({ length: Math.ceil(bytes / one) }, (_, i) => variantPem(i)).join("");
}

const MB = 1_000_000;
const SHAPES = [
  { shape: "bundle", op: "decodePem", make: bundle, run: (text) => decodePem(text), sizes: [2.5 * MB, 10 * MB], quickSizes: [1 * MB, 4 * MB] },
  { shape: "begin-repeats", op: "parsePem", make: (n) => "-----BEGIN ".repeat(Math.ceil(n / 11)), run: (text) => parsePem(text), sizes: [256_000, 1_024_000] },
  { shape: "dashes", op: "parsePem", make: (n) => `-----BEGIN ${"-".repeat(n)}`, run: (text) => parsePem(text), sizes: [256_000, 1_024_000] },
  { shape: "unterminated", op: "parsePem", make: (n) => `-----BEGIN CERTIFICATE-----\n${"QUJD".repeat(16).concat("\n").repeat(Math.ceil(n / 65))}`, run: (text) => parsePem(text), sizes: [256_000, 1_024_000] },
];

/** One warmup run, then runs until `minTimeMs` and `minRuns`: wall (medianMs, p90Ms, minMs) and CPU (cpuMs median, minCpuMs). */
function timeRuns(fn, minRuns, minTimeMs) {
  fn();
  const wall = [];
  const cpu = [];
  const start = performance.now();
  while (wall.length < minRuns || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const used = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((used.user + used.system) / 1000);
    if (performance.now() - start > 20_000) break;
  }
  const cpuSummary = summarize(cpu);
  return { ...summarize(wall), cpuMs: cpuSummary.medianMs, minCpuMs: cpuSummary.minMs };
}

/**
 * Rows { shape, op, bytes, medianMs, cpuMs, minCpuMs, runs } (or skip), two per shape, and per shape
 * { shape, growth: ms ratio, sizeRatio, linearity: growth ÷ sizeRatio }.
 */
export function runPem({ quick = false, log = () => {} } = {}) {
  const rows = [];
  const shapes = [];
  for (const { shape, op, make, run, sizes, quickSizes } of SHAPES) {
    const timed = (quick && quickSizes ? quickSizes : sizes).map((size) => {
      const text = make(size);
      try {
        const result = timeRuns(() => run(text), quick ? 3 : 5, quick ? 50 : 300);
        const row = { shape, op, bytes: text.length, ...result };
        log(`  pem ${shape.padEnd(14)} ${(text.length / MB).toFixed(2).padStart(6)} MB ${result.medianMs.toFixed(1).padStart(9)} ms`);
        return row;
      } catch (error) {
        return { shape, op, bytes: text.length, skip: `fails: ${String(error.message).split("\n")[0]}` };
      }
    });
    rows.push(...timed);
    const [small, large] = timed;
    if (small.medianMs !== undefined && large.medianMs !== undefined) {
      // From the fastest runs: other processes only ever add time, so the minimum is the figure
      // they disturb least (a quadratic shape still shows 4× here).
      const growth = large.minCpuMs / small.minCpuMs;
      const sizeRatio = large.bytes / small.bytes;
      shapes.push({ shape, growth, sizeRatio, linearity: growth / sizeRatio });
    }
  }
  return { rows, shapes };
}

/** The PEM table (Markdown lines). */
export function pemTable({ rows, shapes }) {
  const lines = ["| shape | op | MB | median ms | MB/s | median CPU ms | fastest CPU ms | growth ÷ size ratio (1.00 = linear) |", "|---|---|---:|---:|---:|---:|---:|---:|"];
  for (const row of rows) {
    const linear = shapes.find((s) => s.shape === row.shape);
    const last = rows.filter((r) => r.shape === row.shape).at(-1) === row;
    if (row.skip) lines.push(`| ${row.shape} | ${row.op} | ${(row.bytes / MB).toFixed(2)} | ${row.skip} | | | | |`);
    else lines.push(`| ${row.shape} | ${row.op} | ${(row.bytes / MB).toFixed(2)} | ${row.medianMs.toFixed(1)} | ${(row.bytes / MB / (row.medianMs / 1000)).toFixed(1)} | ${row.cpuMs.toFixed(1)} | ${row.minCpuMs.toFixed(1)} | ${last && linear ? linear.linearity.toFixed(2) : ""} |`);
  }
  return lines;
}
