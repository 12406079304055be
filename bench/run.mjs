// The benchmark suite: `npm run bench` (builds first), or `node bench/run.mjs [options]`.
//
//   --slow         also the cases known to take tens of seconds or more: jks-js toPem above 1,000
//                  entries, node-forge list on the 10,000-entry and 100-key PKCS#12 files,
//                  parse-certs beyond cacerts-p12 and everything on the 50,000-entry one, pkijs
//                  from 1,000 entries on, pyjks
//                  save at 10,000 entries, every op (not only load, list, save, parse-certs) on
//                  the 50,000-entry stores, Java's list/parse-certs there included, and Java's
//                  memory on the 50,000-entry PKCS#12
//   --only=a,b     only these suites (keystorekit, keystorekit-pure, jks-js, node-forge, pkijs,
//                  lower-bound, java, pyjks)
//   --inputs=a,b   only these inputs (cacerts, synthetic-1k, synthetic-10k, synthetic-50k, keys-100,
//                  cacerts-p12, cacerts-p12-nopass, synthetic-1k-p12, synthetic-10k-p12,
//                  synthetic-50k-p12, keys-100-p12)
//   --no-java      skip the Java harness
//   --quick        a fast subset: short sampling, inputs cacerts, synthetic-1k, cacerts-p12 and
//                  keys-100-p12 unless --inputs says, 5 start-up runs, 3 key types and one process
//                  run each in the generation cases, 1 and 4 MB PEM bundles, no memory section
//   --readme       after a full run, also write the README's performance table (report-readme.mjs)
//   --out=DIR      write the results files into DIR instead of bench/results (tests)
//   --only=        also takes the groups startup (start-up processes, startup.mjs), generation
//                  (issue 15's key generation and CSR signing, generation.mjs) and pem (pem.mjs);
//                  without --only every suite and group runs
//
// After the codec suites: start-up (fresh processes, median of 15), generation, PEM; then issue
// #16's targets as ratios with met / missed (lib/targets.mjs), the machine's load average at the
// start and the end. `node bench/report-readme.mjs` copies the result into the README's table.
//
// Every implementation runs on the same input files in the same process run; then the memory of one
// load of each 50,000-entry store is measured in fresh processes. Results go to stdout and to
// bench/results/latest.md and latest.json (latest-slow.* with --slow; subset.*, not committed, when
// --only, --inputs or --no-java leave something out). To add a peer, add a module to bench/suites/
// exporting name, available() and cases(input, ctx) (or runExternal for another process), and
// optionally memory(inputs), and list it in SUITES.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeKeystore } from "../dist/index.js";
import { prepareInputs } from "./inputs.mjs";
import { measure, measureAsync } from "./lib/harness.mjs";
import { machineInfo } from "./lib/machine.mjs";
import { computeRatios, renderMarkdown, LOWER_BOUND, SUBJECT, VARIANTS } from "./lib/report.mjs";
import * as keystorekit from "./suites/keystorekit.mjs";
import * as keystorekitPure from "./suites/keystorekit-pure.mjs";
import * as jksJs from "./suites/jks-js.mjs";
import * as nodeForge from "./suites/node-forge.mjs";
import * as pkijs from "./suites/pkijs.mjs";
import * as lowerBound from "./suites/lower-bound.mjs";
import * as java from "./suites/java.mjs";
import * as pyjks from "./suites/pyjks.mjs";
import { runStartup, startupTable } from "./startup.mjs";
import { generationTables, runGeneration } from "./generation.mjs";
import { pemTable, runPem } from "./pem.mjs";
import { loadAverage } from "./lib/process.mjs";
import { evaluateTargets, loadLine, readmeBlock, spliceReadme, targetsTable } from "./lib/targets.mjs";

