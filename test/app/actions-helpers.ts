// Shared by the action tests: fixtures, and an OpenedStore as the shell hands one to a panel.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeKeystore, Keystore } from "../../src/index.js";
import type { OpenedStore } from "../../app/src/context.js";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");
export const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, path)));
export const fixtureText = (path: string): string => readFileSync(join(FIXTURES, path), "utf8");

/** An OpenedStore of a fixture store (password changeit) or of a new empty store. */
export function opened(path: string | { format: Keystore["format"] }, password: string | undefined = "changeit"): OpenedStore {
  const store = typeof path === "string" ? decodeKeystore(fixture(path), password === undefined ? {} : { password }) : new Keystore({ format: path.format });
  return { fileName: typeof path === "string" ? path : "new", format: store.format, store, password, integrity: store.integrity, keyPasswords: new Map() };
}
