import { readFileSync } from "node:fs";
import { UsageError, optionValue, type OptionSpec, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

/**
 * Passwords come from a flag, an environment variable, a file, or a prompt on a terminal.
 * A password on the command line is visible to other users (ps, shell history): warn about it.
 */

/** The options of one password: --NAME, --NAME-env, --NAME-file (and keytool's -NAME). */
export function passwordOptions(name: string): OptionSpec[] {
  return [
    { name, takesValue: true },
    { name: `${name}-env`, takesValue: true },
    { name: `${name}-file`, takesValue: true },
  ];
}

export interface PasswordRequest {
  /** Option base name ("storepass", "keypass"). */
  name: string;
  /** What to ask on a terminal; no prompt when undefined. */
  prompt?: string;
}

/** The password the user gave for `request.name`, or undefined when none was given. */
export async function resolvePassword(args: ParsedArgs, io: CliIo, request: PasswordRequest): Promise<string | undefined> {
  const direct = optionValue(args, request.name);
  const fromEnv = optionValue(args, `${request.name}-env`);
  const fromFile = optionValue(args, `${request.name}-file`);
  const sources = [direct, fromEnv, fromFile].filter((v) => v !== undefined).length;
  if (sources > 1) throw new UsageError(`give --${request.name} one way only (flag, -env or -file)`);
  if (direct !== undefined) {
    io.stderr(`Warning: a password on the command line can be seen by other users; prefer --${request.name}-env or --${request.name}-file\n`);
    return direct;
  }
  if (fromEnv !== undefined) {
    const value = io.env[fromEnv];
    if (value === undefined) throw new UsageError(`environment variable ${fromEnv} (from --${request.name}-env) is not set`);
    return value;
  }
  if (fromFile !== undefined) {
    // First line only, without its line ending, as keytool's :file modifier does.
    return readFileSync(fromFile, "utf8").split(/\r?\n/)[0] ?? "";
  }
  if (request.prompt && io.promptSecret) return io.promptSecret(request.prompt);
  return undefined;
}
