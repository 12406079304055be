import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { createHash } from "node:crypto";
import { KeystoreError, errors } from "../model/errors.js";
import { fileError, isSystemError, withPath } from "./file-errors.js";

/**
 * Bounded reads. A keystore path may name /dev/zero, a FIFO nobody writes to, or a sparse 2 GB
 * file: reading it whole would hang or exhaust memory before any format check could say "not a
 * keystore". So a file is opened without blocking, must be a regular file, and is refused with
 * LIMIT when its size is above the caller's bound, before a byte is read.
 */

/** What a file looked like when it was read: compared again before a save replaces it. */
export interface FileSnapshot {
  /** The path as the user gave it. */
  path: string;
  dev: number;
  ino: number;
  size: number;
  /** Modification time in nanoseconds (as a string, so it survives JSON). */
  mtimeNs: string;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
}

/** The bytes of a file and its snapshot. */
export interface ReadResult {
  bytes: Uint8Array;
  snapshot: FileSnapshot;
}

/** What the file is for, used in messages ("keystore", "certificate file", "password file"). */
export interface ReadOptions {
  maxBytes: number;
  what: string;
}

/** Kinds of files that are not regular files, in words. */
export function fileKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** Reads a regular file of at most `options.maxBytes` bytes; KeystoreError IO or LIMIT otherwise. */
export function readFileBounded(path: string, options: ReadOptions): ReadResult {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
  const fd = withPath("open", path, () => openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  try {
    const stats = withPath("read", path, () => fstatSync(fd, { bigint: false }));
    const kind = fileKind(stats);
    if (kind) throw new KeystoreError("IO", `cannot read ${path}: it is ${kind}, not a regular file (a ${options.what} must be a file)`);
    if (stats.size > options.maxBytes) {
      throw errors.limit(`${path} is ${stats.size} bytes, above the ${options.what} limit of ${options.maxBytes} bytes: not read`);
    }
    const bytes = readUpTo(fd, path, options);
    const big = fstatSync(fd, { bigint: true });
    return {
      bytes,
      snapshot: {
        path,
        dev: stats.dev,
        ino: stats.ino,
        size: bytes.length,
        mtimeNs: big.mtimeNs.toString(),
        sha256: sha256Hex(bytes),
      },
    };
  } finally {
    closeSync(fd);
  }
}

/** Reads standard input up to `options.maxBytes` (for "-" as a certificate or password file). */
export function readStdinBounded(options: ReadOptions): Uint8Array {
  return readUpTo(0, "standard input", options);
}

/** Reads until end of file, refusing anything longer than the bound (the file may grow meanwhile). */
function readUpTo(fd: number, path: string, options: ReadOptions): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const chunk = new Uint8Array(Math.min(1 << 20, options.maxBytes + 1 - total) || 1);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking descriptor (a terminal, a pipe) with nothing yet: wait a little.
      if (isSystemError(error) && error.code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw fileError("read", path, error);
    }
    if (n === 0) break;
    total += n;
    if (total > options.maxBytes) throw errors.limit(`${path} is larger than the ${options.what} limit of ${options.maxBytes} bytes: not read`);
    chunks.push(chunk.subarray(0, n));
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