const SUITES = [keystorekit, keystorekitPure, jksJs, nodeForge, pkijs, lowerBound, java, pyjks];
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const list = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3).split(",");
const options = { slow: flag("slow"), quick: flag("quick"), only: list("only"), inputs: list("inputs"), java: !flag("no-java") };
const GROUPS = ["startup", "generation", "pem"];
const wants = (name) => !options.only || options.only.includes(name);
const QUICK_INPUTS = ["cacerts", "synthetic-1k", "cacerts-p12", "keys-100-p12"];
// --quick: short sampling for every in-process case (the default rules are in lib/harness.mjs).
const quickTiming = options.quick ? { warmupRuns: 3, warmupMs: 20, minTimeMs: 30, minRuns: 3 } : {};
const load = { start: loadAverage() };
const log = (message) => process.stderr.write(`${message}\n`);

const started = performance.now();
const codecSuites = SUITES.filter((suite) => wants(suite.name));
const inputNames = options.inputs ?? (options.quick ? QUICK_INPUTS : undefined);
let inputs = [];
if (codecSuites.length) {
  log("preparing inputs (cached in bench/.inputs/)…");
  inputs = await prepareInputs(inputNames);
}
for (const input of inputs) {
  const bytes = readFileSync(input.path);
  input.bytes = bytes.length;
  input.entries = decodeKeystore(new Uint8Array(bytes), { password: input.password }).size;
}
// verify-chain validates at one instant, the same for every implementation (Java gets it as a
// property): taken after the inputs exist, since freshly made chains start their validity now.
const verifyAt = new Date();

const unavailable = [];
const suites = codecSuites
  .filter((suite) => options.java || suite !== java)
  .filter((suite) => {
    const status = suite.available();
    if (status !== true) {
      log(`skipping ${suite.name}: ${status}`);
      unavailable.push(`${suite.name} was not run: ${status}.`);
    }
    return status === true;
  });

const rows = [];
for (const input of inputs) {
  const bytes = readFileSync(input.path);
  for (const suite of suites.filter((s) => s.cases)) {
    for (const testCase of suite.cases(input, { bytes, slow: options.slow, at: verifyAt })) {
      const row = { input: input.name, impl: suite.name, op: testCase.op };
      if (testCase.skip) {
        rows.push({ ...row, skip: testCase.skip });
        continue;
      }
      let result;
      try {
        // On the 50k stores a run takes 0.2-3 s and the JIT is warm from the smaller stores: no
        // warmup runs there (marked ³ in the report), which saves ~15 s.
        const timing = { setup: testCase.setup, ...(input.large ? { warmupRuns: 0 } : {}), ...testCase.timing, ...quickTiming };
        result = testCase.async ? await measureAsync(testCase.fn, timing) : measure(testCase.fn, timing);
        if (input.large && (timing.warmupRuns ?? 1) === 0) result.noWarmup = true;
      } catch (error) {
        // A peer that cannot read a file: recorded as such, instead of a time.
        rows.push({ ...row, skip: `fails: ${String(error?.message ?? error).split("\n")[0]}` });
        log(`${input.name.padEnd(18)} ${suite.name.padEnd(16)} ${testCase.op.padEnd(17)} fails: ${error?.message}`);
        continue;
      }
      rows.push({ ...row, ...result });
      log(`${input.name.padEnd(18)} ${suite.name.padEnd(16)} ${testCase.op.padEnd(17)} ${result.medianMs.toFixed(3).padStart(10)} ms  (p90 ${result.p90Ms.toFixed(3)}, ${result.runs} runs)`);
    }
  }
}
for (const suite of suites.filter((s) => s.runExternal)) {
  log(`${suite.name}: external harness…`);
  const external = suite.runExternal(inputs, { log, slow: options.slow, at: verifyAt, ...(options.quick ? { maxRuns: 20, prewarmMs: 500 } : {}) });
  for (const row of external) log(`${row.input.padEnd(18)} ${row.impl.padEnd(16)} ${row.op.padEnd(17)} ${row.medianMs?.toFixed(3).padStart(10) ?? row.skip} ms`);
  rows.push(...external);
}

