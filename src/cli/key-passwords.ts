/**
 * Opening keys whose password may differ from the store password (keytool-made JKS/JCEKS stores
 * with -keypass): the password given for the alias, else the store password, else, on a
 * terminal, keytool's question "Enter key password for <alias>". A key that does not open is
 * reported by its alias, never skipped.
 */
import type { PrivateKeyEntry, SecretKeyEntry } from "../model/entry.js";
import { KeystoreError, isKeystoreError } from "../model/errors.js";
import { UsageError, type OptionSpec, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

/** The decrypted key of `entry` (PKCS#8 for private keys, raw bytes for secret keys). */
export async function openEntryKey(
  io: CliIo,
  entry: PrivateKeyEntry | SecretKeyEntry,
  passwords: { given?: string | undefined; fallback?: string | undefined; hint: string },
): Promise<Uint8Array> {
  if (entry.key.plain) return entry.key.plain;
  const key = entry.key.protected!;
  if (passwords.given !== undefined) {
    try {
      return key.decrypt(passwords.given);
    } catch (error) {
      throw rename(error, entry.alias, `the key password given for <${entry.alias}> does not open it`);
    }
  }
  if (passwords.fallback !== undefined) {
    try {
      return key.decrypt(passwords.fallback);
    } catch (error) {
      if (!isKeystoreError(error, "WRONG_KEY_PASSWORD")) throw error;
    }
  }
  if (!io.promptSecret) {
    throw new KeystoreError("WRONG_KEY_PASSWORD", `Cannot recover key <${entry.alias}>: it does not open with the store password. Give its key password (${passwords.hint}), or run on a terminal to be asked`);
  }
  const typed = await io.promptSecret(`Enter key password for <${entry.alias}>: `);
  try {
    return key.decrypt(typed);
  } catch (error) {
    throw rename(error, entry.alias, `the key password typed for <${entry.alias}> does not open it`);
  }
}

function rename(error: unknown, alias: string, what: string): unknown {
  if (!isKeystoreError(error, "WRONG_KEY_PASSWORD")) return error;
  return new KeystoreError("WRONG_KEY_PASSWORD", `Cannot recover key <${alias}>: ${what} (java.security.UnrecoverableKeyException)`, { cause: error });
}

/** The entry with its key decrypted (the store re-protects it when saved with reprotectKeys or a key password). */
export function withPlainKey<T extends PrivateKeyEntry | SecretKeyEntry>(entry: T, plain: Uint8Array): T {
  if (entry.type === "privateKey") return { ...entry, key: { plain } };
  const secret = entry as SecretKeyEntry;
  return { ...secret, algorithm: secret.algorithm ?? secret.key.protected?.keyAlgorithm ?? null, key: { plain } } as T;
}

/**
 * `--NAME ALIAS=ENVVAR` (repeatable): a key password per alias, each read from the environment
 * variable named (never given in clear on the command line). Aliases are matched as Java does,
 * without case.
 */
export function keyPasswordsFor(args: ParsedArgs, io: CliIo, name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of args.options.get(name) ?? []) {
    const eq = item.lastIndexOf("=");
    if (eq <= 0 || eq === item.length - 1) throw new UsageError(`--${name} takes ALIAS=ENVVAR (the variable that holds that key's password), not "${item}"`);
    const alias = item.slice(0, eq).toLowerCase();
    const variable = item.slice(eq + 1);
    const value = io.env[variable];
    if (value === undefined) throw new UsageError(`environment variable ${variable} (from --${name} ${item}) is not set`);
    out.set(alias, value);
  }
  return out;
}

/** The option of {@link keyPasswordsFor}. */
export function keyPasswordForOption(name: string): OptionSpec {
  return { name, takesValue: true, repeatable: true };
}
