#!/usr/bin/env node
// Builds the browser app (app/) into dist-app/: app/src/main.ts bundled by esbuild with code
// splitting (the library and the panels load as chunks of their own), content-hashed names, and
// index.html/style.css copied with the hashed names filled in. "keystorekit[/sub]" resolves to
// this repository's sources (scripts/bundle-size.mjs's selfReference).
//   npm run app            build into dist-app/
//   npm run app:serve      serve dist-app/ on 127.0.0.1 (scripts/serve-app.mjs)
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { repoRoot, selfReference } from "./bundle-size.mjs";

export const appDir = join(repoRoot, "app");
export const defaultOutdir = join(repoRoot, "dist-app");

/** esbuild plugin: the library stays out of the bundle (to measure the app's own bytes). */
function libraryExternal() {
  return {
    name: "keystorekit-external",
    setup(b) {
      b.onResolve({ filter: /^keystorekit(\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * Builds the app. `plugins` run before the library's resolver (tests swap modules with them). `externalLibrary` leaves "keystorekit" imports unresolved (for the bundle budget:
 * what the app adds on top of the library). Returns the output folder, esbuild's metafile and the
 * hashed names of the entry script and the style sheet.
 */
export async function buildApp({ outdir = defaultOutdir, externalLibrary = false, minify = true, plugins = [] } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(appDir, "src", "main.ts")],
    outdir,
    bundle: true,
    splitting: true,
    minify,
    sourcemap: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    entryNames: "[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
    logLevel: "silent",
    plugins: [...plugins, externalLibrary ? libraryExternal() : selfReference()],
  });
  // main.ts's output: chunks loaded by import() (the lazy panels) have an entryPoint too.
  const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint?.endsWith("app/src/main.ts"));
  if (!entry) throw new Error("esbuild produced no entry script");
  const mainFile = entry[0].slice(entry[0].lastIndexOf("/") + 1);
  const css = readFileSync(join(appDir, "style.css"));
  const styleFile = `style-${createHash("sha256").update(css).digest("hex").slice(0, 8)}.css`;
  writeFileSync(join(outdir, styleFile), css);
  const html = readFileSync(join(appDir, "index.html"), "utf8").replace("./main.js", `./${mainFile}`).replace("./style.css", `./${styleFile}`);
  writeFileSync(join(outdir, "index.html"), html);
  return { outdir, metafile: result.metafile, mainFile, styleFile };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outdir, metafile } = await buildApp();
  const total = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`built ${outdir} (${Object.keys(metafile.outputs).length} scripts, ${(total / 1024).toFixed(1)} KiB minified)`);
}