// Memory: one load of each 50,000-entry store, in a fresh process per implementation (per JVM).
const memory = [];
const memoryInputs = options.quick ? [] : inputs.filter((input) => input.large);
if (memoryInputs.length) {
  log("memory of one load (fresh processes)…");
  for (const suite of suites.filter((s) => s.memory)) {
    for (const row of suite.memory(memoryInputs, { log, slow: options.slow })) {
      memory.push(row);
      const extra = row.skip ?? `peak RSS +${((row.rssPeak - row.rssBefore) / 2 ** 20).toFixed(0)} MiB (${((row.rssPeak - row.rssBefore) / row.fileBytes).toFixed(2)}× the file)`;
      log(`${row.input.padEnd(18)} ${row.impl.padEnd(16)} memory            ${extra}`);
    }
  }
}

// Whole processes and the issue 15 / 16 groups.
const startup = wants("startup") ? { runs: options.quick ? 5 : 15, rows: [] } : undefined;
if (startup) startup.rows = await runStartup({ runs: startup.runs, log });
const generation = wants("generation") ? await runGeneration({ quick: options.quick, java: options.java, log }) : undefined;
const pem = wants("pem") ? runPem({ quick: options.quick, log }) : undefined;
load.end = loadAverage();

const peers = [...new Set(rows.map((row) => row.impl))].filter((impl) => impl !== SUBJECT && impl !== LOWER_BOUND && !VARIANTS.includes(impl));
const ratios = computeRatios(rows, peers);
const machine = machineInfo();
const javas = suites.includes(java) ? java.versions() : {};
const externals = { ...javas, ...(suites.includes(pyjks) ? pyjks.versions() : {}) };
const cache = suites.includes(java) ? java.cacheInfo() : {};
const uncleared = Object.entries(cache).filter(([, info]) => !info?.cleared);
const notes = [
  ...unavailable,
  "keystorekit `load` is lazy: certificates stay DER until a field is read. Java's `load` parses every X.509 certificate; jks-js `parseJks` copies the bytes and keeps them unparsed; pyjks `loads` keeps them as bytes.",
  "`list` = load + aliases + SHA-256 of every certificate (what `keystorekit list` needs). `to-pem` = load + every certificate and key as PEM (jks-js `toPem`). " +
    "`save` = encode a loaded store (keys keep their stored protection). `decrypt-keys` = decrypt every key of a loaded store (Java: the getKey loop).",
  "`parse-certs` = load + six fields of every certificate (subject and issuer as strings, serial number, notBefore, notAfter, public-key algorithm): keystorekit parses them on first read; Java's `load` has already parsed every certificate, so its parse-certs is its load plus the getters; " +
    "node-forge and pkijs (PKCS#12 only) parse every certificate in their load, and have no RFC 2253 string form, so their DN strings are joined `type=value` pairs. jks-js and pyjks have no certificate parser.",
  "`parse-der` (cacerts, keys-100) = the certificate parsers alone: from a list of every certificate's DER, made once untimed, parse each and read the same six fields (keystorekit `new Certificate(der)`, Java CertificateFactory, node-forge `pki.certificateFromAsn1(asn1.fromDer(…))` with the binary-string conversion counted, pkijs `Certificate.fromBER`). " +
    "node-forge reads RSA keys only, so it fails on cacerts (35 EC certificates) and on every PKCS#12 holding them; keys-100 is all RSA.",
  "`verify-chain` validates test/fixtures/chains/cases/leaf-intermediate.pem (EC P-256 leaf ← EC intermediate ← RSA-2048 root; 3 signature checks) and `verify-chain-rsa` the first keys-100 chain (RSA-2048 leaf, v1, ← its openssl CA), each against the cacerts store with the chain's root added as a trusted certificate, " +
    `at one instant for all (${verifyAt.toISOString()}). The trust store is loaded and its anchors prepared once, untimed (as a TLS client holds them); each run parses the chain from DER and validates it. ` +
    "keystorekit: verifyChain(chain, trustAnchorsOf(store), { purpose: \"any\" }) (no TLS end-entity checks, as the others make none; signatures through WebCrypto from our own DER, issuer keys imported once per certificate object, hence async); Java: CertPathValidator PKIX, revocation off; " +
    "pkijs: CertificateChainValidationEngine (no CRLs/OCSP); node-forge: pki.verifyCertificateChain with a CA store of the 109 RSA cacerts certificates + the root (it cannot hold the EC ones, nor parse the EC chain).",
  "Java is timed in-process by bench/java/JksBench.java after warmup (JVM start-up not counted), one JVM per Java and format, ops in table order, so later ops run on a warmer JIT; " +
    "on this 2-core machine Java medians move by up to 2-5x between runs (JIT and GC threads). " +
    "Java's X509Factory caches the last 750 certificates it parsed (keyed by DER), so repeated loads of a store of up to 750 certificates would parse nothing after the first: the harness empties that cache before every run (untimed), so every Java figure is a first parse, as in a fresh JVM " +
    (uncleared.length ? `(NOT possible for ${uncleared.map(([label, info]) => `${label}: ${info?.problem ?? "no report"}`).join("; ")}: those figures include cache hits). ` : "(Java 17 on cacerts, measured once on this machine: ~0.5 ms per load with the cache, ~1.6 ms without). ") +
    "node-forge has no JKS reader and pyjks no PKCS#12 reader.",
  "The 50,000-entry stores (~56-60 MB) run by default with a reduced set of ops, all without warmup runs (³; the JIT is warm from the smaller stores): keystorekit load, list, save, parse-certs (load and save for keystorekit-pure); jks-js load; pyjks load and list; " +
    "Java load and save, 3 runs on the JKS store and 1 on the PKCS#12 one (a Java PKCS#12 load there takes 4-9 s); node-forge and pkijs not at all (one load takes tens of seconds to minutes). `--slow` runs the rest.",
  "Memory: one load of each 50,000-entry store in a fresh process per implementation (bench/lib/memory-child.mjs with node --expose-gc; JksBench.java and jks_bench.py in `memory` mode), with the file already read; Java in a cold JVM on the JKS store only unless --slow (a cold PKCS#12 load takes 10-17 s), node-forge and pkijs not (one load takes too long to be cheap). " +
    "Peak = the process's peak resident set during the load (VmHWM, reset just before it through /proc/self/clear_refs) minus the resident set just before it; retained = heap (V8 heapUsed + external, which counts ArrayBuffers; Java: used heap) after a full GC while the store is held, minus before (pyjks: resident set after the load, minus before). " +
    "Peaks include garbage the collector had not yet reclaimed, so they depend on GC policy (Java: -Xmx4g, G1) as much as on need.",
  "Synthetic stores: cacerts certificates with rewritten serial bytes (distinct DER, signatures not valid), written by keystorekit encodeJks; keys-100: RSA-2048 keys from openssl with a 2-certificate chain.",
  "PKCS#12 inputs are written by keystorekit from the JKS inputs: `java` profile (PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC for keys and certificates, HMAC-SHA256 MAC keyed by the PKCS#12 KDF, 10,000 iterations) " +
    "and `passwordless` (certificates in the clear, no MAC). PKCS#12 `save-<profile>` = encode a loaded store in that profile (keys read from PKCS#12 keep their stored encryption, as in Java); Java's `store` writes its default, which is the `java` profile, so it is reported as `save-java`.",
  "node-forge `load` = bytes → binary string (counted) → asn1.fromDer → pkcs12FromAsn1(asn1, password): MAC, safe decryption, certificate parsing (RSA only; the 35 EC certificates of cacerts stay ASN.1) and decryption of every key, so its `load` on keys-100-p12 includes keystorekit's `decrypt-keys`.",
  "pkijs (4.0.0 with asn1js 4.0.0) cannot read any of these files through its own API: AuthenticatedSafe.parseInternalValues throws \"Data is not correct for 'SafeContents'\" because asn1js 4 caps fromBER at 10,000 nodes and pkijs passes no option " +
    "(and checkIntegrity: true throws \"Absent macData\" on the password-less file). The pkijs suite does what parseInternalValues does with asn1js.fromBER(…, { maxNodes }) + new SafeContents({ schema }); with that, pkijs costs ~3-5 ms per certificate bag (1,000 entries: ~5 s for one load, 10,000: 51 s), so it runs on the 144-entry files only, unless --slow; its `list` and `parse-certs` (its load + ~1%) on cacerts-p12 only.",
  "pyjks is timed in-process by bench/python/jks_bench.py (same rules as the Node harness; Python start-up not counted), `load` with try_decrypt_keys=False (keys stay encrypted, as in every other load); its `saves` grows one bytes object entry by entry (quadratic), so save runs up to 1k entries by default.",
  "p12-native (lower bound): the KDF, MAC and AES work of a `java`-profile PKCS#12 load done with node:crypto (see suites/lower-bound.mjs).",
];
const totalSeconds = (performance.now() - started) / 1000;
const command = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
const report = { command, date: new Date().toISOString(), machine, loadAverage: load, javas: externals, options, inputs, rows, ratios, peers, memory, startup, generation, pem, notes, totalSeconds };
const targets = evaluateTargets(report);
report.targets = targets.map(({ label, group, ratio, limit, strict, status, detail }) => ({ label, group, ratio, limit, strict, status, detail }));
const top = [
  loadLine(load, machine.cores),
  "",
  "## Issue #16 targets",
  "",
  "Ratios within this run. Codec targets use keystorekit's faster API for the op (sync or `-async`); start-up targets are met only when both CPU and wall time are within the limit (the ratio shown is the worse of the two).",
  "",
  ...targetsTable(targets),
  "",
];
const sections = [
  ...(startup ? [`## Start-up (whole processes)`, "", ...startupTable(startup.rows, startup.runs), ""] : []),
  ...(generation ? ["## Key generation and certificates (issue #15)", "", ...generationTables(generation)] : []),
  ...(pem ? ["## PEM at scale", "", ...pemTable(pem), ""] : []),
];
const markdown = renderMarkdown(report, { top, sections });

