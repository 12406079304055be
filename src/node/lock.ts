import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { KeystoreError } from "../model/errors.js";
import { forgetOnInterrupt, removeOnInterrupt } from "./cleanup.js";
import { fileError, isSystemError } from "./file-errors.js";

/**
 * The advisory edit lock: `STORE.lock` beside the store, created with O_EXCL, held from the read
 * to the save of an edit so that two keystorekit edits of one store run one after the other
 * instead of one silently losing the other's change. Editors that do not take it (keytool, a
 * text editor) are caught by the snapshot comparison before the save instead.
 *
 * A lock is stale, and is taken over, when the process that wrote it is gone (same host) or when
 * it is older than {@link STALE_LOCK_MS}: no edit holds a store that long.
 */
export const STALE_LOCK_MS = 10 * 60_000;

/** A held lock; release() removes it (once). */
export interface EditLock {
  path: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** The lock file of a store's real path. */
export function lockPathFor(target: string): string {
  return `${target}.lock`;
}

/**
 * Takes the lock of `target` (the store's real path), waiting up to `waitMs` while another live
 * process holds it. Returns null when the lock cannot be created for lack of permission (a
 * read-only directory): the edit goes on, guarded by the snapshot check alone.
 */
export async function acquireEditLock(target: string, userPath: string, options: { waitMs?: number } = {}): Promise<EditLock | null> {
  const path = lockPathFor(target);
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  let delay = 10;
  for (;;) {
    const created = tryCreate(path, userPath);
    if (created === "denied") return null;
    if (created) return created;
    const owner = readOwner(path);
    if (isStale(path, owner)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = owner ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : "another process";
      throw new KeystoreError(
        "CONFLICT",
        `${userPath} is being edited by ${who}: nothing was written (if no such edit runs, remove ${path})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

function tryCreate(path: string, userPath: string): EditLock | "denied" | null {
  // The owner line is ready before the file exists, so the lock is empty only for one write.
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const line = `${JSON.stringify(owner)}\n`;
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (error) {
    if (isSystemError(error) && error.code === "EEXIST") return null;
    if (isSystemError(error) && (error.code === "EACCES" || error.code === "EPERM" || error.code === "EROFS")) return "denied";
    throw fileError("lock", userPath, error);
  }
  removeOnInterrupt(path);
  try {
    writeSync(fd, line);
  } catch (error) {
    // A lock without its owner would hold off every edit until it looks stale: take it away.
    rmSync(path, { force: true });
    forgetOnInterrupt(path);
    throw fileError("lock", userPath, error, ": nothing was changed");
  } finally {
    closeSync(fd);
  }
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      forgetOnInterrupt(path);
      rmSync(path, { force: true });
    },
  };
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since) } : null;
  } catch {
    return null; // being written right now, or not ours: judged by age alone
  }
}

function isStale(path: string, owner: LockOwner | null): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return true; // gone already
  }
  if (age > STALE_LOCK_MS) return true;
  if (owner && owner.host === hostname()) return !processIsAlive(owner.pid);
  // An empty or unreadable lock is given a moment for its writer to finish its one write (a lock
  // left empty by a process killed in between is stale after that).
  return owner === null && age > 1_000;
}

/** Whether a process with this pid exists on this host. */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isSystemError(error) && error.code === "EPERM";
  }
}
