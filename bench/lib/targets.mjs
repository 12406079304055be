// Issue #16's targets, computed from one run's results (bench/results/latest.json): each as a
// ratio against its reference with met / missed / not measured, for bench/results/latest.md and
// the README's performance table (between README_MARKERS, spliced by bench/report-readme.mjs).
// Pure functions of the results object, so test/bench/targets.test.ts can feed synthetic results.

/** The README's generated block lies between these two lines. */
export const README_MARKERS = { start: "<!-- bench:start -->", end: "<!-- bench:end -->" };

const codec = (group, label, input, op, vs, limit, strict = false) => ({ kind: "codec", group, label, input, op, vs, limit, strict });
const startup = (label, name, limit) => ({ kind: "startup", group: "start-up", label, case: name, limit, strict: false });

const PKCS12_INPUTS = [
  ["cacerts-p12", "cacerts"],
  ["synthetic-10k-p12", "10k entries"],
  ["keys-100-p12", "keys-100"],
];
const JKS_INPUTS = [
  ["synthetic-1k", "1k"],
  ["synthetic-10k", "10k"],
  ["synthetic-50k", "50k"],
];

/**
 * Every target of issue #16. `limit` is the largest ratio that meets it; `strict` means the ratio
 * must be below the limit ("faster than" = below 1×). Codec ratios use keystorekit's faster API
 * for the op (sync, or `<op>-async`), and say which.
 */
export const TARGETS = [
  startup('`import "keystorekit"` ÷ `import "keystorekit/jks"`', 'import "keystorekit"', 1.3),
  startup("`keystorekit list cacerts` ÷ `node -e 0`", "keystorekit list cacerts", 1.5),
  startup("`keystorekit --version` ÷ `node -e 0`", "keystorekit --version", 1.2),
  codec("verify", "verifyChain, RSA chain ÷ Java 17 in-process", "cacerts", "verify-chain-rsa", "java-17", 1, true),
  codec("verify", "verifyChain, RSA chain ÷ node-forge", "cacerts", "verify-chain-rsa", "node-forge", 1, true),
  codec("verify", "verifyChain, EC/RSA chain ÷ Java 17 in-process", "cacerts", "verify-chain", "java-17", 1, true),
  codec("verify", "verifyChain, EC/RSA chain ÷ node-forge", "cacerts", "verify-chain", "node-forge", 1, true),
  ...PKCS12_INPUTS.flatMap(([input, name]) =>
    ["load", "save-java"].flatMap((op) =>
      [
        ["java-17", "Java 17"],
        ["java-25", "Temurin 25"],
      ].map(([vs, who]) => codec("pkcs12", `PKCS#12 ${name} ${op === "load" ? "load" : "save"} ÷ ${who} in-process`, input, op, vs, 1, true)),
    ),
  ),
  codec("pkcs12", "PKCS#12 cacerts load ÷ p12-native floor", "cacerts-p12", "load", "p12-native", 1.2),
  ...JKS_INPUTS.flatMap(([input, name]) => ["load", "save"].map((op) => codec("jks", `JKS ${name} ${op} ÷ native SHA-1 pass`, input, op, "sha1-native", 2))),
  { kind: "pem-time", group: "pem", label: "PEM 10 MB bundle decodePem ÷ 1 s", shape: "bundle", minBytes: 10_000_000, limitMs: 1000, limit: 1, strict: true },
  ...["bundle", "begin-repeats", "dashes", "unterminated"].map((shape) => ({ kind: "pem-linear", group: "pem", label: `PEM ${shape}: growth ÷ size ratio (linear = 1)`, shape, limit: 1.5, strict: false })),
];

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const fmtRatio = (r) => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;

function timed(rows, input, impl, op) {
  return rows.find((row) => row.input === input && row.impl === impl && row.op === op && row.medianMs !== undefined);
}
function skipped(rows, input, impl, op) {
  return rows.find((row) => row.input === input && row.impl === impl && row.op === op && row.skip);
}

/** The reference row of a codec target: a peer's op, or a lower-bound floor. */
function reference(rows, target) {
  const floor = target.vs === "sha1-native" || target.vs === "p12-native";
  const impl = floor ? "lower-bound" : target.vs;
  const op = floor ? target.vs : target.op;
  return { row: timed(rows, target.input, impl, op), skip: skipped(rows, target.input, impl, op), impl, op };
}

function judge(target, ratio) {
  return target.strict ? (ratio < target.limit ? "met" : "missed") : ratio <= target.limit ? "met" : "missed";
}

