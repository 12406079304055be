import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { KeystoreError } from "../model/errors.js";
import { forgetOnInterrupt, removeOnInterrupt } from "./cleanup.js";
import { fileError, isSystemError, withPath } from "./file-errors.js";
import { processIsAlive, STALE_LOCK_MS } from "./lock.js";
import { fileKind, sha256Hex, type FileSnapshot } from "./read-file.js";
import { realTargetOf } from "./targets.js";

/**
 * The one way the Node adapter writes a file. It keeps what the operator set up around the file:
 *
 * - a symbolic link is followed, and the file it points to is replaced (Debian's and Temurin's
 *   cacerts are links);
 * - the new bytes go to a temporary file beside the target, created 0600 with O_EXCL, given the
 *   target's owner, group and mode (fchown/fchmod), flushed, re-read and checked, then renamed
 *   over the target, and the directory is flushed: the target holds the old bytes or the new,
 *   never anything else;
 * - a target that cannot be replaced that way (hard links, a bind-mounted file, a directory the
 *   user cannot write, an owner the user cannot give a new file) is rewritten in place instead,
 *   after a verified copy of the old bytes was written aside, and the report says so;
 * - before the target is touched, it must still be the bytes that were read (the snapshot):
 *   otherwise CONFLICT, "the store changed while it was being edited; nothing was written";
 * - special files (devices, FIFOs, directories) and read-only files are refused;
 * - a new file that holds no keys follows the umask, as keytool and cp do; one that holds keys
 *   is 0600; a file that will hold plaintext keys is never left readable by others.
 */

/** What the bytes hold: decides a new file's mode, and whether an existing mode is tightened. */
export type FileContents = "public" | "keys" | "plaintext-keys";

export interface SaveOptions {
  /** Checks the bytes read back from disk before they replace the target (throw to refuse). */
  verify?: (written: Uint8Array) => void;
  /**
   * The target as it was read ("absent": it did not exist). When it no longer matches, the save
   * is refused with CONFLICT and nothing is written.
   */
  expected?: FileSnapshot | "absent";
  /** Default "keys" (a new file is 0600). */
  contents?: FileContents;
  /** Replace a read-only (mode without write bits) target instead of refusing it. */
  allowReadOnly?: boolean;
}

/** What a save did. */
export interface SaveReport {
  /** The path as given. */
  path: string;
  /** The file that was written (the end of any symbolic links). */
  target: string;
  /** created: a new file; replaced: renamed over the old one; in-place: the old file rewritten. */
  method: "created" | "replaced" | "in-place";
  /** The permission bits the file has now. */
  mode: number;
  /** Sentences for the user: links followed, in-place rewrites, modes tightened, leftovers. */
  notes: string[];
}

/** Writes `bytes` to `path` as described above; KeystoreError (IO, CONFLICT) when it cannot. */
export function saveFileAtomic(path: string, bytes: Uint8Array, options: SaveOptions = {}): SaveReport {
  const notes: string[] = [];
  const target = realTargetOf(path);
  if (target !== resolve(path)) notes.push(`followed the symbolic link ${path} to ${target}`);
  const existing = lstatOrNull(target, path);
  const contents = options.contents ?? "keys";

  if (existing) refuseUnwritable(existing, path, options);
  if (options.expected === "absent" && existing) throw conflict(path, "it was created by someone else");
  if (options.expected && options.expected !== "absent" && !existing) throw conflict(path, "it was removed");

  let mode: number;
  if (existing) {
    mode = existing.mode & 0o7777;
    if (contents === "plaintext-keys" && (mode & 0o077) !== 0) {
      notes.push(`tightened the mode of ${path} from ${octal(mode)} to ${octal(mode & ~0o077)}: it holds a plaintext key`);
      mode &= ~0o077;
    }
  } else {
    mode = contents === "public" ? 0o666 & ~currentUmask() : 0o600;
  }
  sweepLeftovers(target, notes);

  let inPlaceReason = existing && existing.nlink > 1 ? `it has ${existing.nlink} hard links` : null;
  if (!inPlaceReason) {
    const outcome = replaceByRename(path, target, bytes, mode, existing, options);
    if (outcome === "done") return { path, target, method: existing ? "replaced" : "created", mode, notes };
    inPlaceReason = outcome.inPlace;
  }
  if (!existing) throw new KeystoreError("IO", `cannot create ${path}: ${inPlaceReason}`);
  rewriteInPlace(path, target, bytes, mode, existing, options);
  notes.push(
    `rewrote ${path} in place (${inPlaceReason}): a checked copy of the old contents was kept aside until the new ones were written, flushed and read back`,
  );
  return { path, target, method: "in-place", mode, notes };
}

