import { readFileSync } from "node:fs";

/**
 * The package version, read from keystorekit's package.json: the nearest one above this module
 * (src/cli, dist/cli, or dist/cli/chunks in the bundled CLI, where this code may land in a chunk).
 * Its own module, importing nothing but node:fs, so `keystorekit --version` is answered before
 * the rest of the CLI is loaded (issue 16).
 */
export const VERSION: string = (() => {
  for (const up of ["../../package.json", "../../../package.json"]) {
    try {
      const text = readFileSync(new URL(up, import.meta.url), "utf8");
      const manifest = JSON.parse(text) as { name?: string; version?: string };
      if (manifest.name === "keystorekit") return manifest.version ?? "unknown";
    } catch {
      // not there: one level further up
    }
  }
  return "unknown";
})();
