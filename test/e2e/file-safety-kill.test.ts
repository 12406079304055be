import { chmodSync, chownSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { startCli } from "../helpers/cli-bin.js";
import {
  PASSWORD,
  SP_ENV,
  campaignSeed,
  copyFixture,
  finished,
  fixture,
  hasStrace,
  inPool,
  isRoot,
  mainThreadCalls,
  modeOf,
  prng,
  removeTempDirs,
  runCliAsync,
  straceLog,
  tempDir,
  tempFilesOf,
  verifiedAliases,
  type TracedCall,
} from "./file-safety-helpers.js";

/**
 * Issue #11, "Done when": the kill-during-write campaign. Each run copies a fresh store into its
 * own directory, starts one CLI command that writes a file, and SIGKILLs it, either after a
 * random delay or (strace) at the N-th call of a chosen syscall of the main thread. Afterwards:
 *
 * - the target holds exactly its old bytes, or the new result (a store that opens with its
 *   password, integrity verified, with the expected entries; an export byte-identical to what a
 *   normal run writes), never anything else;
 * - every leftover temporary file is 0600, or the target's own mode (after the fchmod that
 *   immediately precedes the rename), so a temp holding keys is never readable by others;
 * - a normal save of the same target then succeeds and leaves no `.NAME.*.tmp` and no `.lock`.
 *
 * The seed is printed, and KK_SEED=… replays a run.
 */

const RUNS_PER_SCENARIO = 25;
const seed = campaignSeed();
const rng = prng(seed);
const where = (run: string) => `seed ${seed} (replay with KK_SEED=${seed}), ${run}`;

interface Scenario {
  name: string;
  /** Whether the written file holds private keys (a leftover temp must then stay private). */
  holdsKeys: boolean;
  /** Lays out the files in `dir`; returns the command's arguments and the target it writes. */
  setup(dir: string): { args: string[]; target: string };
  /** True when `target` holds the new result (throws with details when it holds something else). */
  isNew(target: string, expectedBytes: Buffer): boolean;
  /** A command that saves the same target again (run in-process after the kill). */
  followUp(dir: string, target: string): string[];
}

const sp = ["--storepass-env", "SP"];
const storeIs = (aliases: string[]) => (target: string) => {
  expect(verifiedAliases(target)).toEqual([...aliases].sort());
  return true;
};
const bytesAre = (target: string, expected: Buffer) => {
  const now = readFileSync(target);
  if (!now.equals(expected)) throw new Error(`${target} is neither its old bytes nor the new ones (${now.length} bytes)`);
  return true;
};
const importAfter = (_dir: string, target: string) => ["import-cert", "-keystore", target, ...sp, "-file", fixture("certs", "server.pem"), "-alias", "after", "--allow-duplicate"];
const bigAliases = verifiedAliases(fixture("jks", "j17-1000.jks"));

const scenarios: Scenario[] = [
  {
    name: "import-cert (a key store owned by 65534, 0640: fchown + fchmod)",
    holdsKeys: true,
    setup(dir) {
      const target = copyFixture(dir, fixture("jks", "j17-rsa.jks"), "store.jks");
      chmodSync(target, 0o640);
      if (isRoot) chownSync(target, 65534, 65534);
      return { args: ["import-cert", "-keystore", target, ...sp, "-file", fixture("certs", "ca.pem"), "-alias", "added"], target };
    },
    isNew: storeIs(["rsa", "added"]),
    followUp: importAfter,
  },
  {
    name: "delete (1000 trusted certificates, 0644)",
    holdsKeys: false,
    setup(dir) {
      const target = copyFixture(dir, fixture("jks", "j17-1000.jks"), "big.jks");
      chmodSync(target, 0o644);
      return { args: ["delete", target, "-alias", "cert0519", ...sp], target };
    },
    isNew: storeIs(bigAliases.filter((alias) => alias !== "cert0519")),
    followUp: importAfter,
  },
  {
    name: "rename (a key store, 0600)",
    holdsKeys: true,
    setup(dir) {
      const target = copyFixture(dir, fixture("jks", "j17-ec.jks"), "ec.jks");
      chmodSync(target, 0o600);
      return { args: ["rename", target, "-alias", "ec", "-destalias", "renamed", ...sp], target };
    },
    isNew: storeIs(["renamed"]),
    followUp: importAfter,
  },
  {
    name: "convert --force onto an existing PKCS#12 (keys, 0600)",
    holdsKeys: true,
    setup(dir) {
      const input = copyFixture(dir, fixture("jks", "j17-rsa.jks"), "in.jks");
      const target = copyFixture(dir, fixture("pkcs12", "j17-trusted.p12"), "out.p12");
      chmodSync(target, 0o600);
      return { args: ["convert", input, target, "--force", ...sp], target };
    },
    isNew: storeIs(["rsa"]),
    followUp: (dir, target) => ["convert", join(dir, "in.jks"), target, "--force", ...sp],
  },
  {
    name: "merge (trusted certificates into a key store, 0600)",
    holdsKeys: true,
    setup(dir) {
      const target = copyFixture(dir, fixture("jks", "j17-rsa.jks"), "store.jks");
      chmodSync(target, 0o600);
      const source = copyFixture(dir, fixture("jks", "j17-trusted.jks"), "source.jks");
      return { args: ["merge", target, source, ...sp, "--source-storepass-env", "SP"], target };
    },
    isNew: storeIs(["rsa", "ca", "ed25519", "server"]),
    followUp: importAfter,
  },
  {
    name: "export-cert -file over an existing PEM (0644)",
    holdsKeys: false,
    setup(dir) {
      const store = copyFixture(dir, fixture("jks", "j17-trusted.jks"), "trust.jks");
      const target = copyFixture(dir, fixture("certs", "server.pem"), "out.pem");
      chmodSync(target, 0o644);
      return { args: ["export-cert", store, "-alias", "ca", "-file", target, ...sp], target };
    },
    isNew: bytesAre,
    followUp: (dir, target) => ["export-cert", join(dir, "trust.jks"), "-alias", "ca", "-file", target, ...sp],
  },
  {
    name: "export-bundle -file of 1000 certificates over an existing PEM (0644)",
    holdsKeys: false,
    setup(dir) {
      const store = copyFixture(dir, fixture("jks", "j17-1000.jks"), "big.jks");
      const target = copyFixture(dir, fixture("certs", "ca.pem"), "bundle.pem");
      chmodSync(target, 0o644);
      return { args: ["export-bundle", store, "-file", target, ...sp], target };
    },
    isNew: bytesAre,
    followUp: (dir, target) => ["export-bundle", join(dir, "big.jks"), "-file", target, ...sp],
  },
  {
    name: "export-key -file over an existing key file (plaintext key, 0600)",
    holdsKeys: true,
    setup(dir) {
      const store = copyFixture(dir, fixture("jks", "j17-rsa.jks"), "rsa.jks");
      const target = join(dir, "key.pem");
      writeFileSync(target, "old key file\n", { mode: 0o600 });
      return { args: ["export-key", store, "--alias", "rsa", "-file", target, ...sp], target };
    },
    isNew: bytesAre,
    followUp: (dir, target) => ["export-key", join(dir, "rsa.jks"), "--alias", "rsa", "-file", target, ...sp],
  },
];

/** What a normal run of a scenario looks like: its new bytes, its duration, its syscalls. */
interface Baseline {
  newBytes: Buffer;
  durationMs: number;
  /** Per syscall: the range of N (1-based, main thread) worth killing at. */
  killRanges: Map<string, [number, number]>;
  calls: TracedCall[];
  target: string;
}

const INJECTABLE = ["openat", "write", "fchown", "fchmod", "fsync", "rename", "unlink"];
const baselines = new Map<string, Baseline>();
const tally = { runs: 0, killed: 0, finishedFirst: 0, oldBytes: 0, newBytes: 0, leftoverTemps: 0, leftoverLocks: 0, straceRuns: 0, slowFollowUps: [] as string[] };
let campaignMs = 0;

beforeAll(async () => {
  await inPool(
    2,
    scenarios.map((scenario) => async () => {
      const dir = tempDir("kk-kill-base-");
      const { args, target } = scenario.setup(dir);
      const started = Date.now();
      const plain = await runCliAsync(args);
      const durationMs = Date.now() - started;
      expect(plain.status, `${scenario.name}: ${plain.stderr}`).toBe(0);
      const newBytes = readFileSync(target);
      let calls: TracedCall[] = [];
      const killRanges = new Map<string, [number, number]>();
      if (hasStrace) {
        const again = tempDir("kk-kill-trace-");
        const traced = scenario.setup(again);
        const log = join(tempDir("kk-kill-log-"), "strace.log");
        const result = await runCliAsync(traced.args, { prefix: straceLog(log, INJECTABLE) });
        expect(result.status, result.stderr).toBe(0);
        calls = mainThreadCalls(log);
        // Kill points: from the first call that touches the scenario's directory to the end.
        const first = calls.findIndex((call) => call.text.includes(again));
        for (const name of INJECTABLE) {
          const indexes = calls.flatMap((call, i) => (call.name === name ? [i] : []));
          const from = indexes.findIndex((i) => i >= first);
          if (from >= 0) killRanges.set(name, [from + 1, indexes.length]);
        }
        baselines.set(scenario.name, { newBytes, durationMs, killRanges, calls, target: traced.target });
      } else {
        baselines.set(scenario.name, { newBytes, durationMs, killRanges, calls, target });
      }
    }),
  );
}, 120_000);

afterAll(() => {
  removeTempDirs();
  console.log(`kill campaign: seed ${seed}, ${JSON.stringify(tally)}, ${campaignMs} ms`);
});

describe.sequential("the kill-during-write campaign", () => {
  it.skipIf(!hasStrace)("the temporary file is created 0600 with O_EXCL and given its final mode only after its last write, right before the rename", () => {
    for (const scenario of scenarios) {
      const { calls, target } = baselines.get(scenario.name)!;
      const create = calls.findIndex((call) => call.name === "openat" && /\.tmp"/.test(call.text) && call.text.includes("O_CREAT"));
      expect(create, scenario.name).toBeGreaterThanOrEqual(0);
      expect(calls[create]!.text, scenario.name).toMatch(/O_WRONLY\|O_CREAT\|O_EXCL.*, 0600$/);
      const temp = /"([^"]+\.tmp)"/.exec(calls[create]!.text)![1]!;
      const fd = calls[create]!.result.split(" ")[0]!;
      const onFd = (name: string) => calls.flatMap((call, i) => (i > create && call.name === name && (call.text === fd || call.text.startsWith(`${fd},`)) ? [i] : []));
      const writes = onFd("write");
      const fchmod = onFd("fchmod")[0]!;
      const fsync = onFd("fsync")[0]!;
      const rename = calls.findIndex((call) => call.name === "rename" && call.text.startsWith(`"${temp}", "${target}"`));
      expect(writes.length, scenario.name).toBeGreaterThan(0);
      // 0600 while the bytes go in; the final mode is set after the last write, then flush, rename.
      expect(Math.max(...writes), scenario.name).toBeLessThan(fchmod);
      expect(fchmod, scenario.name).toBeLessThan(fsync);
      expect(fsync, scenario.name).toBeLessThan(rename);
      const finalMode = Number.parseInt(/, (0\d+)$/.exec(calls[fchmod]!.text)![1]!, 8);
      expect(finalMode, scenario.name).toBe(modeOf(target));
      if (scenario.holdsKeys) expect(finalMode & 0o007, `${scenario.name}: a key file readable by others`).toBe(0);
      // Nothing else changes the temp's mode.
      expect(calls.filter((call) => /chmod/.test(call.name) && call.text.includes(temp))).toEqual([]);
    }
  });

  it(`SIGKILL at random points and at chosen syscalls: ${RUNS_PER_SCENARIO} runs of each of ${scenarios.length} commands`, async () => {
    const started = Date.now();
    const tasks = scenarios.flatMap((scenario) =>
      Array.from({ length: RUNS_PER_SCENARIO }, (_, i) => {
        const baseline = baselines.get(scenario.name)!;
        const syscalls = [...baseline.killRanges.keys()];
        // Decided now, from the seeded PRNG, so that a seed replays the same campaign.
        const atSyscall = hasStrace && i % 8 < 5 && syscalls.length > 0 ? syscalls[i % syscalls.length]! : null;
        const range = atSyscall ? baseline.killRanges.get(atSyscall)! : null;
        const n = range ? rng.int(range[0], range[1]) : 0;
        const delayMs = Math.round(baseline.durationMs * (0.3 + 0.8 * rng.next()));
        const run = `${scenario.name}, run ${i}: ${atSyscall ? `SIGKILL at ${atSyscall} #${n}` : `SIGKILL after ${delayMs} ms`}`;
        return () => killOnce(scenario, baseline, atSyscall, n, delayMs, where(run));
      }),
    );
    await inPool(2, tasks);
    campaignMs = Date.now() - started;
    expect(tally.runs).toBeGreaterThanOrEqual(200);
    // The campaign must actually interrupt writes, not only finished runs.
    expect(tally.killed).toBeGreaterThan(tally.runs / 2);
    expect(tally.oldBytes).toBeGreaterThan(0);
    expect(tally.newBytes).toBeGreaterThan(0);
  }, 240_000);
});

