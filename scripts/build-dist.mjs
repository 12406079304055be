#!/usr/bin/env node
// The JavaScript the package ships (second step of `npm run build`, after tsc), bundled by esbuild
// with code splitting, so that an import or a start loads a few files instead of ~150 modules
// (issue 16; Node resolves, reads and compiles each module separately):
// - the library: every entry of package.json "exports" (dist/index.js, dist/entries/*.js,
//   dist/node/index.js) over shared chunks in dist/chunks/, so the entries share one instance of
//   every module (the Node entry's native-crypto switch reaches the root entry's codecs).
//   Dependencies stay imports of the installed packages. dist/crypto/digest.js is an entry too:
//   the bench's pure-JS suite switches the native digest off through it.
// - the CLI: src/cli/main.ts into dist/cli/main.js + dist/cli/chunks/, `--version` loading nothing
//   but main.js and one small chunk, each command only the chunks it needs; @noble/* bundled in.
// tsc's own per-module dist/**/*.js stay beside them for their typings' sake; the export map
// reaches only the bundled entries.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(repo, "dist", "cli");

const exportsMap = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).exports;
/** dist/x.js of every export → its source, src/x.ts (plus the bench's digest switch). */
const libraryEntries = Object.fromEntries(
  [...Object.values(exportsMap).flatMap((target) => (typeof target === "object" && target.default ? [target.default] : [])), "./dist/crypto/digest.js"].map((file) => [
    file.replace(/^\.\/dist\//, "").replace(/\.js$/, ""),
    join(repo, file.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")),
  ]),
);

/** esbuild options of the shipped library. */
export const LIBRARY_BUILD = {
  entryPoints: libraryEntries,
  outdir: join(repo, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external",
  external: ["node:*"],
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
};

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
  rmSync(join(repo, "dist", "chunks"), { recursive: true, force: true });
  await build(LIBRARY_BUILD);
  rmSync(join(outdir, "chunks"), { recursive: true, force: true });
  await build(CLI_BUILD);
  dropSourceMaps(join(repo, "dist"));
  chmodSync(join(outdir, "main.js"), 0o755);
}

/**
 * The package ships no source maps (issue 16): tsc's maps point at src/*.ts, which the tarball does
 * not hold, and they describe tsc's per-module files, which no export reaches (the bundles replaced
 * them). The bundles are plain, unminified ES2022, so a stack trace reads without a map; JSR users
 * get the TypeScript itself. Removes every map and the `sourceMappingURL` comments that name one.
 */
function dropSourceMaps(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) dropSourceMaps(path);
    else if (entry.name.endsWith(".map")) rmSync(path);
    else if (/\.(js|d\.ts)$/.test(entry.name)) {
      const text = readFileSync(path, "utf8");
      const stripped = text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
      if (stripped !== text) writeFileSync(path, stripped);
    }
  }
}
