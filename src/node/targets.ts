import { lstatSync, readlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { KeystoreError } from "../model/errors.js";
import { fileError, isSystemError } from "./file-errors.js";

/**
 * The file a path really names: symbolic links followed one by one, relative and dangling ones
 * included (a dangling link names the file a save will create). Saves replace this file, and
 * the edit lock sits beside it, so a store edited through two links is locked once.
 */
export function realTargetOf(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
    } catch (error) {
      if (isSystemError(error) && error.code === "ENOENT") return current;
      throw fileError("open", path, error);
    }
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new KeystoreError("IO", `cannot open ${path}: too many levels of symbolic links`);
}