function evaluateCodec(target, rows) {
  const candidates = [target.op, `${target.op}-async`].map((op) => timed(rows, target.input, "keystorekit", op)).filter(Boolean);
  const { row: other, skip, impl } = reference(rows, target);
  if (!candidates.length) return { status: "not measured", detail: `no keystorekit ${target.op} on ${target.input} in this run` };
  if (!other) return { status: "not measured", detail: skip ? `${impl}: ${skip.skip}` : `no ${impl} figure on ${target.input} in this run` };
  const mine = candidates.reduce((best, row) => (row.medianMs < best.medianMs ? row : best));
  const ratio = mine.medianMs / other.medianMs;
  return { ratio, status: judge(target, ratio), detail: `keystorekit ${mine.op} ${fmtMs(mine.medianMs)} ms ÷ ${impl} ${fmtMs(other.medianMs)} ms` };
}

function evaluateStartup(target, startupRows) {
  const row = startupRows.find((r) => r.name === target.case);
  if (!row || row.cpuRatio === undefined || row.wallRatio === undefined) return { status: "not measured", detail: row?.skip ?? "start-up cases not run" };
  // Met only when both CPU and wall time are within the limit: the ratio shown is the worse one.
  const ratio = Math.max(row.cpuRatio, row.wallRatio);
  return { ratio, status: judge(target, ratio), detail: `CPU ${fmtRatio(row.cpuRatio)}, wall ${fmtRatio(row.wallRatio)} (${fmtMs(row.cpuMs)} / ${fmtMs(row.wallMs)} ms, median of ${row.runs})` };
}

function evaluatePem(target, pem) {
  if (target.kind === "pem-time") {
    const row = pem?.rows?.find((r) => r.shape === target.shape && r.bytes >= target.minBytes && r.medianMs !== undefined);
    if (!row) return { status: "not measured", detail: "no 10 MB bundle in this run (--quick uses 1 and 4 MB)" };
    // The worse of wall and CPU time (as for start-up): CPU alone when a run has no CPU figure.
    const ms = Math.max(row.medianMs, row.cpuMs ?? 0);
    const ratio = ms / target.limitMs;
    return { ratio, status: judge(target, ratio), detail: `${fmtMs(row.medianMs)} ms wall${row.cpuMs !== undefined ? `, ${fmtMs(row.cpuMs)} ms CPU` : ""} for ${(row.bytes / 1e6).toFixed(1)} MB` };
  }
  const shape = pem?.shapes?.find((s) => s.shape === target.shape);
  if (!shape) return { status: "not measured", detail: "PEM shapes not run" };
  return { ratio: shape.linearity, status: judge(target, shape.linearity), detail: `${fmtRatio(shape.growth)} the CPU time (fastest runs) for ${fmtRatio(shape.sizeRatio)} the input` };
}

/** Every target with { ratio?, status: "met" | "missed" | "not measured", detail }. */
export function evaluateTargets(results) {
  const rows = results.rows ?? [];
  return TARGETS.map((target) => {
    const outcome =
      target.kind === "codec" ? evaluateCodec(target, rows) : target.kind === "startup" ? evaluateStartup(target, results.startup?.rows ?? []) : evaluatePem(target, results.pem);
    return { ...target, ...outcome };
  });
}

const limitText = (target) => `${target.strict ? "<" : "≤"} ${target.limit}×`;

/** Counts of each status. */
export function summarizeTargets(evaluated) {
  const count = (status) => evaluated.filter((t) => t.status === status).length;
  return { met: count("met"), missed: count("missed"), notMeasured: count("not measured") };
}

/** The full target table for latest.md. */
export function targetsTable(evaluated) {
  const { met, missed, notMeasured } = summarizeTargets(evaluated);
  const lines = [`${met} met, ${missed} missed, ${notMeasured} not measured.`, ""];
  lines.push("| target | ratio | limit | status | measured |", "|---|---:|---:|---|---|");
  for (const t of evaluated) lines.push(`| ${t.label} | ${t.ratio === undefined ? "–" : fmtRatio(t.ratio)} | ${limitText(t)} | ${t.status === "met" ? "met" : t.status === "missed" ? "**missed**" : t.status} | ${t.detail} |`);
  return lines;
}

