import { existsSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { expect } from "vitest";
import { isKeystoreError } from "../../src/model/errors.js";
import { fileURLToPath } from "node:url";

/** Repository root (tests run from anywhere). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The shared folder (peer corpus, Inspect.java): `$KEYSTOREKIT_SHARED`, else `../shared` beside the
 * checkout (CI lays a copy of it there). A git worktree elsewhere points the variable at it.
 */
export const sharedRoot = process.env.KEYSTOREKIT_SHARED ? resolve(process.env.KEYSTOREKIT_SHARED) : resolve(repoRoot, "../shared");
export const corpusRoot = join(sharedRoot, "peer-corpus");
export const hasCorpus = existsSync(join(corpusRoot, "manifest.json"));

export interface ManifestEntry {
  alias: string;
  type: string;
  creationDate: string | null;
  certChainSha256: string[];
  certChainSubjects: string[];
  keyPassword?: string | null;
  keyAlgorithm?: string;
  pkcs8DecryptedSha256?: string;
  secretKeyAlgorithm?: string;
  secretKeySha256?: string;
  secretKeyLength?: number;
}

export interface ManifestStore {
  file: string;
  format: string;
  storePassword: string;
  expected: { result: "ok" | "error"; entryCount?: number; errorClass?: string; acceptableErrorClasses?: string[] };
  entries: ManifestEntry[];
}

export interface PasswordCheck {
  file: string;
  storePassword: string;
  alias?: string;
  keyPassword?: string;
  expected: { result: "ok" | "error"; errorClass?: string };
}

export interface Manifest {
  stores: ManifestStore[];
  passwordChecks: PasswordCheck[];
}

export function loadManifest(): Manifest {
  if (!hasCorpus) return { stores: [], passwordChecks: [] };
  return JSON.parse(readFileSync(join(corpusRoot, "manifest.json"), "utf8")) as Manifest;
}

export function corpusFile(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(corpusRoot, file)));
}

/** The manifest's error class for one of our error codes ("WRONG_KEY_PASSWORD" → "wrong-key-password"). */
export function errorClassOf(code: string): string {
  return code.toLowerCase().replace(/_/g, "-");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Runs `run` and checks that it throws a KeystoreError of one of the manifest's error classes. */
export function expectErrorClass(run: () => unknown, allowed: ReadonlyArray<string | undefined>): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isKeystoreError(caught), String(caught)).toBe(true);
  if (isKeystoreError(caught)) expect(allowed).toContain(errorClassOf(caught.code));
}
