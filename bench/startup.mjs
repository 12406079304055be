// Whole-process start-up costs (issue 16): importing the package, and the CLI as a user runs it,
// each in a fresh process, next to a bare `node -e 0`, `import "keystorekit/jks"`, `keytool -list`
// and `openssl pkcs12 -info`. Measurements, not tests.
//
//   node bench/startup.mjs [--runs=N] [--only=a,b] [--json]   (after `npm run build`; N default 21)
//
// Every sample is a fresh process started by bash, which reports the child's wall time
// ($EPOCHREALTIME around it) and its CPU time (user + system, from `times`). The figure is the
// median of N samples; the ratios are against `node -e 0` (CLI) and `import "keystorekit/jks"`
// (root import), from medians taken in the same run, samples interleaved so a burst of load from
// other processes hits every case alike. On a shared machine CPU time is the steadier figure:
// wall time also counts the time the process waited for a core.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const args = process.argv.slice(2);
const option = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(option("runs") ?? 21);
const only = option("only")?.split(",");
const asJson = args.includes("--json");
const dist = (path) => pathToFileURL(join(repo, "dist", path)).href;
const cli = join(repo, "dist", "cli", "main.js");
if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");

const CACERTS_SOURCES = ["/work/shared/peer-corpus/stores/debian/cacerts-debian.jks", "/etc/ssl/certs/java/cacerts"];
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

const have = (command) => spawnSync("bash", ["-c", `command -v ${command}`]).status === 0;
const quote = (word) => `'${word.replace(/'/g, "'\\''")}'`;
const node = (...words) => ["node", ...words].map(quote).join(" ");
const importOf = (url) => node("--input-type=module", "-e", `await import(${JSON.stringify(url)})`);

/** name, shell command, what it is compared with. */
const CASES = [
  { name: "node -e 0", command: node("-e", "0"), group: "cli" },
  { name: 'import "keystorekit/jks"', command: importOf(dist("entries/jks.js")), group: "import" },
  { name: 'import "keystorekit"', command: importOf(dist("index.js")), group: "import", base: 'import "keystorekit/jks"', target: 1.3 },
  { name: "keystorekit --version", command: node(cli, "--version"), group: "cli", base: "node -e 0", target: 1.2 },
  { name: "keystorekit list cacerts", command: node(cli, "list", cacerts, "--storepass", "changeit"), group: "cli", base: "node -e 0", target: 1.5 },
  { name: "keystorekit list cacerts.p12", command: node(cli, "list", cacertsP12, "--storepass", "changeit"), group: "cli", base: "node -e 0" },
  ...(have("keytool") ? [{ name: "keytool -list cacerts", command: `keytool -list -keystore ${quote(cacerts)} -storepass changeit`, group: "cli", base: "node -e 0" }] : []),
  ...(have("openssl")
    ? [{ name: "openssl pkcs12 -info cacerts.p12", command: `openssl pkcs12 -info -in ${quote(cacertsP12)} -passin pass:changeit -nokeys`, group: "cli", base: "node -e 0" }]
    : []),
].filter((c) => !only || only.some((word) => c.name.includes(word)) || c.name === "node -e 0" || c.name === 'import "keystorekit/jks"');

/** One fresh process: its wall and CPU time in ms, as bash sees them. */
function sample(command) {
  const script = `s=$EPOCHREALTIME; ${command} >/dev/null 2>&1; r=$?; e=$EPOCHREALTIME; times; echo "$s $e $r"`;
  const out = execFileSync("bash", ["-c", script], { cwd: repo, encoding: "utf8" }).trim().split("\n");
  const [start, end, status] = out.at(-1).split(" ");
  if (status !== "0") throw new Error(`${command} exited with ${status}`);
  // `times`: the shell's own user/sys, then its children's (the command): "0m0.031s 0m0.008s".
  const seconds = (word) => {
    const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(word);
    return Number(m) * 60 + Number(s);
  };
  const [user, system] = out.at(-2).split(" ").map(seconds);
  return { wall: (Number(end) - Number(start)) * 1000, cpu: (user + system) * 1000 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

for (const c of CASES) sample(c.command); // one untimed run each: disk cache, JIT caches
const samples = new Map(CASES.map((c) => [c.name, []]));
for (let i = 0; i < runs; i++) for (const c of CASES) samples.get(c.name).push(sample(c.command));

const rows = CASES.map((c) => {
  const list = samples.get(c.name);
  return { name: c.name, wallMs: median(list.map((s) => s.wall)), cpuMs: median(list.map((s) => s.cpu)), base: c.base, target: c.target };
});
const byName = new Map(rows.map((row) => [row.name, row]));
for (const row of rows) {
  const base = row.base && byName.get(row.base);
  if (!base) continue;
  row.wallRatio = row.wallMs / base.wallMs;
  row.cpuRatio = row.cpuMs / base.cpuMs;
  if (row.target) row.met = row.cpuRatio <= row.target && row.wallRatio <= row.target ? "met" : row.cpuRatio <= row.target ? "met (CPU), missed (wall)" : "missed";
}

if (asJson) console.log(JSON.stringify({ runs, date: new Date().toISOString(), rows }, null, 2));
else {
  const ratio = (value) => (value === undefined ? "" : `${value.toFixed(2)}×`);
  console.log(`Fresh processes, median of ${runs} (node ${process.version}; wall and CPU = user + system)\n`);
  console.log("| case | wall ms | CPU ms | vs | wall ratio | CPU ratio | target |");
  console.log("|---|---:|---:|---|---:|---:|---|");
  for (const row of rows) {
    const target = row.target ? `≤ ${row.target}×: ${row.met}` : "";
    console.log(`| ${row.name} | ${row.wallMs.toFixed(1)} | ${row.cpuMs.toFixed(1)} | ${row.base ?? ""} | ${ratio(row.wallRatio)} | ${ratio(row.cpuRatio)} | ${target} |`);
  }
}