const resultsDir = list("out")?.[0] ?? join(here, "results");
mkdirSync(resultsDir, { recursive: true });
const write = (name, text) => {
  writeFileSync(join(resultsDir, `${name}.tmp`), text);
  renameSync(join(resultsDir, `${name}.tmp`), join(resultsDir, name));
};
// A partial run must not overwrite the committed figures of a full one; --slow keeps its own files.
const partial = options.only || options.inputs || options.quick || !options.java;
const stem = partial ? "subset" : options.slow ? "latest-slow" : "latest";
write(`${stem}.md`, markdown);
// Paths relative to the repository, so the JSON does not depend on where it was run.
const repoPath = (path) => relative(join(here, ".."), path);
const portableInputs = inputs.map(({ path, verify, ...rest }) => ({
  ...rest,
  file: repoPath(path),
  ...(verify ? { verify: verify.map((v) => ({ op: v.op, chain: repoPath(v.chain), anchor: repoPath(v.anchor) })) } : {}),
}));
write(`${stem}.json`, `${JSON.stringify({ ...report, inputs: portableInputs }, null, 2)}\n`);
console.log(markdown);
if (flag("readme")) {
  // Only a full run may change the README's figures.
  if (partial) log("--readme ignored: a partial run (--only, --inputs, --quick, --no-java) does not update the README");
  else {
    const readme = join(here, "..", "README.md");
    writeFileSync(readme, spliceReadme(readFileSync(readme, "utf8"), readmeBlock(report)));
    log("README.md performance table updated");
  }
}
log(`wrote ${relative(process.cwd(), join(resultsDir, stem))}.md and ${stem}.json (${totalSeconds.toFixed(0)} s)`);
