// The benchmark suite: `npm run bench` (builds first), or `node bench/run.mjs [options]`.
//
//   --large        also the 50,000-entry store (~58 MB; made on first use)
//   --slow         also the cases known to take tens of seconds (jks-js toPem above 1,000 entries,
//                  node-forge list on the 10,000-entry and 100-key PKCS#12 files)
//   --only=a,b     only these suites (keystorekit, keystorekit-pure, jks-js, node-forge, pkijs,
//                  lower-bound, java)
//   --inputs=a,b   only these inputs (cacerts, synthetic-1k, synthetic-10k, synthetic-50k, keys-100,
//                  cacerts-p12, cacerts-p12-nopass, synthetic-10k-p12, keys-100-p12)
//   --no-java      skip the Java harness
//
// Every implementation runs on the same input files in the same process run. Results go to stdout
// and to bench/results/latest.md and latest.json (latest-large.* with --large). To add a peer,
// add a module to bench/suites/ exporting name, available() and cases(input, ctx) (or
// runExternal for another process) and list it in SUITES.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
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

const SUITES = [keystorekit, keystorekitPure, jksJs, nodeForge, pkijs, lowerBound, java];
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const list = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3).split(",");
const options = { large: flag("large"), slow: flag("slow"), only: list("only"), inputs: list("inputs"), java: !flag("no-java") };
const log = (message) => process.stderr.write(`${message}\n`);

const started = performance.now();
log("preparing inputs (cached in bench/.inputs/)…");
let inputs = await prepareInputs({ large: options.large });
if (options.inputs) inputs = inputs.filter((input) => options.inputs.includes(input.name));
for (const input of inputs) {
  const bytes = readFileSync(input.path);
  input.bytes = bytes.length;
  input.entries = decodeKeystore(new Uint8Array(bytes), { password: input.password }).size;
}

const suites = SUITES.filter((suite) => !options.only || options.only.includes(suite.name))
  .filter((suite) => options.java || suite !== java)
  .filter((suite) => {
    const status = suite.available();
    if (status !== true) log(`skipping ${suite.name}: ${status}`);
    return status === true;
  });

const rows = [];
for (const input of inputs) {
  const bytes = readFileSync(input.path);
  for (const suite of suites.filter((s) => s.cases)) {
    for (const testCase of suite.cases(input, { bytes, slow: options.slow })) {
      const row = { input: input.name, impl: suite.name, op: testCase.op };
      if (testCase.skip) {
        rows.push({ ...row, skip: testCase.skip });
        continue;
      }
      let result;
      try {
        const timing = { setup: testCase.setup, ...testCase.timing };
        result = testCase.async ? await measureAsync(testCase.fn, timing) : measure(testCase.fn, timing);
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
  const external = suite.runExternal(inputs, { log });
  for (const row of external) log(`${row.input.padEnd(18)} ${row.impl.padEnd(16)} ${row.op.padEnd(17)} ${row.medianMs?.toFixed(3).padStart(10) ?? row.skip} ms`);
  rows.push(...external);
}

const peers = [...new Set(rows.map((row) => row.impl))].filter((impl) => impl !== SUBJECT && impl !== LOWER_BOUND && !VARIANTS.includes(impl));
const ratios = computeRatios(rows, peers);
const machine = machineInfo();
const javas = suites.includes(java) ? java.versions() : {};
const notes = [
  "keystorekit `load` is lazy: certificates stay DER until a field is read. Java's `load` parses every X.509 certificate; jks-js `parseJks` copies the bytes and keeps them unparsed.",
  "`list` = load + aliases + SHA-256 of every certificate (what `keystorekit list` needs). `to-pem` = load + every certificate and key as PEM (jks-js `toPem`). " +
    "`save` = encode a loaded store (keys keep their stored protection). `decrypt-keys` = decrypt every key of a loaded store (Java: the getKey loop).",
  "Java is timed in-process by bench/java/JksBench.java after warmup (JVM start-up not counted), one JVM per Java, ops in table order, so later ops run on a warmer JIT; " +
    "on this 2-core machine Java medians move by up to 2-5x between runs (JIT and GC threads). node-forge has no JKS reader and is not in the JKS tables.",
  "Synthetic stores: cacerts certificates with rewritten serial bytes (distinct DER, signatures not valid), written by keystorekit encodeJks; keys-100: RSA-2048 keys from openssl with a 2-certificate chain.",
  "PKCS#12 inputs are written by keystorekit from the JKS inputs: `java` profile (PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC for keys and certificates, HMAC-SHA256 MAC keyed by the PKCS#12 KDF, 10,000 iterations) " +
    "and `passwordless` (certificates in the clear, no MAC). PKCS#12 `save-<profile>` = encode a loaded store in that profile (keys read from PKCS#12 keep their stored encryption, as in Java); Java's `store` writes its default, which is the `java` profile, so it is reported as `save-java`.",
  "node-forge `load` = bytes → binary string (counted) → asn1.fromDer → pkcs12FromAsn1(asn1, password): MAC, safe decryption, certificate parsing (RSA only; the 35 EC certificates of cacerts stay ASN.1) and decryption of every key, so its `load` on keys-100-p12 includes keystorekit's `decrypt-keys`.",
  "pkijs (4.0.0 with asn1js 4.0.0) cannot read any of these files through its own API: AuthenticatedSafe.parseInternalValues throws \"Data is not correct for 'SafeContents'\" because asn1js 4 caps fromBER at 10,000 nodes and pkijs passes no option " +
    "(and checkIntegrity: true throws \"Absent macData\" on the password-less file). The pkijs suite does what parseInternalValues does with asn1js.fromBER(…, { maxNodes }) + new SafeContents({ schema }); with that, pkijs costs ~5 ms per certificate bag (10,000 entries: 51 s for one load), so it runs on the 10k file only with --slow.",
  "p12-native (lower bound): the KDF, MAC and AES work of a `java`-profile PKCS#12 load done with node:crypto (see suites/lower-bound.mjs).",
];
const totalSeconds = (performance.now() - started) / 1000;
const command = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
const report = { command, date: new Date().toISOString(), machine, javas, options, inputs, rows, ratios, peers, notes, totalSeconds };
const markdown = renderMarkdown(report);

const resultsDir = join(here, "results");
mkdirSync(resultsDir, { recursive: true });
const write = (name, text) => {
  writeFileSync(join(resultsDir, `${name}.tmp`), text);
  renameSync(join(resultsDir, `${name}.tmp`), join(resultsDir, name));
};
// The --large run keeps its own files, so the default run's figures are not overwritten by it.
const stem = options.large ? "latest-large" : "latest";
write(`${stem}.md`, markdown);
write(`${stem}.json`, `${JSON.stringify({ ...report, inputs: inputs.map(({ path, ...rest }) => ({ ...rest, file: path.slice(here.length + 1) })) }, null, 2)}\n`);
console.log(markdown);
log(`wrote bench/results/${stem}.md and ${stem}.json (${totalSeconds.toFixed(0)} s)`);
