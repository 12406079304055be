// New keys and certificates (issue 15), against keytool and OpenSSL on the same machine:
//   generate        one key pair per key type: keystorekit generateKeyPair (WebCrypto) and
//                   node:crypto generateKeyPairSync (the native floor under it) in this process,
//                   Java's KeyPairGenerator in-process (bench/java/GenBench.java, one JVM per
//                   Java), `openssl genpkey` as a whole process
//   sign-csr        issue a certificate for a PKCS#10 request with a CA key entry:
//                   signCertificateRequest in-process (CSR parsed and its signature checked, the
//                   certificate built and signed; the CA's signer made once), and whole processes
//                   `keystorekit gencert`, `keytool -gencert` (both read the CA's PKCS#12) and
//                   `openssl x509 -req` (PEM key and certificate)
//   cli-genkeypair  the whole process a user runs: `keystorekit genkeypair` and `keytool
//                   -genkeypair` (key pair, self-signed certificate, new PKCS#12 written),
//                   `openssl req -x509 -newkey` (key pair, certificate, two PEM files)
// RSA key generation searches for primes, so one key can take several times the median: the
// medians of few samples move between runs by ±30% or more on the large keys.
import { generateKeyPairSync } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSigner, decodeKeystore, generateKeyPair, signCertificateRequest, toPem } from "../dist/index.js";
import { measure, measureAsync } from "./lib/harness.mjs";
import { commandLine, have, timeProcesses } from "./lib/process.mjs";
import { findJavas } from "./suites/java.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const cli = join(repo, "dist", "cli", "main.js");
const GEN_BENCH = join(here, "java", "GenBench.java");
const PASSWORD = "changeit";

export const KEY_TYPES = ["RSA-2048", "RSA-3072", "RSA-4096", "EC-P-256", "EC-P-384", "EC-P-521", "Ed25519"];
const QUICK_TYPES = ["RSA-2048", "EC-P-256", "Ed25519"];

