import { copyFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKeystoreFile, saveKeystoreFile } from "../../src/node/index.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { startCli } from "../helpers/cli-bin.js";
import {
  PASSWORD,
  SP_ENV,
  copyFixture,
  exists,
  finished,
  fixture,
  hasStrace,
  makeBigStore,
  removeTempDirs,
  runCliAsync,
  tempDir,
  tempFilesOf,
  verifiedAliases,
  waitFor,
  type Finished,
} from "./file-safety-helpers.js";

/**
 * Issue #11, "Done when": concurrent edits lose nothing, an outside writer (keytool takes no
 * lock) is caught by the snapshot check, and SIGINT/SIGTERM/SIGHUP leave no lock, no temp file
 * and an intact store.
 */

const SMALL_PAIRS = 47;
const BIG_PAIRS = 3;
const BIG_ENTRIES = 20_000;
const sp = ["--storepass-env", "SP"];
const FIRST = fixture("certs", "chain-root.pem");
const SECOND = fixture("certs", "chain-intermediate.pem");
const CONFLICT_MESSAGE = /changed while it was being edited|is being edited by/;

let bigStore = "";

beforeAll(() => {
  bigStore = join(tempDir("kk-big-"), "big.jks");
  makeBigStore(bigStore, BIG_ENTRIES);
}, 60_000);

afterAll(() => removeTempDirs());

const importCert = (store: string, cert: string, alias: string) => ["import-cert", "-keystore", store, ...sp, "-file", cert, "-alias", alias, "--json"];

/** exit 0, or exit 1 with a CONFLICT error (JSON code and message). */
function outcome(result: Finished, what: string): "applied" | "refused" {
  if (result.status === 0) return "applied";
  expect(result.status, `${what}: ${result.stderr}`).toBe(1);
  const error = (JSON.parse(result.stdout) as { error: { code: string; message: string } }).error;
  expect(error.code, what).toBe("CONFLICT");
  expect(error.message, what).toMatch(CONFLICT_MESSAGE);
  return "refused";
}

describe.sequential("concurrent import-cert runs on one store", () => {
  it(`${SMALL_PAIRS} pairs on a 3-entry store and ${BIG_PAIRS} on a ${BIG_ENTRIES}-entry store: no silent lost update`, async () => {
    const tally = { pairs: 0, bothApplied: 0, oneRefused: 0, lostUpdates: 0 };
    for (let pair = 0; pair < SMALL_PAIRS + BIG_PAIRS; pair++) {
      const big = pair >= SMALL_PAIRS;
      const dir = tempDir("kk-pair-");
      const store = join(dir, "store.jks");
      if (big) copyFileSync(bigStore, store);
      else copyFixture(dir, fixture("jks", "j17-trusted.jks"), "store.jks");
      const before = verifiedAliases(store);
      // Both start at once: each reads the store, adds its own certificate and saves.
      const [a, b] = await Promise.all([runCliAsync(importCert(store, FIRST, "first")), runCliAsync(importCert(store, SECOND, "second"))]);
      const what = `pair ${pair}${big ? " (20k entries)" : ""}`;
      const results = { first: outcome(a, `${what}, first`), second: outcome(b, `${what}, second`) };
      const after = verifiedAliases(store);
      for (const [alias, result] of Object.entries(results)) {
        // Exit 0 means the alias is in the store; a refusal means nothing of it was written.
        if (result === "applied" && !after.includes(alias)) tally.lostUpdates++;
        if (result === "refused") expect(after, `${what}: a refused edit was written`).not.toContain(alias);
      }
      expect(after.filter((alias) => !before.includes(alias)).length, what).toBe(Object.values(results).filter((r) => r === "applied").length);
      expect(Object.values(results), `${what}: both refused`).toContain("applied");
      expect(readdirSync(dir), `${what}: leftovers`).toEqual(["store.jks"]);
      tally.pairs++;
      if (results.first === "applied" && results.second === "applied") tally.bothApplied++;
      else tally.oneRefused++;
    }
    console.log(`concurrent pairs: ${JSON.stringify(tally)}`);
    expect(tally.lostUpdates).toBe(0);
    expect(tally.pairs).toBe(50);
  }, 240_000);
});