/** One line on the load of the machine during the run (with a warning when it exceeded the cores). */
export function loadLine(loadAverage, cores) {
  if (!loadAverage?.start) return "Load average: not recorded.";
  const text = (values) => values.map((v) => v.toFixed(2)).join(" / ");
  const busy = cores !== undefined && Math.max(loadAverage.start[0] ?? 0, loadAverage.end?.[0] ?? 0) > cores;
  return `Load average (1 / 5 / 15 min) at start ${text(loadAverage.start)}, at end ${text(loadAverage.end ?? [])}.` +
    (busy ? ` The machine was busy (1-minute load above its ${cores} cores): figures and ratios are noisy, Java's above all.` : "");
}

/**
 * Headline rows for the README: keystorekit's median, the fastest peer's (Java, node-forge, …) and
 * the native floor where there is one.
 */
const HEADLINES = [
  ["JKS cacerts (144 entries) load, digest checked", "cacerts", "load", "sha1-native"],
  ["JKS 50,000 entries load", "synthetic-50k", "load", "sha1-native"],
  ["JKS 50,000 entries save", "synthetic-50k", "save", "sha1-native"],
  ["PKCS#12 cacerts load (Java profile)", "cacerts-p12", "load", "p12-native"],
  ["PKCS#12 10,000 entries load", "synthetic-10k-p12", "load", "p12-native"],
  ["PKCS#12 10,000 entries save", "synthetic-10k-p12", "save-java"],
  ["PKCS#12 keys-100 load", "keys-100-p12", "load", "p12-native"],
  ["100 JKS keys decrypted", "keys-100", "decrypt-keys"],
  ["verifyChain, RSA chain", "cacerts", "verify-chain-rsa"],
  ["verifyChain, EC/RSA chain", "cacerts", "verify-chain"],
];
const NOT_PEERS = new Set(["keystorekit", "keystorekit-pure", "lower-bound"]);

export function headlineTable(rows) {
  const lines = ["| operation | keystorekit | fastest other | native floor |", "| --- | ---: | ---: | ---: |"];
  for (const [label, input, op, floor] of HEADLINES) {
    const mine = [op, `${op}-async`].map((o) => timed(rows, input, "keystorekit", o)).filter(Boolean);
    if (!mine.length) continue;
    const best = mine.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
    const peers = rows.filter((r) => r.input === input && r.op === op && r.medianMs !== undefined && !NOT_PEERS.has(r.impl));
    const fastest = peers.reduce((a, b) => (!a || b.medianMs < a.medianMs ? b : a), undefined);
    const floorRow = floor && timed(rows, input, "lower-bound", floor);
    lines.push(`| ${label} | ${fmtMs(best.medianMs)} ms${best.op !== op ? " (async)" : ""} | ${fastest ? `${fastest.impl} ${fmtMs(fastest.medianMs)} ms` : "–"} | ${floorRow ? `${fmtMs(floorRow.medianMs)} ms` : "–"} |`);
  }
  return lines;
}

/** The README's block (without the markers): run line, headline figures, target table. */
export function readmeBlock(results) {
  const evaluated = evaluateTargets(results);
  const { met, missed, notMeasured } = summarizeTargets(evaluated);
  const machine = results.machine ? `${results.machine.cpu} × ${results.machine.cores}, Node ${results.machine.node}` : "unknown machine";
  const lines = [
    `Generated by \`node bench/report-readme.mjs\` from \`${results.command ?? "npm run bench"}\` (${(results.date ?? "").slice(0, 10)}, ${machine}). ${loadLine(results.loadAverage, results.machine?.cores)}`,
    "",
    ...headlineTable(results.rows ?? []),
    "",
    `Issue #16's targets, as ratios within that run (${met} met, ${missed} missed${notMeasured ? `, ${notMeasured} not measured` : ""}):`,
    "",
    "| target | ratio | limit | status |",
    "| --- | ---: | ---: | --- |",
    ...evaluated.map((t) => `| ${t.label} | ${t.ratio === undefined ? "–" : fmtRatio(t.ratio)} | ${limitText(t)} | ${t.status === "missed" ? "**missed**" : t.status} |`),
  ];
  return lines.join("\n");
}

/** `readme` with the text between the markers replaced by `block`; throws when the markers are missing or out of order. */
export function spliceReadme(readme, block) {
  const start = readme.indexOf(README_MARKERS.start);
  const end = readme.indexOf(README_MARKERS.end);
  if (start < 0 || end < 0 || end < start || readme.indexOf(README_MARKERS.start, start + 1) >= 0) {
    throw new Error(`README.md needs exactly one ${README_MARKERS.start} … ${README_MARKERS.end} pair around the performance table`);
  }
  return `${readme.slice(0, start + README_MARKERS.start.length)}\n${block}\n${readme.slice(end)}`;
}
