import type { KeystoreFormat } from "../model/entry.js";
import { isKeystoreError } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import { findDefaultTrustStore } from "../node/java-home.js";
import { openKeystoreFile } from "../node/files.js";
import { acquireEditLock, type EditLock } from "../node/lock.js";
import type { FileSnapshot } from "../node/read-file.js";
import { realTargetOf } from "../node/targets.js";
import { UsageError, flag, optionValue, type ParsedArgs } from "./args.js";
import { warn, type CliIo } from "./io.js";
import { resolveGivenPassword, type GivenPassword } from "./passwords.js";

export interface OpenedStore {
  store: Keystore;
  path: string;
  /** The store password that opened it (undefined: opened without integrity check). */
  password: string | undefined;
  /** The password with its source (for printing it back without revealing it). */
  given: GivenPassword | undefined;
  /** True when the JVM's default trust store was opened because no STORE was named. */
  isDefault: boolean;
  /** The file as read: a save refuses to replace it once it has changed. */
  snapshot: FileSnapshot;
  /** With `edit`: the edit lock, taken before the read; the caller releases it. */
  lock: EditLock | null;
}

const FORMATS: readonly KeystoreFormat[] = ["JKS", "JCEKS", "PKCS12", "BKS", "UBER", "PEM"];

/** keytool's -storetype value as a format ("pkcs12", "jks", …); UsageError when unknown. */
export function parseStoreType(value: string | undefined): KeystoreFormat | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase().replace(/^BKS-V1$/, "BKS");
  const format = FORMATS.find((f) => f === upper);
  if (!format) throw new UsageError(`unknown store type "${value}" (use ${FORMATS.join(", ")})`);
  return format;
}

/**
 * The STORE path from the first positional or -keystore; undefined when neither is given. With
 * keytool's -cacerts: the JVM's default trust store (found from `env`).
 */
export function storePath(args: ParsedArgs, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (flag(args, "cacerts")) return cacertsPath(args, env).path;
  const fromOption = optionValue(args, "keystore");
  const positional = args.positionals[0];
  if (fromOption !== undefined && positional !== undefined && fromOption !== positional) {
    throw new UsageError("give the store once: as STORE or as --keystore");
  }
  return fromOption ?? positional;
}

/** -cacerts: the JVM's default trust store, never together with -keystore (as keytool). */
function cacertsPath(args: ParsedArgs, env: Readonly<Record<string, string | undefined>>) {
  if (optionValue(args, "keystore") !== undefined) throw new UsageError("-cacerts names the JVM's default trust store: give -cacerts or -keystore, not both");
  const found = findDefaultTrustStore(env);
  if (!found) throw new UsageError("-cacerts: no JVM default trust store found (set JAVA_HOME)");
  return found;
}

/**
 * Opens the store the command names, or with `allowDefault` the JVM's default trust store. With
 * no password: the default store is tried with "changeit" first (Java's default) and otherwise
 * read without integrity check, as Java itself reads a trust store without a password.
 */
export async function openStore(
  args: ParsedArgs,
  io: CliIo,
  options: { allowDefault?: boolean; requirePassword?: boolean; edit?: boolean } = {},
): Promise<OpenedStore> {
  const format = parseStoreType(optionValue(args, "storetype"));
  const cacerts = flag(args, "cacerts");
  let path = cacerts ? undefined : storePath(args);
  let isDefault = false;
  if (path === undefined) {
    if (!options.allowDefault && !cacerts) throw new UsageError("name the STORE (a keystore file)");
    const found = cacerts ? cacertsPath(args, io.env) : findDefaultTrustStore(io.env);
    if (!found) throw new UsageError("no STORE given and no JVM default trust store found (set JAVA_HOME or name a file)");
    path = found.path;
    isDefault = true;
    io.stderr(`Opened the JVM's default trust store: ${path} (found via ${found.source})\n`);
  }
  const given = await resolveGivenPassword(args, io, {
    name: "storepass",
    ...(options.requirePassword ? { prompt: "Enter keystore password: " } : {}),
  });
  // An edit holds the lock from before the read until its save, so concurrent edits queue up.
  const lock = options.edit ? await acquireEditLock(realTargetOf(path), path) : null;
  try {
    return { ...readWithPassword(path, format, given, { isDefault, requirePassword: options.requirePassword === true }, io), path, isDefault, lock };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function readWithPassword(
  path: string,
  format: KeystoreFormat | undefined,
  given: GivenPassword | undefined,
  { isDefault, requirePassword }: { isDefault: boolean; requirePassword: boolean },
  io: CliIo,
) {
  const decodeOptions = format ? { format } : {};
  if (given !== undefined) return { ...openKeystoreFile(path, { ...decodeOptions, password: given.value }), password: given.value, given };
  let triedDefaultPassword = false;
  if (isDefault) {
    try {
      const given: GivenPassword = { value: "changeit", source: "default", reference: "changeit" };
      return { ...openKeystoreFile(path, { ...decodeOptions, password: "changeit" }), password: "changeit", given };
    } catch (error) {
      if (!isKeystoreError(error, "INTEGRITY")) throw error;
      triedDefaultPassword = true;
    }
  }
  if (requirePassword) throw new UsageError("this command needs the store password (--storepass, --storepass-env or --storepass-file)");
  const opened = openKeystoreFile(path, decodeOptions);
  // Warn only once the file has been read, so a missing file reports just its own error; a file
  // with no integrity check at all (PEM, a PKCS#12 without MAC) has none to skip.
  if (opened.store.integrity !== "none") {
    warn(
      io,
      "INTEGRITY_UNCHECKED",
      triedDefaultPassword
        ? `the default password "changeit" does not open ${path}: read without integrity check (give --storepass to verify it)`
        : "no store password given: the store's integrity has NOT been checked",
    );
  }
  return { ...opened, password: undefined, given: undefined };
}
