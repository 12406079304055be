// pyjks (pure-Python JKS reader and writer), timed in-process by bench/python/jks_bench.py (Python
// start-up not counted), JKS inputs only. Debian packages it (apt-get install python3-pyjks); the
// suite looks for a Python that can `import jks`: `python3` on PATH, then /usr/bin/python3 (the
// Debian package installs into the system Python, which a pyenv or venv python3 does not see).
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const name = "pyjks";
const HARNESS = fileURLToPath(new URL("../python/jks_bench.py", import.meta.url));
const CANDIDATES = ["python3", "/usr/bin/python3"];
let python;
let version;

export function available() {
  for (const candidate of CANDIDATES) {
    const probe = spawnSync(candidate, ["-c", "import jks, importlib.metadata as m, sys; print(m.version('pyjks'), sys.version.split()[0])"], { encoding: "utf8" });
    if (probe.status === 0) {
      python = candidate;
      version = probe.stdout.trim();
      return true;
    }
  }
  return `no Python with pyjks found (tried ${CANDIDATES.join(", ")}; Debian: apt-get install python3-pyjks)`;
}

/** "pyjks <version> (Python <version>)", once available() has found it. */
export function versions() {
  if (!version) return {};
  const [pyjks, py] = version.split(" ");
  return { pyjks: `${pyjks} (Python ${py})` };
}

/** pyjks `saves` appends every entry to a bytes object (`keystore += ...`): quadratic in the entries. */
const SAVE_SKIP_SLOW = "pyjks saves is quadratic (it grows one bytes object entry by entry): ~7 s per save at 10k; run with --slow";
const SAVE_SKIP = "pyjks saves is quadratic (it grows one bytes object entry by entry): minutes per save at 50k";
const PARSE_SKIP = "pyjks has no certificate parser (certificates stay DER bytes)";

function run(specs, password, maxRuns) {
  const output = execFileSync(python, [HARNESS, password, String(maxRuns), ...specs], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
  return output.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

/** One Python process over every JKS input (smaller files first, so caches are warm as in Java). */
export function runExternal(inputs, { maxRuns = 1000, log = () => {}, slow = false } = {}) {
  const jks = inputs.filter((input) => input.format === "JKS");
  if (!jks.length) return [];
  log(`  pyjks ${version} (${python}): ${jks.map((input) => input.name).join(", ")}`);
  const rows = [];
  const specs = [];
  for (const input of jks) {
    rows.push({ input: input.name, impl: name, op: "parse-certs", skip: PARSE_SKIP });
    const entries = input.entries ?? 0;
    if (input.large) {
      rows.push({ input: input.name, impl: name, op: "save", skip: SAVE_SKIP });
      specs.push(`${input.path}:load,list`);
    } else if (entries > 1_000 && !slow) {
      rows.push({ input: input.name, impl: name, op: "save", skip: SAVE_SKIP_SLOW });
      specs.push(`${input.path}:load,list,decrypt-keys`);
    } else {
      specs.push(input.path);
    }
  }
  try {
    for (const result of run(specs, jks[0].password, maxRuns)) {
      const input = jks.find((candidate) => candidate.path === result.file);
      rows.push({ input: input.name, impl: name, op: result.op, medianMs: result.medianMs, p90Ms: result.p90Ms, minMs: result.minMs, runs: result.runs });
    }
  } catch (error) {
    for (const input of jks) rows.push({ input: input.name, impl: name, op: "load", skip: `harness failed: ${error.message.split("\n")[0]}` });
  }
  return rows;
}

/** Memory of one load per input, in a fresh Python process each (see jks_bench.py `memory`). */
export function memory(inputs) {
  return inputs
    .filter((input) => input.format === "JKS")
    .map((input) => {
      try {
        const [{ file, op, ...measured }] = run([`${input.path}:memory`], input.password, 0);
        return { input: input.name, impl: name, ...measured };
      } catch (error) {
        return { input: input.name, impl: name, skip: `failed: ${error.message.split("\n")[0]}` };
      }
    });
}
