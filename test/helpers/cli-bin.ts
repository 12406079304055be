import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { repoRoot } from "./corpus.js";

/**
 * The CLI bundled from src/ by esbuild into test-output/cli/keystorekit.mjs (dependencies stay
 * in node_modules), so process-level tests (signals, strace, kills, concurrency) run the current
 * sources without a separate `npm run build`. test/global-setup.ts builds it once per run.
 */
export const CLI_BUNDLE = join(repoRoot, "test-output", "cli", "keystorekit.mjs");

export async function buildCliBundle(): Promise<void> {
  await build({
    entryPoints: [join(repoRoot, "src/cli/main.ts")],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
}

/** Runs the bundled CLI to completion. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeout?: number; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI_BUNDLE, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...options.env },
    timeout: options.timeout ?? 60_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
}

/** Starts the bundled CLI without waiting (for signals and concurrent runs). */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; prefix?: string[] } = {}) {
  // A prefix wraps the CLI in another program (strace, setpriv, sh -c 'umask …').
  const argv = [...(options.prefix ?? []), process.execPath, CLI_BUNDLE, ...args];
  return spawn(argv[0]!, argv.slice(1), {
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