describe.sequential("an outside writer that takes no lock (keytool, an editor)", () => {
  // strace holds the CLI in its first fsync (the temporary file's, before the snapshot check and
  // the rename) for 1.5 s; the outsider rewrites the store meanwhile, as keytool would.
  const held = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=fsync", "-e", "inject=fsync:delay_enter=1500000:when=1"];

  for (const how of ["in place (same inode)", "by a rename (new inode)"] as const) {
    it.skipIf(!hasStrace)(`rewriting the store ${how} between the read and the save: CONFLICT, the outsider's bytes stay`, async () => {
      const dir = tempDir("kk-outsider-");
      const store = copyFixture(dir, fixture("jks", "j17-trusted.jks"), "store.jks");
      const outsiderBytes = readFileSync(fixture("jks", "j17-ec.jks"));
      const child = startCli(importCert(store, FIRST, "first"), { env: SP_ENV, prefix: held });
      const done = finished(child);
      await waitFor(() => tempFilesOf(store).length > 0, "the CLI's temporary file");
      if (how === "in place (same inode)") writeFileSync(store, outsiderBytes);
      else {
        writeFileSync(join(dir, "outsider.new"), outsiderBytes);
        renameSync(join(dir, "outsider.new"), store);
      }
      const result = await done;
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(`${store} changed while it was being edited (its contents differ from what was read): nothing was written`);
      expect(JSON.parse(result.stdout).error.code).toBe("CONFLICT");
      expect(readFileSync(store).equals(outsiderBytes)).toBe(true);
      expect(readdirSync(dir)).toEqual(["store.jks"]);
    });
  }

  it("in-process: a save with the snapshot of an earlier read is refused once the file changed", () => {
    const dir = tempDir("kk-outsider-");
    const store = copyFixture(dir, fixture("jks", "j17-trusted.jks"), "store.jks");
    const { store: opened, snapshot } = openKeystoreFile(store, { password: PASSWORD });
    opened.delete("ca");
    const outsiderBytes = readFileSync(fixture("jks", "j17-ec.jks"));
    writeFileSync(store, outsiderBytes);
    let thrown: unknown;
    try {
      saveKeystoreFile(store, opened, { format: "JKS", password: PASSWORD, expected: snapshot });
    } catch (error) {
      thrown = error;
    }
    expect(isKeystoreError(thrown, "CONFLICT")).toBe(true);
    expect(readFileSync(store).equals(outsiderBytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(["store.jks"]);
  });
});

const SIGNALS = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const;

describe.sequential("SIGINT, SIGTERM and SIGHUP during an edit", () => {
  for (const [signal, status] of SIGNALS) {
    it.skipIf(!hasStrace)(`${signal} while waiting for a held lock: exit ${status}, the other holder's lock and the store untouched`, async () => {
      const dir = tempDir("kk-signal-");
      const store = copyFixture(dir, fixture("jks", "j17-trusted.jks"), "store.jks");
      const oldBytes = readFileSync(store);
      // Held by this (live) test process: the CLI waits for it.
      const lockText = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`;
      writeFileSync(join(dir, "store.jks.lock"), lockText);
      const log = join(tempDir("kk-signal-log-"), "strace.log");
      const child = startCli(["delete", store, "-alias", "ca", ...sp], { env: SP_ENV, prefix: ["strace", "-f", "-qq", "-o", log, "-e", "trace=openat"] });
      const done = finished(child);
      const traced = () => (exists(log) ? readFileSync(log, "utf8") : "");
      // Waiting: it tried to create the lock and found it taken.
      await waitFor(() => /store\.jks\.lock", O_WRONLY\|O_CREAT\|O_EXCL.* = -1 EEXIST/.test(traced()), "the CLI to wait for the lock");
      const cliPid = Number(/^(\d+)/.exec(traced())![1]);
      process.kill(cliPid, signal);
      const result = await done;
      expect(result.status, result.stderr).toBe(status);
      expect(readFileSync(store).equals(oldBytes)).toBe(true);
      expect(readFileSync(join(dir, "store.jks.lock"), "utf8")).toBe(lockText);
      expect(readdirSync(dir).sort()).toEqual(["store.jks", "store.jks.lock"]);
    });
  }

  for (const [signal, status] of SIGNALS) {
    it(`${signal} during the save of a ${BIG_ENTRIES}-entry store: exit ${status} (or 0 when it finished first), no temp, no lock, the store intact`, async () => {
      const dir = tempDir("kk-signal-");
      const store = join(dir, "store.jks");
      copyFileSync(bigStore, store);
      const oldBytes = readFileSync(store);
      const child = startCli(importCert(store, FIRST, "first"), { env: SP_ENV });
      const done = finished(child);
      // The save has begun once its temporary file exists.
      await waitFor(() => tempFilesOf(store).length > 0, "the save's temporary file");
      child.kill(signal);
      const result = await done;
      expect([status, 0], result.stderr).toContain(result.status);
      expect(readdirSync(dir)).toEqual(["store.jks"]);
      const now = readFileSync(store);
      if (!now.equals(oldBytes)) expect(verifiedAliases(store)).toContain("first");
      console.log(`${signal} during a 20k save: exit ${result.status}, store ${now.equals(oldBytes) ? "old" : "new"}`);
    });
  }
});
