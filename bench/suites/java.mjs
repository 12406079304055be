// Java's own KeyStore, timed in-process by bench/java/JksBench.java (one JVM per Java found; JIT
// warmup happens inside the JVM, so start-up is not counted). Looks at JAVA_HOME, `java` on PATH,
// and /usr/lib/jvm/* (for example a Temurin 25 next to the system's Java 17).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";

export const name = "java";
const HARNESS = fileURLToPath(new URL("../java/JksBench.java", import.meta.url));
// For the reflective X509Factory cache clearing (see JksBench.java).
const OPENS = ["--add-opens", "java.base/sun.security.provider=ALL-UNNAMED", "--add-opens", "java.base/sun.security.util=ALL-UNNAMED"];
/** Why the 50k stores get load and save only: printed in the report for the ops left out. */
const LIGHT_SKIP = "one Java load of the 50k store takes seconds: only load and save are timed there; run with --slow";
/**
 * Timed runs of load and save on the 50k stores (no warmup: the JIT is warm from the smaller files).
 * JKS: 3, for the "load/save at 50,000 entries against Java" (~2 s a load); PKCS#12: 1,
 * as a load takes ~4-9 s and a save ~2-5 s.
 */
const LIGHT_RUNS = { JKS: 3, PKCS12: 1 };
/** What `info` lines the harness printed, per Java label (cache clearing). */
const infos = {};

function which(command) {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** The distinct Java launchers on this machine, with their major version. */
export function findJavas() {
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(`${process.env.JAVA_HOME}/bin/java`);
  const onPath = which("java");
  if (onPath) candidates.push(onPath);
  if (existsSync("/usr/lib/jvm")) {
    for (const dir of readdirSync("/usr/lib/jvm").sort()) candidates.push(`/usr/lib/jvm/${dir}/bin/java`);
  }
  const seen = new Map();
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if ([...seen.values()].some((java) => java.real === real)) continue;
    const probe = spawnSync(candidate, ["-version"], { encoding: "utf8" });
    const match = /version "([^"]+)"/.exec(probe.stderr ?? "");
    if (!match) continue;
    const version = match[1];
    const major = version.startsWith("1.") ? version.split(".")[1] : version.split(/[.+-]/)[0];
    const label = `java-${major}`;
    if (!seen.has(label)) seen.set(label, { label, version, path: candidate, real });
  }
  return [...seen.values()];
}

export function available() {
  return findJavas().length > 0 ? true : "no java found (JAVA_HOME, PATH, /usr/lib/jvm)";
}

/** Runs `java` on the harness; the JSON lines it printed, `info` lines collected in `infos`. */
function runHarness(java, properties, files, password, maxRuns) {
  const output = execFileSync(java.path, ["-Xmx4g", ...OPENS, ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`), HARNESS, files[0], password, String(maxRuns), ...files.slice(1)], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const results = [];
  for (const line of output.split("\n").filter(Boolean)) {
    const result = JSON.parse(line);
    if (result.info) (infos[java.label] ??= {})[result.info] = result;
    else results.push(result);
  }
  return results;
}

/** One JVM per (format, password): inputs in order, so the JIT is warm when the large files come. */
function groups(inputs) {
  const found = new Map();
  for (const input of inputs) {
    const key = `${input.format}\u0000${input.password}`;
    found.set(key, [...(found.get(key) ?? []), input]);
  }
  return [...found.values()];
}

/**
 * Runs the harness once per JVM over every input; returns result rows like the in-process suites.
 * `at` is the validation time of the verify ops (the one the other suites use).
 */
export function runExternal(inputs, { maxRuns = 1000, log = () => {}, slow = false, at = new Date(), prewarmMs } = {}) {
  const rows = [];
  for (const java of findJavas()) {
    for (const group of groups(inputs)) {
      const { password, format } = group[0];
      log(`  ${java.label} (${java.version}) ${format}: ${group.map((input) => input.name).join(", ")}`);
      const light = slow ? [] : group.filter((input) => input.large);
      const properties = { "bench.type": format, "bench.light": light.map((input) => input.path).join(delimiter), "bench.lightRuns": String(LIGHT_RUNS[format] ?? 1) };
      if (prewarmMs !== undefined) properties["bench.prewarmMs"] = String(prewarmMs);
      const parseDer = group.filter((input) => input.parseDer);
      if (parseDer.length) properties["bench.parseDer"] = parseDer.map((input) => input.path).join(delimiter);
      const verifying = group.find((input) => input.verify?.length);
      if (verifying) {
        properties["bench.verify.store"] = verifying.path;
        properties["bench.verify.ops"] = verifying.verify.map((v) => v.op).join(",");
        properties["bench.verify.at"] = String(at.getTime());
        for (const v of verifying.verify) Object.assign(properties, { [`bench.verify.${v.op}.chain`]: v.chain, [`bench.verify.${v.op}.anchor`]: v.anchor });
      }
      let results;
      try {
        results = runHarness(java, properties, group.map((input) => input.path), password, maxRuns);
      } catch (error) {
        for (const input of group) rows.push({ input: input.name, impl: java.label, op: "load", skip: `harness failed: ${error.message.split("\n")[0]}` });
        continue;
      }
      for (const result of results) {
        const input = group.find((candidate) => candidate.path === result.file);
        // Java writes its own default (the "java" profile): not comparable with another profile's save.
        if (result.op === "save-java" && input.profile !== "java") continue;
        const noWarmup = light.includes(input) ? { noWarmup: true } : {};
        rows.push({ input: input.name, impl: java.label, op: result.op, medianMs: result.medianMs, p90Ms: result.p90Ms, minMs: result.minMs, runs: result.runs, ...noWarmup });
      }
      for (const input of light) for (const op of ["list", "parse-certs"]) rows.push({ input: input.name, impl: java.label, op, skip: LIGHT_SKIP });
    }
  }
  return rows;
}

/**
 * Memory of one load of each of `inputs` per Java, in a fresh JVM per (Java, format): rows
 * { input, impl, fileBytes, rssBefore, rssPeak, heapBefore, heapAfter, loadMs } (see JksBench.memory).
 * The load runs in a cold JVM (warming it up would pre-grow the heap the peak is about), which
 * takes 5-17 s for a 50k store: by default only the JKS stores (the memory target), all
 * with --slow.
 */
export function memory(inputs, { log = () => {}, slow = false } = {}) {
  const rows = [];
  for (const input of inputs.filter((candidate) => candidate.format !== "JKS" && !slow)) {
    rows.push({ input: input.name, impl: "java", skip: "a cold Java load of this store takes 10-17 s: run with --slow" });
  }
  for (const java of findJavas()) {
    for (const group of groups(inputs.filter((input) => input.format === "JKS" || slow))) {
      log(`  ${java.label} memory: ${group.map((input) => input.name).join(", ")}`);
      try {
        for (const result of runHarness(java, { "bench.type": group[0].format, "bench.mode": "memory" }, group.map((input) => input.path), group[0].password, 0)) {
          const { file, op, ...measured } = result;
          rows.push({ input: group.find((candidate) => candidate.path === file).name, impl: java.label, ...measured });
        }
      } catch (error) {
        for (const input of group) rows.push({ input: input.name, impl: java.label, skip: `harness failed: ${error.message.split("\n")[0]}` });
      }
    }
  }
  return rows;
}

/** Per Java label: whether X509Factory's certificate cache could be emptied before each run. */
export function cacheInfo() {
  return Object.fromEntries(Object.entries(infos).map(([label, info]) => [label, info["x509-cache"]]));
}

export function versions() {
  return Object.fromEntries(findJavas().map((java) => [java.label, java.version]));
}
