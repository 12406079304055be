// Whole-process start-up costs (issue 16): importing the package, and the CLI as a user runs it,
// each in a fresh process, next to a bare `node -e 0`, `import "keystorekit/jks"`, `keytool -list`
// and `openssl pkcs12 -info`. Measurements, not tests. Part of `npm run bench` (run.mjs), or alone:
//
//   node bench/startup.mjs [--runs=N] [--only=a,b] [--json]   (after `npm run build`; N default 21)
//
// Every sample is a fresh process (lib/process.mjs: wall and CPU time as bash sees them). The figure
// is the median of N samples; the ratios are against `node -e 0` (CLI) and `import "keystorekit/jks"`
// (root import), from medians taken in the same run, samples interleaved.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { commandLine, have, quote, timeProcesses } from "./lib/process.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const dist = (path) => pathToFileURL(join(repo, "dist", path)).href;
const cli = join(repo, "dist", "cli", "main.js");

const CACERTS_SOURCES = ["/work/shared/peer-corpus/stores/debian/cacerts-debian.jks", "/etc/ssl/certs/java/cacerts"];

/** The start-up cases: name, shell command, the case it is compared with, the issue's target. */
async function startupCases(only) {
  if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
  const cacerts = CACERTS_SOURCES.find((path) => existsSync(path));
  if (!cacerts) throw new Error(`no cacerts found (looked at ${CACERTS_SOURCES.join(", ")})`);
  // The same certificates as a Java-profile PKCS#12, for `openssl pkcs12 -info` and our own list of it.
  const inputs = join(here, ".inputs");
  mkdirSync(inputs, { recursive: true });
  const cacertsP12 = join(inputs, "startup-cacerts.p12");
  if (!existsSync(cacertsP12)) {
    const kk = await import(dist("index.js"));
    const store = kk.decodeKeystore(new Uint8Array(readFileSync(cacerts)), { password: "changeit" });
    writeFileSync(cacertsP12, kk.encodeKeystore(store, { format: "PKCS12", password: "changeit" }));
  }
  const node = (...words) => commandLine("node", ...words);
  const importOf = (url) => node("--input-type=module", "-e", `await import(${JSON.stringify(url)})`);
  return [
    { name: "node -e 0", command: node("-e", "0") },
    { name: 'import "keystorekit/jks"', command: importOf(dist("entries/jks.js")) },
    { name: 'import "keystorekit"', command: importOf(dist("index.js")), base: 'import "keystorekit/jks"', target: 1.3 },
    { name: "keystorekit --version", command: node(cli, "--version"), base: "node -e 0", target: 1.2 },
    { name: "keystorekit list cacerts", command: node(cli, "list", cacerts, "--storepass", "changeit"), base: "node -e 0", target: 1.5 },
    { name: "keystorekit list cacerts.p12", command: node(cli, "list", cacertsP12, "--storepass", "changeit"), base: "node -e 0" },
    ...(have("keytool") ? [{ name: "keytool -list cacerts", command: `keytool -list -keystore ${quote(cacerts)} -storepass changeit`, base: "node -e 0" }] : []),
    ...(have("openssl")
      ? [{ name: "openssl pkcs12 -info cacerts.p12", command: `openssl pkcs12 -info -in ${quote(cacertsP12)} -passin pass:changeit -nokeys`, base: "node -e 0" }]
      : []),
  ].filter((c) => !only || only.some((word) => c.name.includes(word)) || c.name === "node -e 0" || c.name === 'import "keystorekit/jks"');
}

/**
 * Runs the start-up cases `runs` times each; rows { name, wallMs, cpuMs, runs, base?, target?,
 * wallRatio?, cpuRatio? } (ratios against the base case's medians of the same run).
 */
export async function runStartup({ runs = 21, only, log = () => {} } = {}) {
  const cases = await startupCases(only);
  log(`startup: ${cases.length} cases × ${runs} fresh processes…`);
  const timed = timeProcesses(cases, { runs, cwd: repo, log });
  const rows = cases.map((c, i) => ({ ...timed[i], ...(c.base ? { base: c.base } : {}), ...(c.target ? { target: c.target } : {}) }));
  const byName = new Map(rows.map((row) => [row.name, row]));
  for (const row of rows) {
    const base = row.base && byName.get(row.base);
    if (!base || row.skip || base.skip) continue;
    row.wallRatio = row.wallMs / base.wallMs;
    row.cpuRatio = row.cpuMs / base.cpuMs;
  }
  return rows;
}

const ratio = (value) => (value === undefined ? "" : `${value.toFixed(2)}×`);

/** The start-up table (Markdown lines). */
export function startupTable(rows, runs) {
  const lines = [`Fresh processes, median of ${runs}; wall and CPU (user + system) time.`, ""];
  lines.push("| case | wall ms | CPU ms | vs | wall ratio | CPU ratio | target |", "|---|---:|---:|---|---:|---:|---|");
  for (const row of rows) {
    if (row.skip) {
      lines.push(`| ${row.name} | ${row.skip} ||||||`);
      continue;
    }
    lines.push(`| ${row.name} | ${row.wallMs.toFixed(1)} | ${row.cpuMs.toFixed(1)} | ${row.base ?? ""} | ${ratio(row.wallRatio)} | ${ratio(row.cpuRatio)} | ${row.target ? `≤ ${row.target}×` : ""} |`);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const runs = Number(option("runs") ?? 21);
  const rows = await runStartup({ runs, only: option("only")?.split(","), log: (m) => process.stderr.write(`${m}\n`) });
  if (args.includes("--json")) console.log(JSON.stringify({ runs, date: new Date().toISOString(), rows }, null, 2));
  else console.log(startupTable(rows, runs).join("\n"));
}
