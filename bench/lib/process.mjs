// Whole-process timing, shared by startup.mjs and generation.mjs: every sample is a fresh process
// started by bash, which reports the child's wall time ($EPOCHREALTIME around it) and its CPU time
// (user + system of the children, from `times`). On a shared machine CPU time is the steadier
// figure: wall time also counts the time the process waited for a core.
import { execFileSync, spawnSync } from "node:child_process";
import { loadavg } from "node:os";

/** True when `command` is on PATH. */
export const have = (command) => spawnSync("bash", ["-c", `command -v ${command}`]).status === 0;

/** One shell word, single-quoted. */
export const quote = (word) => `'${String(word).replace(/'/g, "'\\''")}'`;

/** A shell command line from words, each quoted. */
export const commandLine = (...words) => words.map(quote).join(" ");

/** One fresh process: its wall and CPU time in ms, as bash sees them. Throws when it fails. */
export function sampleProcess(command, { cwd } = {}) {
  const script = `s=$EPOCHREALTIME; ${command} >/dev/null 2>/tmp/kk-bench-stderr.$$; r=$?; e=$EPOCHREALTIME; times; echo "$s $e $r"; if [ $r -ne 0 ]; then head -c 400 /tmp/kk-bench-stderr.$$ >&2; fi; rm -f /tmp/kk-bench-stderr.$$`;
  const result = spawnSync("bash", ["-c", script], { cwd, encoding: "utf8" });
  const out = result.stdout.trim().split("\n");
  const [start, end, status] = (out.at(-1) ?? "").split(" ");
  if (status !== "0") throw new Error(`${command} exited with ${status}: ${result.stderr.trim().split("\n")[0] ?? ""}`);
  // `times`: the shell's own user/sys, then its children's (the command): "0m0.031s 0m0.008s".
  const seconds = (word) => {
    const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(word);
    return Number(m) * 60 + Number(s);
  };
  const [user, system] = out.at(-2).split(" ").map(seconds);
  return { wall: (Number(end) - Number(start)) * 1000, cpu: (user + system) * 1000 };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Times each case `runs` times, interleaved (so a burst of load from other processes hits every
 * case alike), after one untimed run each. A case is { name, command, prepare? } (`prepare` runs
 * untimed before every sample, e.g. to remove the key store a generation run made). Returns
 * { name, wallMs, cpuMs, runs } per case, or { name, skip } when it failed.
 */
export function timeProcesses(cases, { runs, cwd, log = () => {} }) {
  const samples = new Map(cases.map((c) => [c.name, []]));
  const failed = new Map();
  const once = (c) => {
    if (failed.has(c.name)) return;
    try {
      c.prepare?.();
      samples.get(c.name).push(sampleProcess(c.command, { cwd }));
    } catch (error) {
      failed.set(c.name, String(error.message).split("\n")[0]);
      log(`  ${c.name}: fails: ${failed.get(c.name)}`);
    }
  };
  for (const c of cases) {
    once(c);
    samples.get(c.name).length = 0;
  }
  for (let i = 0; i < runs; i++) for (const c of cases) once(c);
  return cases.map((c) => {
    if (failed.has(c.name)) return { name: c.name, skip: `fails: ${failed.get(c.name)}` };
    const list = samples.get(c.name);
    return { name: c.name, wallMs: median(list.map((s) => s.wall)), cpuMs: median(list.map((s) => s.cpu)), runs: list.length };
  });
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);
