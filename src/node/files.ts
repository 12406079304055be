import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { decodeKeystore, type DecodeOptions } from "../formats/codec.js";
import type { Keystore } from "../model/keystore.js";

/** Reads and decodes a keystore file (any supported format, recognised from its bytes). */
export function readKeystoreFile(path: string, options: DecodeOptions = {}): Keystore {
  return decodeKeystore(readBytes(path), options);
}

/** The bytes of a file as a plain Uint8Array. */
export function readBytes(path: string): Uint8Array {
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Writes `bytes` to `path` atomically: into a temporary file beside it, flushed to disk, optionally
 * re-read and checked by `verify` (for example by decoding it again), then renamed over the target.
 * On any failure the temporary file is removed and an existing file at `path` is left untouched.
 * The new file keeps the old file's permission bits (a key store is often 0600).
 */
export function saveFileAtomic(path: string, bytes: Uint8Array, options: { verify?: (written: Uint8Array) => void } = {}): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let mode = 0o600;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // A new file: owner-only, as a store of keys deserves.
  }
  try {
    const fd = openSync(temporary, "wx", mode);
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    options.verify?.(readBytes(temporary));
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
