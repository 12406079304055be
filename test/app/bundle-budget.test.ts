import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../scripts/build-app.mjs";

/** Issue 17: the app's own code and CSS, at most 60 KiB gzip on top of the library's bundles. */
export const APP_BUDGET_GZIP = 60 * 1024;

const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

describe("browser app bundle budget", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("app code + CSS ≤ 60 KiB gzip with the library left out (esbuild metafile); full build measured too", async () => {
    const appOnly = mkdtempSync(join(tmpdir(), "kk-app-size-"));
    const full = mkdtempSync(join(tmpdir(), "kk-app-size-full-"));
    dirs.push(appOnly, full);
    const own = await buildApp({ outdir: appOnly, externalLibrary: true });
    const scripts = Object.keys(own.metafile.outputs).filter((path) => path.endsWith(".js"));
    // Nothing of the library is in these scripts: every input is the app's own (or a dependency it adds).
    const inputs = Object.values(own.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(inputs.filter((input) => input.replace(/\\/g, "/").includes("/src/") && !input.replace(/\\/g, "/").includes("app/src/"))).toEqual([]);
    const jsGzip = scripts.reduce((sum, path) => sum + gzip(readFileSync(path)), 0);
    const cssGzip = gzip(readFileSync(join(appOnly, own.styleFile)));
    const htmlGzip = gzip(readFileSync(join(appOnly, "index.html")));
    const appTotal = jsGzip + cssGzip + htmlGzip;

    const withLibrary = await buildApp({ outdir: full });
    const fullScripts = Object.entries(withLibrary.metafile.outputs).filter(([path]) => path.endsWith(".js"));
    const entry = fullScripts.find(([, output]) => output.entryPoint?.endsWith("app/src/main.ts"))!;
    const fullGzip = fullScripts.reduce((sum, [path]) => sum + gzip(readFileSync(path)), 0);
    console.log(
      `app: ${kib(jsGzip)} JS + ${kib(cssGzip)} CSS + ${kib(htmlGzip)} HTML = ${kib(appTotal)} gzip (budget ${kib(APP_BUDGET_GZIP)}); ` +
        `with the library: ${fullScripts.length} scripts, ${kib(fullGzip)} gzip, entry script ${kib(gzip(readFileSync(entry[0])))} gzip`,
    );
    expect(appTotal).toBeLessThanOrEqual(APP_BUDGET_GZIP);
  });
});