async function killOnce(scenario: Scenario, baseline: Baseline, syscall: string | null, n: number, delayMs: number, run: string): Promise<void> {
  const dir = tempDir("kk-kill-");
  const { args, target } = scenario.setup(dir);
  const before = new Set(readdirSync(dir));
  const oldBytes = readFileSync(target);
  const targetMode = modeOf(target);
  const prefix = syscall ? ["strace", "-f", "-qq", "-o", "/dev/null", "-e", `trace=${syscall}`, "-e", `inject=${syscall}:signal=KILL:when=${n}`] : undefined;
  const child = startCli(args, { env: SP_ENV, ...(prefix ? { prefix } : {}) });
  const timer = syscall ? null : setTimeout(() => child.kill("SIGKILL"), delayMs);
  const result = await finished(child);
  if (timer) clearTimeout(timer);
  tally.runs++;
  if (syscall) tally.straceRuns++;
  const killed = result.signal === "SIGKILL" || result.status === 137;
  if (killed) tally.killed++;
  else {
    expect(result.status, `${run}: ${result.stderr}`).toBe(0);
    tally.finishedFirst++;
  }

  // The target: old bytes or the complete new result.
  const now = readFileSync(target);
  if (now.equals(oldBytes)) tally.oldBytes++;
  else {
    expect(() => scenario.isNew(target, baseline.newBytes), run).not.toThrow();
    tally.newBytes++;
  }
  expect(modeOf(target), `${run}: the target's mode`).toBe(targetMode);

  // Leftovers: only temporary files of this target and its lock, never more open than the target.
  const lock = `${basename(target)}.lock`;
  const temps = tempFilesOf(target);
  const extra = readdirSync(dir).filter((name) => !before.has(name) && name !== lock && !temps.includes(join(dir, name)));
  expect(extra, run).toEqual([]);
  for (const temp of temps) {
    const mode = modeOf(temp);
    expect([0o600, targetMode], `${run}: ${temp} has mode ${mode.toString(8)}`).toContain(mode);
    expect(mode & ~targetMode, `${run}: ${temp} is more readable than its target`).toBe(0);
    if (scenario.holdsKeys) expect(mode & 0o007, `${run}: ${temp} holds keys and is readable by others`).toBe(0);
  }
  tally.leftoverTemps += temps.length;
  if (readdirSync(dir).includes(lock)) tally.leftoverLocks++;

  // The next normal save of the same target succeeds and sweeps everything away.
  const followUpStarted = Date.now();
  const again = await cli(scenario.followUp(dir, target), SP_ENV);
  // Printed, not asserted: a kill between the lock's creation and its write leaves an empty lock
  // that the next edit waits out (5 s) before it takes it over.
  if (Date.now() - followUpStarted > 2_000) tally.slowFollowUps.push(run);
  expect(again.status, `${run}: the save after the kill: ${again.stderr}`).toBe(0);
  expect(readdirSync(dir).sort(), `${run}: files after the next save`).toEqual([...before].sort());
  if (target.endsWith(".pem")) expect(readFileSync(target).equals(baseline.newBytes), run).toBe(true);
  else expect(verifiedAliases(target, PASSWORD).length, run).toBeGreaterThan(0);
}
