import { KeystoreError } from "../model/errors.js";

/**
 * File errors in the user's words and with the user's path. Node says "ENOSPC: no space left on
 * device, write" with no path, or names a temporary file the user never heard of; operators need
 * "cannot write /etc/app/truststore.jks: no space left on device". Every file failure of the
 * Node adapter becomes a KeystoreError with code IO that names the path the user gave.
 */

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EBUSY: "device or resource busy",
  EMFILE: "too many open files",
  EIO: "input/output error",
  EXDEV: "not on the same file system",
  EFBIG: "file too large",
};

/** What the operation was doing, as a verb: "cannot open", "cannot write", … */
export type FileAction = "open" | "read" | "write" | "create" | "replace" | "lock";

/** True for Node's system errors (they carry a string `code` such as "ENOENT"). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/** A KeystoreError IO for a failed file operation on `userPath` (the path as the user gave it). */
export function fileError(action: FileAction, userPath: string, cause: unknown, suffix = ""): KeystoreError {
  if (cause instanceof KeystoreError) {
    // A check that refused the bytes (a store that does not decode) keeps its code and message,
    // and still says what became of the file; a CONFLICT says it already.
    if (!suffix || cause.code === "CONFLICT" || cause.message.endsWith(suffix)) return cause;
    return new KeystoreError(cause.code, `${cause.message}${suffix}`, { cause });
  }
  const description = isSystemError(cause)
    ? (DESCRIPTIONS[cause.code] ?? /^[A-Z0-9_]+: ([^,]+)/.exec(cause.message)?.[1] ?? cause.code)
    : cause instanceof Error
      ? cause.message
      : String(cause);
  return new KeystoreError("IO", `cannot ${action} ${userPath}: ${description}${suffix}`, { cause });
}

/** Runs `operation`, turning any system error into {@link fileError}. */
export function withPath<T>(action: FileAction, userPath: string, operation: () => T, suffix = ""): T {
  try {
    return operation();
  } catch (error) {
    throw fileError(action, userPath, error, suffix);
  }
}
