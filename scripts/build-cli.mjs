#!/usr/bin/env node
// The CLI as the package ships it (second step of `npm run build`, after tsc): src/cli/main.ts
// bundled by esbuild into dist/cli/main.js, with code splitting into dist/cli/chunks/, so that a
// start loads a few files instead of ~150 modules, `--version` loads nothing but main.js, and each
// command loads only the chunks it needs (issue 16). Dependencies (pkijs, @noble/*) stay imports
// of the installed packages. tsc's own dist/cli/*.js stay beside it (typings, deep imports).
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(repo, "dist", "cli");

/** esbuild options of the shipped CLI (also used by test/cli/lazy-start.test.ts). */
export const CLI_BUILD = {
  entryPoints: { main: join(repo, "src", "cli", "main.ts") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // @noble/* are bundled (tree-shaken, no package resolution at start); pkijs stays a dynamic
  // import of the installed package, loaded only by the commands that verify signatures.
  external: ["pkijs", "asn1js"],
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(join(outdir, "chunks"), { recursive: true, force: true });
  await build(CLI_BUILD);
  // tsc's map described tsc's main.js, not the bundle.
  rmSync(join(outdir, "main.js.map"), { force: true });
  chmodSync(join(outdir, "main.js"), 0o755);
}
