import { spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { decodeKeystore } from "../../src/formats/codec.js";
import { readKeystoreFile, saveKeystoreFile } from "../../src/node/index.js";
import { repoRoot } from "../helpers/corpus.js";
import { startCli } from "../helpers/cli-bin.js";

/**
 * Shared by the file-safety end-to-end tests (test/e2e/file-safety-*.test.ts): child processes
 * of the bundled CLI, strace logs, a seeded PRNG, and checks of a store directory after a run.
 */

export const PASSWORD = "changeit";
export const SP_ENV = { SP: PASSWORD };
export const fixture = (...parts: string[]) => join(repoRoot, "test", "fixtures", ...parts);

export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** strace that can trace and inject (ptrace may be forbidden in a container even when installed). */
export const hasStrace = (() => {
  const probe = spawnSync("strace", ["-qq", "-o", "/dev/null", "-e", "trace=getpid", "-e", "inject=getpid:retval=7", "true"], { encoding: "utf8" });
  return probe.status === 0;
})();

export const hasGnuTime = (() => spawnSync("/usr/bin/time", ["-f", "%M", "-o", "/dev/null", "true"]).status === 0)();
export const hasSetpriv = (() => spawnSync("setpriv", ["--version"]).status === 0)();

const madeDirs: string[] = [];

/** A new temporary directory, removed by {@link removeTempDirs}. */
export function tempDir(prefix = "kk-e2e-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Removes the directories {@link tempDir} made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Copies a fixture into `dir` under `name`; returns the new path. */
export function copyFixture(dir: string, from: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(from, path);
  return path;
}

/** mulberry32: a small seeded PRNG, so that a failing campaign can be replayed with its seed. */
export function prng(seed: number): { next(): number; int(lo: number, hi: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** The seed of this run: KK_SEED from the environment to replay one, else a fresh one. */
export function campaignSeed(): number {
  const given = process.env.KK_SEED;
  return given !== undefined ? Number(given) : Math.floor(Math.random() * 2 ** 32);
}

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Waits for a started child, collecting its output. */
export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => void (stdout += text));
  child.stderr?.setEncoding("utf8").on("data", (text: string) => void (stderr += text));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Starts the CLI and waits for it (optionally wrapped, e.g. in strace). */
export function runCliAsync(args: string[], options: { env?: NodeJS.ProcessEnv; prefix?: string[] } = {}): Promise<Finished> {
  return finished(startCli(args, { env: { ...SP_ENV, ...options.env }, ...(options.prefix ? { prefix: options.prefix } : {}) }));
}

/** Runs `tasks` with at most `limit` at a time (the machine has 2 cores). */
export async function inPool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Temporary files of a save of `target` (`.NAME.PID.HEX.tmp`) in its directory. */
export function tempFilesOf(target: string): string[] {
  const prefix = `.${basename(target)}.`;
  return readdirSync(dirname(target))
    .filter((name) => name.startsWith(prefix) && name.endsWith(".tmp"))
    .map((name) => join(dirname(target), name));
}

export const modeOf = (path: string) => statSync(path).mode & 0o7777;

/** Aliases of a store file, sorted, after checking that it opens with the password (integrity verified). */
export function verifiedAliases(path: string, password = PASSWORD): string[] {
  const store = decodeKeystore(new Uint8Array(readFileSync(path)), { password });
  if (store.integrity !== "verified") throw new Error(`${path}: integrity ${store.integrity}`);
  return store.aliases().sort();
}

/** Whether the bytes decode as a store with the password (used to classify a leftover file). */
export function decodes(bytes: Uint8Array, password = PASSWORD): boolean {
  try {
    return decodeKeystore(bytes, { password }).integrity === "verified";
  } catch {
    return false;
  }
}

/** One line of an `strace -f -o FILE` log: the thread, the call, its text and its result. */
export interface TracedCall {
  pid: number;
  name: string;
  text: string;
  result: string;
}

/**
 * The calls of an strace log made by the main thread (the first pid in the log: Node runs every
 * synchronous file call there). Calls interrupted by a thread switch ("<unfinished ...>") are
 * joined with their "resumed" half.
 */
export function mainThreadCalls(logFile: string): TracedCall[] {
  const lines = readFileSync(logFile, "utf8").split("\n").filter(Boolean);
  const main = Number(/^(\d+)/.exec(lines[0] ?? "")?.[1]);
  const calls: TracedCall[] = [];
  const unfinished = new Map<string, string>();
  for (const line of lines) {
    const match = /^(\d+)\s+(.*)$/.exec(line);
    if (!match || Number(match[1]) !== main) continue;
    let text = match[2]!;
    const pending = /^(\w+)\((.*) <unfinished \.\.\.>$/.exec(text);
    if (pending) {
      unfinished.set(pending[1]!, `${pending[1]}(${pending[2]}`);
      continue;
    }
    const resumed = /^<\.\.\. (\w+) resumed>(.*)$/.exec(text);
    if (resumed) text = `${unfinished.get(resumed[1]!) ?? `${resumed[1]}(`}${resumed[2]}`;
    const call = /^(\w+)\((.*)\)\s+=\s+(.*)$/.exec(text);
    if (call) calls.push({ pid: main, name: call[1]!, text: call[2]!, result: call[3]! });
  }
  return calls;
}

/** strace as a prefix for startCli: follow threads, log the named calls to `log`. */
export function straceLog(log: string, calls: string[], extra: string[] = []): string[] {
  return ["strace", "-f", "-qq", "-o", log, "-e", `trace=${calls.join(",")}`, ...extra];
}

/** Waits until `predicate` holds, checking every few milliseconds (throws after `limitMs`). */
export async function waitFor(predicate: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const exists = existsSync;

/**
 * A JKS store of `entries` trusted certificates made in-process: the 1000 of the j17-1000
 * fixture, repeated under new aliases (about 9.5 MB for 20k entries).
 */
export function makeBigStore(path: string, entries: number): void {
  const store = readKeystoreFile(fixture("jks", "j17-1000.jks"), { password: PASSWORD });
  const base = store.entries();
  for (let i = store.size; i < entries; i++) store.set({ ...base[i % base.length]!, alias: `copy-${i}` });
  saveKeystoreFile(path, store, { format: "JKS", password: PASSWORD });
}
