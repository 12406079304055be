// Turns result rows into the Markdown and JSON reports (bench/results/latest.{md,json}).

const fmt = (ms) => (ms === undefined ? "–" : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? "–" : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`);

export const SUBJECT = "keystorekit";
export const LOWER_BOUND = "lower-bound";
/** keystorekit run another way (shown as columns, not compared as peers). */
export const VARIANTS = ["keystorekit-pure"];
/** Lower-bound ops that ratios are computed against. */
const FLOORS = ["sha1-native", "p12-native"];
/** Ops that do not read the store file (a DER list, a chain): a ratio to a pass over the file means nothing. */
const NOT_FILE_OPS = /^(parse-der|verify-)/;

/** Median of one (input, impl, op), or undefined. */
function find(rows, input, impl, op) {
  return rows.find((row) => row.input === input && row.impl === impl && row.op === op && row.medianMs !== undefined);
}

/** keystorekit / peer and keystorekit / native SHA-1, for every (input, op) keystorekit measured. */
export function computeRatios(rows, peers) {
  const ratios = [];
  for (const row of rows.filter((r) => r.impl === SUBJECT && r.medianMs !== undefined)) {
    const entry = { input: row.input, op: row.op, keystorekitMs: row.medianMs, vs: {} };
    for (const peer of peers) {
      const other = find(rows, row.input, peer, row.op);
      if (other) entry.vs[peer] = ratio(row.medianMs, other.medianMs);
    }
    for (const floor of NOT_FILE_OPS.test(row.op) ? [] : FLOORS) {
      const found = find(rows, row.input, LOWER_BOUND, floor);
      if (found) entry.vs[floor] = ratio(row.medianMs, found.medianMs);
    }
    // keystorekit's async op against a peer's (sync or async) op of the same work.
    if (row.op.endsWith("-async")) {
      for (const peer of peers) {
        const other = find(rows, row.input, peer, row.op.slice(0, -"-async".length));
        if (other) entry.vs[peer] = ratio(row.medianMs, other.medianMs);
      }
    }
    ratios.push(entry);
  }
  return ratios;
}

const MiB = (bytes) => (bytes / 2 ** 20).toFixed(1);

/**
 * One growth table per format over the synthetic stores (1k → 10k → 50k): median ms, µs per entry,
 * and the cost ratio of the largest to the smallest store against the entry ratio (1.00 = linear).
 */
function growthTables(inputs, rows) {
  const lines = [];
  for (const format of ["JKS", "PKCS12"]) {
    const synthetic = inputs.filter((input) => input.name.startsWith("synthetic-") && (input.format ?? "JKS") === format).sort((a, b) => a.entries - b.entries);
    if (synthetic.length < 2) continue;
    const entryRatio = synthetic.at(-1).entries / synthetic[0].entries;
    const sizes = synthetic.map((input) => input.name.replace("synthetic-", "").replace("-p12", ""));
    lines.push(`### ${format}: ${synthetic.map((i) => i.name).join(" → ")}`, "");
    lines.push(`| impl | op | ${sizes.map((size) => `ms ${size}`).join(" | ")} | ${sizes.map((size) => `µs/entry ${size}`).join(" | ")} | growth | ÷ linear (${entryRatio}×) |`);
    lines.push(`|---|---|${sizes.map(() => "---:").join("|")}|${sizes.map(() => "---:").join("|")}|---:|---:|`);
    const pairs = [...new Set(rows.filter((r) => synthetic.some((i) => i.name === r.input) && r.medianMs !== undefined).map((r) => `${r.impl}\u0000${r.op}`))];
    for (const pair of pairs) {
      const [impl, op] = pair.split("\u0000");
      const found = synthetic.map((input) => find(rows, input.name, impl, op));
      const first = found[0];
      const last = found.at(-1);
      const growth = first && last ? last.medianMs / first.medianMs : undefined;
      lines.push(`| ${impl} | ${op} | ${found.map((row) => fmt(row?.medianMs)).join(" | ")} | ` +
        `${found.map((row, i) => (row ? ((row.medianMs * 1000) / synthetic[i].entries).toFixed(2) : "–")).join(" | ")} | ` +
        `${fmtRatio(growth)} | ${growth === undefined ? "–" : (growth / entryRatio).toFixed(2)} |`);
    }
    lines.push("");
  }
  return lines;
}

/** Peak and retained memory of one load, against the file's size. */
function memoryTable(memory) {
  const lines = ["## Memory of one load", ""];
  lines.push("Fresh process per implementation, the file already read. Peak: the process's peak resident set minus the resident set before the load. " +
    "Retained: heap after a full GC while the store is held, minus before (pyjks: resident set). Load ms is one cold run, not a benchmark figure.", "");
  lines.push("| store | impl | file MiB | RSS before MiB | peak + MiB | peak ÷ file | retained + MiB | retained ÷ file | cold load ms |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of memory) {
    if (row.skip) {
      lines.push(`| ${row.input} | ${row.impl} | ${row.skip} |||||||`);
      continue;
    }
    const peak = row.rssPeak - row.rssBefore;
    const retained = row.heapAfter !== undefined ? row.heapAfter - row.heapBefore : row.rssAfter - row.rssBefore;
    lines.push(`| ${row.input} | ${row.impl} | ${MiB(row.fileBytes)} | ${MiB(row.rssBefore)} | ${MiB(peak)} | ${(peak / row.fileBytes).toFixed(2)}× | ` +
      `${MiB(retained)} | ${(retained / row.fileBytes).toFixed(2)}× | ${fmt(row.loadMs)} |`);
  }
  lines.push("");
  return lines;
}

