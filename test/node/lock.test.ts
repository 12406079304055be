import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KeystoreError } from "../../src/model/errors.js";
import { acquireEditLock } from "../../src/node/lock.js";

const target = () => join(mkdtempSync(join(tmpdir(), "kk-lock-")), "store.jks");
const owner = (pid: number, host = hostname()) => `${JSON.stringify({ pid, host, since: new Date().toISOString() })}\n`;

describe("the edit lock", () => {
  it("is created beside the store, excludes a second holder until released, and is removed on release", async () => {
    const path = target();
    const first = await acquireEditLock(path, path);
    expect(first?.path).toBe(`${path}.lock`);
    expect(existsSync(`${path}.lock`)).toBe(true);
    const second = acquireEditLock(path, path, { waitMs: 2_000 });
    setTimeout(() => first!.release(), 100);
    const taken = await second;
    expect(taken).not.toBeNull();
    taken!.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("a live holder past the wait gives CONFLICT naming the holder and the lock file", async () => {
    const path = target();
    const sleeper = spawn("sleep", ["30"]);
    try {
      writeFileSync(`${path}.lock`, owner(sleeper.pid!));
      const attempt = acquireEditLock(path, "store.jks", { waitMs: 100 });
      await expect(attempt).rejects.toBeInstanceOf(KeystoreError);
      await expect(attempt).rejects.toMatchObject({
        code: "CONFLICT",
        message: expect.stringMatching(new RegExp(`store\\.jks is being edited by process ${sleeper.pid} on .*: nothing was written \\(if no such edit runs, remove .*store\\.jks\\.lock\\)`)),
      });
    } finally {
      sleeper.kill();
    }
  });

  it("takes over a stale lock: its process is gone, or it is older than ten minutes", async () => {
    const dead = target();
    writeFileSync(`${dead}.lock`, owner(999_999_999));
    (await acquireEditLock(dead, dead, { waitMs: 0 }))!.release();

    const old = target();
    writeFileSync(`${old}.lock`, owner(process.ppid, "another-host"));
    const past = new Date(Date.now() - 11 * 60_000);
    utimesSync(`${old}.lock`, past, past);
    (await acquireEditLock(old, old, { waitMs: 0 }))!.release();

    const foreign = target();
    writeFileSync(`${foreign}.lock`, owner(1, "another-host"));
    await expect(acquireEditLock(foreign, foreign, { waitMs: 0 })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
