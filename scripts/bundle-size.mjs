#!/usr/bin/env node
// Bundle-size budgets: each case is bundled for the browser with esbuild (ESM, minified,
// tree-shaken), gzipped with node:zlib at level 9, and compared with its budget. The JKS, JCEKS,
// BKS and PKCS#12 entry points must not even load pkijs/asn1js (checked on esbuild's metafile
// inputs); through the root entry, tree-shaking must leave none of their bytes in a JKS-only bundle.
//
//   node scripts/bundle-size.mjs          table + exit 1 when a budget or a rule is broken
//   node scripts/bundle-size.mjs --json   the same figures as JSON
//
// "keystorekit" and "keystorekit/<sub>" resolve through package.json "exports", mapped from
// dist/**.js back to src/**.ts, so no build is needed and the export map itself is exercised.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Packages nothing of ours loads any more (the trust-store code used pkijs until issue 16). */
export const PKIX_PACKAGES = ["pkijs", "asn1js", "pvtsutils", "pvutils", "bytestreamjs", "@peculiar/utils"];

/**
 * What each case imports and its gzip budget in bytes (about 20% above the figure measured when
 * the budget was set; see README "Runtimes and bundle sizes").
 */
export const CASES = [
  { name: "keystorekit/jks (read+write)", code: `import { decodeJks, encodeJks } from "keystorekit/jks"; export { decodeJks, encodeJks };`, budget: 15 * 1024, forbid: PKIX_PACKAGES },
  { name: "keystorekit/jks (read only)", code: `import { decodeJks } from "keystorekit/jks"; export { decodeJks };`, budget: 13.5 * 1024, forbid: PKIX_PACKAGES },
  { name: "keystorekit/pkcs12", code: `import { decodePkcs12, encodePkcs12 } from "keystorekit/pkcs12"; export { decodePkcs12, encodePkcs12 };`, budget: 33 * 1024, forbid: PKIX_PACKAGES },
  { name: "keystorekit/jceks", code: `import { decodeJceks, encodeJceks } from "keystorekit/jceks"; export { decodeJceks, encodeJceks };`, budget: 27 * 1024, forbid: PKIX_PACKAGES },
  { name: "keystorekit/bks", code: `import { decodeBks, decodeUber } from "keystorekit/bks"; export { decodeBks, decodeUber };`, budget: 23 * 1024, forbid: PKIX_PACKAGES },
  // Tree-shaking through the root entry: pkijs may be parsed but must leave no bytes in the output.
  { name: "keystorekit (root, JKS only)", code: `import { decodeJks, encodeJks } from "keystorekit"; export { decodeJks, encodeJks };`, budget: 15 * 1024, forbid: [], forbidInOutput: PKIX_PACKAGES },
  // Signatures go through WebCrypto from our own DER since issue 16: no pkijs anywhere (was 105 and 159 KiB).
  { name: "keystorekit/truststore", code: `export * from "keystorekit/truststore";`, budget: 43 * 1024, forbid: PKIX_PACKAGES },
  { name: "keystorekit (full)", code: `export * from "keystorekit";`, budget: 95 * 1024, forbid: PKIX_PACKAGES },
];

function exportsMap() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  return pkg.exports;
}

/** esbuild plugin: "keystorekit[/sub]" → the src/*.ts behind that subpath's dist file. */
export function selfReference() {
  const map = exportsMap();
  return {
    name: "keystorekit-self",
    setup(b) {
      b.onResolve({ filter: /^keystorekit(\/.*)?$/ }, (args) => {
        const sub = args.path === "keystorekit" ? "." : `.${args.path.slice("keystorekit".length)}`;
        const target = map[sub];
        const file = typeof target === "string" ? target : target?.default;
        if (typeof file !== "string") return { errors: [{ text: `package.json has no export "${sub}"` }] };
        const source = file.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts");
        return { path: join(repoRoot, source) };
      });
    },
  };
}

/** Bundles one case for the browser; returns sizes and the packages it pulled in. */
export async function measure(testCase) {
  const result = await build({
    stdin: { contents: testCase.code, resolveDir: repoRoot, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [selfReference()],
  });
  const output = result.outputFiles[0].contents;
  const packageOf = (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.replace(/\\/g, "/"))?.[1];
  const packagesOf = (inputs) => [...new Set(inputs.map(packageOf).filter((name) => name !== undefined))].sort();
  // Every module esbuild loaded, and the ones that still have bytes in the output after tree-shaking.
  const loadedInputs = Object.keys(result.metafile.inputs);
  const outputInputs = Object.values(result.metafile.outputs).flatMap((out) =>
    Object.entries(out.inputs).filter(([, info]) => info.bytesInOutput > 0).map(([input]) => input),
  );
  const loaded = packagesOf(loadedInputs);
  const packages = packagesOf(outputInputs);
  const forbidden = [...new Set([
    ...loaded.filter((name) => (testCase.forbid ?? []).includes(name)),
    ...packages.filter((name) => (testCase.forbidInOutput ?? []).includes(name)),
  ])].sort();
  const gzip = gzipSync(output, { level: 9 }).length;
  return {
    name: testCase.name,
    minified: output.length,
    gzip,
    budget: testCase.budget,
    overBudget: gzip > testCase.budget,
    packages,
    loaded,
    forbidden,
    sourceFiles: loadedInputs.filter((input) => !input.includes("node_modules")).length,
  };
}

/** Measures every case. */
export async function measureAll(cases = CASES) {
  const results = [];
  for (const testCase of cases) results.push(await measure(testCase));
  return results;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

export function formatTable(results) {
  const rows = [["entry", "minified", "gzip", "budget (gzip)", "status", "packages"]];
  for (const r of results) {
    const status = r.forbidden.length > 0 ? `FAIL: pulls ${r.forbidden.join(", ")}` : r.overBudget ? "FAIL: over budget" : "ok";
    rows.push([r.name, kb(r.minified), kb(r.gzip), kb(r.budget), status, r.packages.join(" ")]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ")).join("\n");
}

async function main() {
  const results = await measureAll();
  if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
  else console.log(formatTable(results));
  const failed = results.filter((r) => r.overBudget || r.forbidden.length > 0);
  if (failed.length > 0) {
    console.error(`\n${failed.length} bundle(s) over budget or pulling forbidden packages.`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
