// Turns result rows into the Markdown and JSON reports (bench/results/latest.{md,json}).

const fmt = (ms) => (ms === undefined ? "–" : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? "–" : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`);

export const SUBJECT = "keystorekit";
export const LOWER_BOUND = "lower-bound";

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
    const sha1 = find(rows, row.input, LOWER_BOUND, "sha1-native");
    if (sha1) entry.vs["sha1-native"] = ratio(row.medianMs, sha1.medianMs);
    ratios.push(entry);
  }
  return ratios;
}

export function renderMarkdown({ command, date, machine, javas, inputs, rows, ratios, peers, notes, totalSeconds }) {
  const lines = [];
  lines.push("# keystorekit benchmark", "");
  lines.push(`Command: \`${command}\` — ${date}, total ${totalSeconds.toFixed(0)} s.`, "");
  lines.push(`Machine: ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}.`);
  const versions = Object.entries(machine.packages).map(([name, version]) => `${name} ${version ?? "not installed"}`);
  for (const [label, version] of Object.entries(javas)) versions.push(`${label} ${version}`);
  lines.push(`Versions: ${versions.join(", ")}.`, "");
  lines.push("Median ms (p90 in brackets). Ratios are keystorekit ÷ other: below 1× keystorekit is faster. " +
    "Every `load` verifies the store digest with the password.", "");

  const impls = [SUBJECT, ...peers];
  for (const input of inputs) {
    const sha1 = find(rows, input.name, LOWER_BOUND, "sha1-native");
    const copy = find(rows, input.name, LOWER_BOUND, "copy");
    lines.push(`### ${input.name} — ${input.bytes.toLocaleString("en")} bytes, ${input.entries.toLocaleString("en")} entries`, "");
    lines.push(`Lower bound: native SHA-1 over the file ${fmt(sha1?.medianMs)} ms, copy of the bytes ${fmt(copy?.medianMs)} ms.`, "");
    const ops = [...new Set(rows.filter((r) => r.input === input.name && r.impl !== LOWER_BOUND).map((r) => r.op))];
    const ratioPeers = peers.filter((peer) => ratios.some((r) => r.input === input.name && r.vs[peer] !== undefined));
    lines.push(`| op | ${impls.join(" | ")} | ${ratioPeers.map((p) => `kk ÷ ${p}`).join(" | ")}${ratioPeers.length ? " | " : ""}kk ÷ SHA-1 |`);
    lines.push(`|---|${impls.map(() => "---:").join("|")}|${ratioPeers.map(() => "---:").join("|")}${ratioPeers.length ? "|" : ""}---:|`);
    for (const op of ops) {
      const cells = impls.map((impl) => {
        const row = rows.find((r) => r.input === input.name && r.impl === impl && r.op === op);
        if (!row) return "";
        if (row.skip) return "skipped¹";
        return `${fmt(row.medianMs)} (${fmt(row.p90Ms)})`;
      });
      const r = ratios.find((x) => x.input === input.name && x.op === op);
      const ratioCells = ratioPeers.map((peer) => fmtRatio(r?.vs[peer]));
      lines.push(`| ${op} | ${cells.join(" | ")} | ${ratioCells.join(" | ")}${ratioCells.length ? " | " : ""}${fmtRatio(r?.vs["sha1-native"])} |`);
    }
    lines.push("");
  }

  const skipped = rows.filter((r) => r.skip);
  if (skipped.length) {
    lines.push("¹ Skipped:", "");
    for (const row of skipped) lines.push(`- ${row.impl} ${row.op} on ${row.input}: ${row.skip}`);
    lines.push("");
  }

  const synthetic = inputs.filter((input) => input.name.startsWith("synthetic-")).sort((a, b) => a.entries - b.entries);
  if (synthetic.length > 1) {
    lines.push("## Growth with the entry count", "");
    lines.push("Median ms, then µs per entry; the last column is the cost ratio of the largest to the smallest store " +
      `(the entry ratio is ${synthetic.at(-1).entries / synthetic[0].entries}×; equal means linear).`, "");
    lines.push(`| impl | op | ${synthetic.map((i) => i.name).join(" | ")} | ${synthetic.map((i) => `µs/entry ${i.name.replace("synthetic-", "")}`).join(" | ")} | growth |`);
    lines.push(`|---|---|${synthetic.map(() => "---:").join("|")}|${synthetic.map(() => "---:").join("|")}|---:|`);
    const pairs = [...new Set(rows.filter((r) => synthetic.some((i) => i.name === r.input) && r.medianMs !== undefined).map((r) => `${r.impl}\u0000${r.op}`))];
    for (const pair of pairs) {
      const [impl, op] = pair.split("\u0000");
      const found = synthetic.map((input) => find(rows, input.name, impl, op));
      const first = found[0];
      const last = found.at(-1);
      lines.push(`| ${impl} | ${op} | ${found.map((row) => fmt(row?.medianMs)).join(" | ")} | ` +
        `${found.map((row, i) => (row ? ((row.medianMs * 1000) / synthetic[i].entries).toFixed(2) : "–")).join(" | ")} | ` +
        `${first && last ? fmtRatio(last.medianMs / first.medianMs) : "–"} |`);
    }
    lines.push("");
  }
  if (notes.length) {
    lines.push("## Notes", "");
    for (const note of notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return lines.join("\n");
}
