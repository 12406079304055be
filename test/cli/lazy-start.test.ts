import { relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { COMMANDS, loadCommand, run } from "../../src/cli/run.js";
import { repoRoot } from "../helpers/corpus.js";
// @ts-expect-error: a plain .mjs build script without types
import { CLI_BUILD } from "../../scripts/build-dist.mjs";

/**
 * Start-up work of the shipped CLI (issue 16), checked on esbuild's module graph of the bundle
 * `npm run build` makes (scripts/build-dist.mjs): what a start loads before its first await, not
 * how long it takes.
 */
async function cliGraph(): Promise<Metafile> {
  const result = await build({ ...(CLI_BUILD as object), write: false, metafile: true, logLevel: "silent" });
  return result.metafile;
}

/** The source files a bundle output and the outputs it imports statically (not through import()) hold. */
function staticClosure(metafile: Metafile, output: string): { sources: Set<string>; externals: Set<string> } {
  const sources = new Set<string>();
  const externals = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const out = metafile.outputs[name]!;
    for (const input of Object.keys(out.inputs)) sources.add(relative(repoRoot, input).replace(/\\/g, "/"));
    for (const imported of out.imports) {
      if (imported.kind !== "import-statement") continue;
      if (imported.external) externals.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(output);
  return { sources, externals };
}

/** The output chunk that holds `source` (an import() target gets a chunk of its own). */
function outputOf(metafile: Metafile, source: string): string {
  const found = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint === source || Object.keys(out.inputs).some((input) => input.endsWith(source) && out.entryPoint !== undefined));
  if (!found) throw new Error(`no output chunk for ${source}`);
  return found[0];
}

describe("CLI start-up (issue 16)", () => {
  it("answers --version from main.js and the version module alone", async () => {
    const metafile = await cliGraph();
    const main = Object.keys(metafile.outputs).find((name) => name.endsWith("main.js"))!;
    const { sources, externals } = staticClosure(metafile, main);
    expect([...sources].sort()).toEqual(["src/cli/main.ts", "src/cli/version.ts"]);
    expect([...externals]).toEqual(["node:fs"]);
  });

  it("list loads neither pkijs nor the modules of other commands", async () => {
    const metafile = await cliGraph();
    const { sources, externals } = staticClosure(metafile, outputOf(metafile, "src/cli/commands/list.ts"));
    expect(sources).toContain("src/formats/jks/decode.ts");
    for (const other of ["check", "import-cert", "inspect", "convert", "merge", "export-key"]) expect(sources).not.toContain(`src/cli/commands/${other}.ts`);
    expect([...sources].filter((s) => /pkijs|asn1js|truststore\/(verify|pkix-checks)/.test(s))).toEqual([]);
    expect(externals.has("pkijs")).toBe(false);
  });

  it("every lazy COMMANDS line loads the command it names", async () => {
    for (const entry of COMMANDS) expect((await loadCommand(entry)).name).toBe(entry.name);
  });

  it("refuses a table line that loads another command", async () => {
    const list = await loadCommand(COMMANDS[0]!);
    await expect(loadCommand({ name: "lits", load: async () => list })).rejects.toThrow(/"lits" loads the command "list"/);
  });

  it("--help still lists every command, loaded on demand", async () => {
    let out = "";
    const status = await run(["--help"], { stdout: (text) => (out += text), stderr: () => {}, env: {} });
    expect(status).toBe(0);
    for (const entry of COMMANDS) expect(out).toMatch(new RegExp(`^  ${entry.name} `, "m"));
  });
});