/** How each tool spells a key type. */
function spell(type) {
  const [family, ...rest] = type.split("-");
  const detail = rest.join("-");
  if (family === "RSA") {
    return { kk: { algorithm: "RSA", size: Number(detail) }, keytool: ["-keyalg", "RSA", "-keysize", detail], genpkey: ["-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${detail}`], newkey: ["-newkey", `rsa:${detail}`], node: ["rsa", { modulusLength: Number(detail) }] };
  }
  if (family === "EC") {
    const groupname = { "P-256": "secp256r1", "P-384": "secp384r1", "P-521": "secp521r1" }[detail];
    return { kk: { algorithm: "EC", curve: detail }, keytool: ["-keyalg", "EC", "-groupname", groupname], genpkey: ["-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${detail}`], newkey: ["-newkey", "ec", "-pkeyopt", `ec_paramgen_curve:${detail}`], node: ["ec", { namedCurve: detail }] };
  }
  return { kk: { algorithm: "Ed25519" }, keytool: ["-keyalg", "Ed25519"], genpkey: ["-algorithm", "ED25519"], newkey: ["-newkey", "ed25519"], node: ["ed25519", {}] };
}

/** In-process timing rules: generation takes 0.1 ms (Ed25519) to seconds (RSA-4096). */
const timing = (quick) => (quick ? { warmupRuns: 1, warmupMs: 0, minTimeMs: 100, minRuns: 2, maxTimeMs: 5_000 } : { warmupRuns: 3, warmupMs: 300, minTimeMs: 1_000, minRuns: 5, maxTimeMs: 10_000 });

async function generateRows(types, { quick, java, log }) {
  const rows = [];
  const push = (row) => {
    rows.push(row);
    log(`  generate ${row.case.padEnd(9)} ${row.impl.padEnd(16)} ${row.medianMs?.toFixed(2).padStart(9) ?? row.skip} ms`);
  };
  for (const type of types) {
    const { kk, node } = spell(type);
    push({ group: "generate", case: type, impl: "keystorekit", mode: "in-process", ...(await measureAsync(() => generateKeyPair(kk), timing(quick))) });
    push({ group: "generate", case: type, impl: "node:crypto", mode: "in-process", ...measure(() => generateKeyPairSync(...node), timing(quick)) });
  }
  if (java) {
    for (const found of findJavas()) {
      log(`  ${found.label} KeyPairGenerator (in-process)…`);
      const [minTime, minRuns] = quick ? [100, 2] : [1_000, 5];
      try {
        const output = execFileSync(found.path, [`-Dbench.prewarmMs=${quick ? 300 : 1000}`, GEN_BENCH, String(minTime), String(minRuns), "1000", ...types], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        for (const line of output.split("\n").filter(Boolean)) {
          const result = JSON.parse(line);
          push({ group: "generate", case: result.case, impl: found.label, mode: "in-process", medianMs: result.medianMs, p90Ms: result.p90Ms, minMs: result.minMs, runs: result.runs });
        }
      } catch (error) {
        for (const type of types) push({ group: "generate", case: type, impl: found.label, mode: "in-process", skip: `harness failed: ${String(error.message).split("\n")[0]}` });
      }
    }
  }
  return rows;
}

/** A CA key store, a request and the CA's key and certificate as PEM (for openssl), made once with keystorekit's CLI. */
function signingSetup(dir, type) {
  const { keytool } = spell(type);
  const files = { ca: join(dir, `ca-${type}.p12`), req: join(dir, `req-${type}.p12`), csr: join(dir, `req-${type}.csr`), caKey: join(dir, `ca-${type}.key`), caPem: join(dir, `ca-${type}.pem`) };
  if (!existsSync(files.caPem)) {
    for (const path of Object.values(files)) rmSync(path, { force: true });
    const run = (...args) => execFileSync("node", [cli, ...args, "-storepass", PASSWORD], { stdio: "ignore" });
    run("genkeypair", "-keystore", files.ca, "-alias", "ca", ...keytool, "-dname", "CN=Bench CA", "-ext", "bc:c=ca:true", "-validity", "3650");
    run("genkeypair", "-keystore", files.req, "-alias", "req", ...keytool, "-dname", "CN=req.example, O=Bench");
    run("certreq", "-keystore", files.req, "-alias", "req", "-file", files.csr, "-ext", "SAN=dns:req.example");
    const store = decodeKeystore(new Uint8Array(readFileSync(files.ca)), { password: PASSWORD });
    writeFileSync(files.caKey, toPem("PRIVATE KEY", store.privateKeyPkcs8("ca", PASSWORD)));
    writeFileSync(files.caPem, store.get("ca").chain[0].toPem());
  }
  return files;
}

async function signRows(types, dir, { quick, runs, log }) {
  const rows = [];
  for (const type of types) {
    const files = signingSetup(dir, type);
    const store = decodeKeystore(new Uint8Array(readFileSync(files.ca)), { password: PASSWORD });
    const entry = store.get("ca");
    const signer = await createSigner(store.privateKeyPkcs8("ca", PASSWORD), { publicKey: entry.chain[0].subjectPublicKeyInfo });
    const csr = readFileSync(files.csr, "utf8");
    const inProcess = await measureAsync(() => signCertificateRequest(csr, { signer, chain: entry.chain }), timing(quick));
    rows.push({ group: "sign-csr", case: `${type} CA`, impl: "keystorekit", mode: "in-process", ...inProcess });
    log(`  sign-csr ${type} keystorekit in-process ${inProcess.medianMs.toFixed(2)} ms`);
    const out = (tool) => join(dir, `out-${tool}-${type}.crt`);
    const cases = [
      { impl: "keystorekit gencert", command: commandLine("node", cli, "gencert", "-keystore", files.ca, "-storepass", PASSWORD, "-alias", "ca", "-infile", files.csr, "-outfile", out("kk")) },
      ...(have("keytool") ? [{ impl: "keytool -gencert", command: commandLine("keytool", "-gencert", "-keystore", files.ca, "-storepass", PASSWORD, "-alias", "ca", "-infile", files.csr, "-outfile", out("kt")) }] : []),
      ...(have("openssl") ? [{ impl: "openssl x509 -req", command: commandLine("openssl", "x509", "-req", "-in", files.csr, "-CA", files.caPem, "-CAkey", files.caKey, "-days", "90", "-out", out("os")) }] : []),
    ].map((c) => ({ ...c, name: c.impl, prepare: () => rmSync(out(c.impl.split(" ")[0]), { force: true }) }));
    for (const timed of timeProcesses(cases, { runs, cwd: repo, log })) {
      rows.push({ group: "sign-csr", case: `${type} CA`, impl: timed.name, mode: "process", ...timed, medianMs: timed.wallMs });
      log(`  sign-csr ${type} ${timed.name.padEnd(20)} ${timed.skip ?? `${timed.wallMs.toFixed(1)} ms wall, ${timed.cpuMs.toFixed(1)} ms CPU`}`);
    }
  }
  return rows;
}

function processRows(types, dir, { runs, log }) {
  const rows = [];
  for (const type of types) {
    const { keytool, genpkey, newkey } = spell(type);
    const file = (name) => join(dir, `${name}-${type}`);
    const remove = (...names) => () => names.forEach((name) => rmSync(file(name), { force: true }));
    const cases = [
      { group: "cli-genkeypair", name: "keystorekit genkeypair", command: commandLine("node", cli, "genkeypair", "-keystore", file("kk.p12"), "-storepass", PASSWORD, "-alias", "a", ...keytool, "-dname", "CN=bench"), prepare: remove("kk.p12") },
      ...(have("keytool")
        ? [{ group: "cli-genkeypair", name: "keytool -genkeypair", command: commandLine("keytool", "-genkeypair", "-keystore", file("kt.p12"), "-storepass", PASSWORD, "-alias", "a", ...keytool, "-dname", "CN=bench"), prepare: remove("kt.p12") }]
        : []),
      ...(have("openssl")
        ? [
            { group: "cli-genkeypair", name: "openssl req -x509 -newkey", command: commandLine("openssl", "req", "-x509", ...newkey, "-nodes", "-keyout", file("os.key"), "-out", file("os.crt"), "-subj", "/CN=bench", "-days", "90"), prepare: remove("os.key", "os.crt") },
            { group: "generate", name: "openssl genpkey", command: commandLine("openssl", "genpkey", ...genpkey) },
          ]
        : []),
    ];
    const timed = timeProcesses(cases, { runs, cwd: repo, log });
    cases.forEach((c, i) => {
      rows.push({ group: c.group, case: type, impl: c.name, mode: "process", ...timed[i], medianMs: timed[i].wallMs });
      log(`  ${c.group} ${type.padEnd(9)} ${c.name.padEnd(26)} ${timed[i].skip ?? `${timed[i].wallMs.toFixed(1)} ms wall, ${timed[i].cpuMs.toFixed(1)} ms CPU`}`);
    });
  }
  return rows;
}

/** Every generation row (see the header). `quick`: three key types, one CA, two process runs. */
export async function runGeneration({ quick = false, java = true, log = () => {} } = {}) {
  if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
  const dir = join(here, ".inputs", "generation");
  mkdirSync(dir, { recursive: true });
  const types = quick ? QUICK_TYPES : KEY_TYPES;
  const runs = quick ? 1 : 5;
  log(`generation: ${types.join(", ")}…`);
  return [
    ...(await generateRows(types, { quick, java, log })),
    ...(await signRows(quick ? ["RSA-2048"] : ["RSA-2048", "EC-P-256"], dir, { quick, runs: quick ? 1 : 7, log })),
    ...processRows(types, dir, { runs, log }),
  ];
}

const fmt = (ms) => (ms === undefined ? "–" : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

/** One table per group: a row per case, a column per implementation, keystorekit's ratio to each. */
export function generationTables(rows) {
  const titles = {
    generate: "Key generation (in-process: median of samples after warmup; `openssl genpkey`: whole process, wall)",
    "sign-csr": "Signing a CSR (keystorekit in-process; the others whole processes, wall; CPU time in brackets)",
    "cli-genkeypair": "`genkeypair` as a whole process (wall; CPU time in brackets)",
  };
  const lines = [];
  for (const group of Object.keys(titles)) {
    const inGroup = rows.filter((row) => row.group === group);
    if (!inGroup.length) continue;
    const impls = [...new Set(inGroup.map((row) => row.impl))];
    const modeOf = (impl) => inGroup.find((row) => row.impl === impl).mode;
    // keystorekit's ratio to each implementation measured the same way (in-process or whole process).
    const subjects = { "in-process": "keystorekit", process: group === "sign-csr" ? "keystorekit gencert" : "keystorekit genkeypair" };
    const others = impls.filter((impl) => !Object.values(subjects).includes(impl) && impls.includes(subjects[modeOf(impl)]));
    lines.push(`### ${titles[group]}`, "");
    lines.push(`| case | ${impls.join(" | ")} | ${others.map((impl) => `${subjects[modeOf(impl)]} ÷ ${impl}`).join(" | ")} |`);
    lines.push(`|---|${impls.map(() => "---:").join("|")}|${others.map(() => "---:").join("|")}|`);
    for (const name of [...new Set(inGroup.map((row) => row.case))]) {
      const of = (impl) => inGroup.find((row) => row.case === name && row.impl === impl);
      const cell = (row) => (!row ? "" : row.skip ? row.skip : `${fmt(row.medianMs)}${row.cpuMs !== undefined ? ` (${fmt(row.cpuMs)})` : ""}`);
      const ratios = others.map((impl) => {
        const mine = of(subjects[modeOf(impl)]);
        const other = of(impl);
        return mine?.medianMs !== undefined && other?.medianMs ? `${(mine.medianMs / other.medianMs).toFixed(2)}×` : "–";
      });
      lines.push(`| ${name} | ${impls.map((impl) => cell(of(impl))).join(" | ")} | ${ratios.join(" | ")} |`);
    }
    lines.push("");
  }
  return lines;
}
