import { existsSync } from "node:fs";
import type { EncodeOptions } from "../formats/codec.js";
import type { FileSnapshot } from "../node/read-file.js";
import { saveFileAtomic, type FileContents, type SaveReport } from "../node/safe-write.js";
import type { Pkcs12ProfileName } from "../formats/pkcs12/profiles.js";
import { PKCS12_PROFILES } from "../formats/pkcs12/profiles.js";
import type { KeystoreFormat } from "../model/entry.js";
import { Keystore } from "../model/keystore.js";
import { saveKeystoreFile } from "../node/files.js";
import { UsageError, flag, optionValue, type OptionSpec, type ParsedArgs } from "./args.js";
import { warn, type CliIo } from "./io.js";
import { parseStoreType } from "./open-store.js";

/** The options of commands that write a store. */
export const WRITE_OPTIONS: OptionSpec[] = [{ name: "profile", takesValue: true }, { name: "force-read-only", takesValue: false }];

/** The option of commands that write an output file (certificates, keys). */
export const FORCE_READ_ONLY: OptionSpec = { name: "force-read-only", takesValue: false };

/** The format a new file gets from its name: .p12/.pfx → PKCS12, .jceks → JCEKS, .pem/.crt → PEM, else JKS. */
export function formatFromPath(path: string): KeystoreFormat {
  if (/\.(p12|pfx|pkcs12)$/i.test(path)) return "PKCS12";
  if (/\.jceks$/i.test(path)) return "JCEKS";
  if (/\.(pem|crt)$/i.test(path)) return "PEM";
  return "JKS";
}

/** A PKCS#12 profile named by --profile (UsageError when unknown). */
export function profileOption(args: ParsedArgs): Pkcs12ProfileName | undefined {
  const value = optionValue(args, "profile");
  if (value === undefined) return undefined;
  if (!(value in PKCS12_PROFILES)) throw new UsageError(`unknown profile "${value}" (use ${Object.keys(PKCS12_PROFILES).join(", ")})`);
  return value as Pkcs12ProfileName;
}

/** A new, empty store for `path` when it does not exist yet (format from --storetype or the name). */
export function newStoreFor(path: string, args: ParsedArgs): Keystore {
  if (existsSync(path)) throw new UsageError(`${path} exists`);
  return new Keystore({ format: parseStoreType(optionValue(args, "storetype")) ?? formatFromPath(path) });
}

/**
 * Saves through the safe writer (temporary file, re-read check, owner and mode kept, rename; in
 * place where a rename would break links), refusing with CONFLICT when the file is no longer
 * what was read. A password-less PKCS#12 (JDK 18+ cacerts) stays password-less unless a
 * profile is named.
 */
export function saveStore(
  path: string,
  store: Keystore,
  options: {
    password: string;
    profile?: Pkcs12ProfileName;
    keyPasswords?: Record<string, string>;
    reprotectKeys?: boolean;
    expected?: FileSnapshot | "absent";
    args?: ParsedArgs;
  },
  io: CliIo,
): SaveReport {
  const encode: EncodeOptions = {
    password: options.password,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.keyPasswords ? { keyPasswords: options.keyPasswords } : {}),
    ...(options.reprotectKeys ? { reprotectKeys: true } : {}),
  };
  if (store.format === "BKS" || store.format === "UBER") {
    throw new UsageError(`writing ${store.format} is not supported: convert it (keystorekit convert IN OUT --to pkcs12)`);
  }
  const report = saveKeystoreFile(path, store, {
    ...encode,
    ...(options.expected ? { expected: options.expected } : {}),
    ...(options.args && flag(options.args, "force-read-only") ? { allowReadOnly: true } : {}),
  });
  printNotes(report, io);
  if (java17RefusesPassword(store, options.password, options.keyPasswords)) warn(io, "NON_ASCII_PASSWORD", nonAsciiPasswordMessage(store.format));
  const count = `${store.size} ${store.size === 1 ? "entry" : "entries"}`;
  const profile = encode.profile ?? (store.format === "PKCS12" && store.passwordless ? "passwordless" : undefined);
  io.stderr(`Saved ${path} (${store.format}${profile ? `, profile ${profile}` : ""}, ${count})\n`);
  return report;
}

/**
 * Java 17's PBE keys take only ASCII passwords, so it cannot open a PKCS#12 protected with another
 * (nor read its keys), nor the keys of a JCEKS; Temurin 25 reads both as we write them, and JKS
 * has no such limit (test/cli/passwd.property.test.ts).
 */
function java17RefusesPassword(store: Keystore, password: string, keyPasswords: Record<string, string> | undefined): boolean {
  const nonAscii = (p: string) => /[^\x00-\x7f]/.test(p);
  const keys = Object.values(keyPasswords ?? {});
  if (store.format === "PKCS12") return nonAscii(password) || keys.some(nonAscii);
  if (store.format === "JCEKS") return keys.some(nonAscii);
  return false;
}

function nonAsciiPasswordMessage(format: KeystoreFormat): string {
  const what = format === "PKCS12" ? "this PKCS#12" : "the keys of this JCEKS";
  return `a password is not ASCII: Java 25 opens ${what}, but Java 17 and older cannot ("Password is not ASCII", or "keystore password was incorrect"). Use ASCII passwords, or JKS, where Java 17 must read the store.`;
}

/** Writes an output file (PEM, DER) through the safe writer and says what it noticed. */
export function writeOutputFile(path: string, bytes: Uint8Array | string, contents: FileContents, args: ParsedArgs, io: CliIo): SaveReport {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const report = saveFileAtomic(path, data, { contents, ...(flag(args, "force-read-only") ? { allowReadOnly: true } : {}) });
  printNotes(report, io);
  return report;
}

function printNotes(report: SaveReport, io: CliIo): void {
  for (const note of report.notes) io.stderr(`Note: ${note}\n`);
}