function lstatOrNull(target: string, userPath: string): Stats | null {
  try {
    return lstatSync(target);
  } catch (error) {
    if (isSystemError(error) && error.code === "ENOENT") return null;
    throw fileError("open", userPath, error);
  }
}

function refuseUnwritable(existing: Stats, path: string, options: SaveOptions): void {
  const kind = fileKind(existing);
  if (kind) {
    const hint = existing.isFIFO() || existing.isCharacterDevice() ? " (leave out the output file to write to standard output)" : "";
    throw new KeystoreError("IO", `cannot write ${path}: it is ${kind}, not a regular file: nothing was written${hint}`);
  }
  if ((existing.mode & 0o222) === 0 && !options.allowReadOnly) {
    throw new KeystoreError(
      "IO",
      `cannot write ${path}: it is read-only (mode ${octal(existing.mode & 0o7777)}): nothing was written (make it writable first, or save with allowReadOnly: true)`,
    );
  }
}

/** Temporary file, rename, directory flush; or the reason the target must be rewritten in place. */
function replaceByRename(
  path: string,
  target: string,
  bytes: Uint8Array,
  mode: number,
  existing: Stats | null,
  options: SaveOptions,
): "done" | { inPlace: string } {
  const directory = dirname(target);
  const temporary = join(directory, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number;
  try {
    // 0600 and O_EXCL: the bytes are nobody else's until the file has its final mode.
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if (existing && isSystemError(error) && (error.code === "EACCES" || error.code === "EPERM")) {
      return { inPlace: `its directory ${directory} is not writable` };
    }
    throw fileError("write", path, error, ": nothing was changed");
  }
  removeOnInterrupt(temporary);
  const discard = () => {
    rmSync(temporary, { force: true });
    forgetOnInterrupt(temporary);
  };
  try {
    try {
      writeAll(fd, bytes);
      if (existing) {
        const own = fstatSync(fd);
        if (own.uid !== existing.uid || own.gid !== existing.gid) {
          try {
            fchownSync(fd, existing.uid, existing.gid);
          } catch (error) {
            if (isSystemError(error) && (error.code === "EPERM" || error.code === "EINVAL")) {
              closeSync(fd);
              fd = -1;
              discard();
              return { inPlace: `a new file could not be given its owner ${existing.uid}:${existing.gid}` };
            }
            throw error;
          }
        }
      }
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      if (fd >= 0) closeSync(fd);
    }
    const written = new Uint8Array(readFileSync(temporary));
    checkWritten(written, bytes, options);
    assertUnchanged(target, path, options.expected);
    try {
      renameSync(temporary, target);
    } catch (error) {
      if (existing && isSystemError(error) && ["EBUSY", "EXDEV", "EPERM", "EACCES"].includes(error.code)) {
        discard();
        return { inPlace: `it cannot be replaced by a rename (${error.code === "EBUSY" ? "a mount point, such as a bind-mounted file" : error.code === "EXDEV" ? "another file system" : "the directory does not allow it"})` };
      }
      throw error;
    }
    forgetOnInterrupt(temporary);
  } catch (error) {
    discard();
    throw fileError("write", path, error, ": nothing was changed");
  }
  syncDirectory(directory);
  return "done";
}

/** Rewrites the target's own inode: hard links, bind mounts and owners stay as they are. */
function rewriteInPlace(path: string, target: string, bytes: Uint8Array, mode: number, existing: Stats, options: SaveOptions): void {
  const old = withPath("read", path, () => new Uint8Array(readFileSync(target)));
  if (options.expected && options.expected !== "absent" && sha256Hex(old) !== options.expected.sha256) {
    throw conflict(path, "its contents differ from what was read");
  }
  // Opened before the copy is made: a target the user may not write (someone else's 0644 file)
  // is refused with nothing changed and no copy of the store left behind.
  let fd = withPath("write", path, () => openSync(target, constants.O_WRONLY), ": nothing was changed");
  let backup: string;
  try {
    backup = writeBackup(path, target, old);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  try {
    writeAt(fd, bytes);
    if ((existing.mode & 0o7777) !== mode) fchmodSync(fd, mode);
    closeSync(fd);
    fd = -1;
    checkWritten(new Uint8Array(readFileSync(target)), bytes, options);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    const restored = restore(target, old);
    if (restored) rmSync(backup, { force: true });
    forgetOnInterrupt(backup);
    throw fileError(
      "write",
      path,
      error,
      restored ? ": the old contents were put back" : `: the old contents are kept in ${backup}`,
    );
  }
  rmSync(backup, { force: true });
  forgetOnInterrupt(backup);
}

/** A checked copy of the old bytes, beside the target or else in the temporary directory. */
function writeBackup(path: string, target: string, old: Uint8Array): string {
  const name = `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.bak`;
  for (const directory of [dirname(target), tmpdir()]) {
    const backup = join(directory, name);
    let fd: number;
    try {
      fd = openSync(backup, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch {
      continue;
    }
    try {
      writeAll(fd, old);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (sha256Hex(new Uint8Array(readFileSync(backup))) === sha256Hex(old)) return backup;
    rmSync(backup, { force: true });
  }
  throw new KeystoreError("IO", `cannot write ${path}: no place to keep a copy of its old contents before rewriting it in place: nothing was changed`);
}

function restore(target: string, old: Uint8Array): boolean {
  try {
    const fd = openSync(target, constants.O_WRONLY);
    try {
      writeAt(fd, old);
    } finally {
      closeSync(fd);
    }
    return sha256Hex(new Uint8Array(readFileSync(target))) === sha256Hex(old);
  } catch {
    return false;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Writes from offset 0, cuts what is beyond, flushes. */
function writeAt(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset, offset);
  ftruncateSync(fd, bytes.length);
  fsyncSync(fd);
}

function checkWritten(written: Uint8Array, bytes: Uint8Array, options: SaveOptions): void {
  if (written.length !== bytes.length || sha256Hex(written) !== sha256Hex(bytes)) {
    throw new KeystoreError("IO", "the bytes read back differ from the bytes written");
  }
  options.verify?.(written);
}

/** CONFLICT unless the target still holds the bytes of the snapshot. */
function assertUnchanged(target: string, path: string, expected: SaveOptions["expected"]): void {
  if (!expected || expected === "absent") {
    if (expected === "absent" && lstatOrNull(target, path)) throw conflict(path, "it was created by someone else");
    return;
  }
  let current: Uint8Array;
  try {
    current = new Uint8Array(readFileSync(target));
  } catch (error) {
    if (isSystemError(error) && error.code === "ENOENT") throw conflict(path, "it was removed");
    throw error;
  }
  if (current.length !== expected.size || sha256Hex(current) !== expected.sha256) throw conflict(path, "its contents differ from what was read");
}

function conflict(path: string, what: string): KeystoreError {
  return new KeystoreError("CONFLICT", `${path} changed while it was being edited (${what}): nothing was written; run the command again`);
}

/** Flushes a rename to disk: without it, a crash may bring back the old directory entry. */
function syncDirectory(directory: string): void {
  let fd: number;
  try {
    fd = openSync(directory, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems do not flush directories; the rename itself is still atomic.
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes temporary files an earlier save of the same target left behind when it was killed:
 * `.NAME.PID.HEX.tmp` whose process is gone, or older than the stale-lock age. A `.bak` copy is
 * never removed: it means an in-place rewrite was interrupted, and the user is told where it is.
 */
function sweepLeftovers(target: string, notes: string[]): void {
  const directory = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(?:(\d+)\.)?[0-9a-f]{12}\.(tmp|bak)$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const path = join(directory, name);
    if (match[2] === "bak") {
      notes.push(`${path} holds the old contents of ${target} from an interrupted in-place rewrite: check ${target}, then remove it`);
      continue;
    }
    const pid = match[1] === undefined ? null : Number(match[1]);
    let age: number;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if ((pid !== null && !processIsAlive(pid)) || age > STALE_LOCK_MS) rmSync(path, { force: true });
  }
}

function currentUmask(): number {
  try {
    // Reading the umask means setting it; process.umask() with no argument does both at once.
    return process.umask();
  } catch {
    return 0o022; // worker threads cannot read it
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, "0")}`;
}
