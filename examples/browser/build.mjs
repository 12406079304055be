#!/usr/bin/env node
// Builds the browser example into examples/browser/dist: main.ts bundled and minified by esbuild,
// index.html and style.css copied. "keystorekit" resolves to this repository's sources.
//   node examples/browser/build.mjs   then serve examples/browser/dist with any static server
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { selfReference } from "../../scripts/bundle-size.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const outdir = join(here, "dist");

export async function buildExample() {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, "main.ts")],
    outfile: join(outdir, "main.js"),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    metafile: true,
    logLevel: "silent",
    plugins: [selfReference()],
  });
  for (const name of ["index.html", "style.css"]) copyFileSync(join(here, name), join(outdir, name));
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)?.bytes ?? 0;
  return { outdir, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes } = await buildExample();
  console.log(`built ${outdir} (main.js ${(bytes / 1024).toFixed(1)} KiB minified)`);
}