/** `top`: lines after the header (targets); `sections`: lines before the notes (start-up, generation, PEM). */
export function renderMarkdown({ command, date, machine, javas, inputs, rows, ratios, peers, memory = [], notes, totalSeconds }, { top = [], sections = [] } = {}) {
  const lines = [];
  lines.push("# keystorekit benchmark", "");
  lines.push(`Command: \`${command}\` — ${date}, total ${totalSeconds.toFixed(0)} s.`, "");
  lines.push(`Machine: ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}.`);
  const versions = Object.entries(machine.packages).map(([name, version]) => `${name} ${version ?? "not installed"}`);
  for (const [label, version] of Object.entries(javas)) versions.push(`${label} ${version}`);
  lines.push(`Versions: ${versions.join(", ")}.`, "");
  lines.push("Median ms (p90 in brackets). Ratios are keystorekit ÷ other: below 1× keystorekit is faster. " +
    "Every `load` verifies the store digest (JKS) or MAC (PKCS#12) with the password. " +
    "`keystorekit` runs with node:crypto's SHA switched on (as `keystorekit/node` does), `keystorekit-pure` without; " +
    "`-async` ops are decodeKeystoreAsync / encodeKeystoreAsync (WebCrypto), compared with the peers' op of the same name without the suffix.", "");
  lines.push(...top);
  if (inputs.length) lines.push("## Codecs", "");

  const all = [SUBJECT, ...VARIANTS, ...peers];
  for (const input of inputs) {
    const floor = (op) => find(rows, input.name, LOWER_BOUND, op);
    const impls = all.filter((impl) => rows.some((r) => r.input === input.name && r.impl === impl));
    const title = `${input.name} — ${input.format ?? "JKS"}${input.profile ? ` (${input.profile} profile)` : ""}, ` +
      `${input.bytes.toLocaleString("en")} bytes, ${input.entries.toLocaleString("en")} entries`;
    lines.push(`### ${title}`, "");
    const p12 = floor("p12-native");
    lines.push(`Lower bound: native SHA-1 over the file ${fmt(floor("sha1-native")?.medianMs)} ms, copy of the bytes ${fmt(floor("copy")?.medianMs)} ms` +
      (p12 ? `; the PKCS#12 load's KDF + MAC + AES work done with node:crypto (p12-native) ${fmt(p12.medianMs)} ms.` : "."), "");
    const ops = [...new Set(rows.filter((r) => r.input === input.name && r.impl !== LOWER_BOUND).map((r) => r.op))];
    const ratioPeers = peers.filter((peer) => ratios.some((r) => r.input === input.name && r.vs[peer] !== undefined));
    const floors = FLOORS.filter((f) => floor(f));
    const ratioHeads = [...ratioPeers.map((p) => `kk ÷ ${p}`), ...floors.map((f) => `kk ÷ ${f === "sha1-native" ? "SHA-1" : f}`)];
    lines.push(`| op | ${impls.join(" | ")} | ${ratioHeads.join(" | ")} |`);
    lines.push(`|---|${impls.map(() => "---:").join("|")}|${ratioHeads.map(() => "---:").join("|")}|`);
    for (const op of ops) {
      const cells = impls.map((impl) => {
        const row = rows.find((r) => r.input === input.name && r.impl === impl && r.op === op);
        if (!row) return "";
        if (row.skip) return row.skip.startsWith("fails") ? "fails¹" : "skipped¹";
        return `${fmt(row.medianMs)} (${fmt(row.p90Ms)})${row.runs === 1 ? "²" : row.noWarmup ? "³" : ""}`;
      });
      const r = ratios.find((x) => x.input === input.name && x.op === op);
      const ratioCells = [...ratioPeers, ...floors].map((peer) => fmtRatio(r?.vs[peer]));
      lines.push(`| ${op} | ${cells.join(" | ")} | ${ratioCells.join(" | ")} |`);
    }
    lines.push("");
  }
  if (rows.some((r) => r.runs === 1)) lines.push("² One timed run (no warmup): a single run takes seconds.", "");
  if (rows.some((r) => r.noWarmup && r.runs > 1)) lines.push("³ No warmup runs (the JIT is warm from the smaller files): a single run takes seconds.", "");

  const skipped = rows.filter((r) => r.skip);
  if (skipped.length) {
    // One line per (implementation, reason), listing its ops and inputs (the tables show which
    // op on which input exactly).
    const groups = new Map();
    for (const row of skipped) {
      const key = `${row.impl}\u0000${row.skip}`;
      const group = groups.get(key) ?? { ops: new Set(), inputs: new Set() };
      group.ops.add(row.op);
      group.inputs.add(row.input);
      groups.set(key, group);
    }
    lines.push("¹ Skipped or failed:", "");
    for (const [key, { ops, inputs: names }] of groups) {
      const [impl, reason] = key.split("\u0000");
      lines.push(`- ${impl} ${[...ops].join(", ")} on ${[...names].join(", ")}: ${reason}`);
    }
    lines.push("");
  }

  const growth = growthTables(inputs, rows);
  if (growth.length) {
    lines.push("## Growth with the entry count", "");
    lines.push("Median ms, µs per entry at each size, the cost ratio of the largest store to the smallest (growth), and that ratio divided by the entry ratio (1.00 = linear). " +
      "The lower-bound rows show what the machine itself does: a native SHA-1 pass stays linear, while a plain copy of the bytes grows several times faster than linear from 1 MB to 56 MB (caches, then page faults on fresh memory), " +
      "so per-entry costs that rise from 1k to 10k are partly the memory hierarchy; 10k → 50k is the cleaner test of linearity.", "", ...growth);
  }
  if (memory.length) lines.push(...memoryTable(memory));
  lines.push(...sections);
  if (notes.length) {
    lines.push("## Notes", "");
    for (const note of notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return lines.join("\n");
}
