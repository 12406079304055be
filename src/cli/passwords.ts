import { resolve } from "node:path";
import { shellQuote } from "../truststore/java-options.js";
import { resolveLimits } from "../model/limits.js";
import { readFileBounded } from "../node/read-file.js";
import { UsageError, optionValue, type OptionSpec, type ParsedArgs } from "./args.js";
import { warn, type CliIo } from "./io.js";

/**
 * Passwords come from a flag, an environment variable, a file, or a prompt on a terminal.
 * A password on the command line is visible to other users (ps, shell history): warn about it.
 * Where a password is printed back (the JAVA_OPTS line), only one the user typed on the command
 * line is shown; the others are shown as a reference ($VAR, $(cat FILE)) or a placeholder, so
 * that they do not end up in CI logs.
 */

/** The options of one password: --NAME, --NAME-env, --NAME-file (and keytool's -NAME). */
export function passwordOptions(name: string): OptionSpec[] {
  return [
    { name, takesValue: true },
    { name: `${name}-env`, takesValue: true },
    { name: `${name}-file`, takesValue: true },
  ];
}

/** `--show-password`: print passwords in the Java options even when they came from a secret source. */
export const SHOW_PASSWORD_OPTION: OptionSpec = { name: "show-password", takesValue: false };

/**
 * How a password is to be printed back: undefined to print it (typed on the command line,
 * Java's default "changeit", or --show-password), else the reference that stands for it.
 */
export function printedReference(args: ParsedArgs, given: GivenPassword | undefined): string | undefined {
  if (given === undefined || given.value === "" || given.source === "flag" || given.source === "default") return undefined;
  return args.options.has("show-password") ? undefined : given.reference;
}

/** The stderr line that says the password was not printed. */
export function hiddenPasswordNote(reference: string): string {
  return `The password is shown as ${reference}, not in clear (--show-password prints it)\n`;
}

export interface PasswordRequest {
  /** Option base name ("storepass", "keypass"). */
  name: string;
  /** What to ask on a terminal; no prompt when undefined. */
  prompt?: string;
}

/** A password and where it came from. */
export interface GivenPassword {
  value: string;
  source: "flag" | "env" | "file" | "prompt" | "default";
  /** How to print it without revealing it: "$VAR", "$(cat /abs/file)", or a placeholder. */
  reference: string;
}

/** The password the user gave for `request.name`, or undefined when none was given. */
export async function resolvePassword(args: ParsedArgs, io: CliIo, request: PasswordRequest): Promise<string | undefined> {
  return (await resolveGivenPassword(args, io, request))?.value;
}

/** As {@link resolvePassword}, with the password's source. */
export async function resolveGivenPassword(args: ParsedArgs, io: CliIo, request: PasswordRequest): Promise<GivenPassword | undefined> {
  const direct = optionValue(args, request.name);
  const fromEnv = optionValue(args, `${request.name}-env`);
  const fromFile = optionValue(args, `${request.name}-file`);
  const sources = [direct, fromEnv, fromFile].filter((v) => v !== undefined).length;
  if (sources > 1) throw new UsageError(`give --${request.name} one way only (flag, -env or -file)`);
  if (direct !== undefined) {
    warn(io, "PASSWORD_ON_COMMAND_LINE", `a password on the command line can be seen by other users; prefer --${request.name}-env or --${request.name}-file`);
    return { value: direct, source: "flag", reference: direct };
  }
  if (fromEnv !== undefined) {
    const value = io.env[fromEnv];
    if (value === undefined) throw new UsageError(`environment variable ${fromEnv} (from --${request.name}-env) is not set`);
    return { value, source: "env", reference: /^[A-Za-z_][A-Za-z0-9_]*$/.test(fromEnv) ? `$${fromEnv}` : "<password>" };
  }
  if (fromFile !== undefined) {
    // The shell reads the file as keystorekit does: its first line, without \r.
    const reference = `$(head -n 1 ${shellQuote(resolve(fromFile))} | tr -d '\\r')`;
    return { value: readPasswordFile(fromFile), source: "file", reference };
  }
  if (request.prompt && io.promptSecret) return { value: await io.promptSecret(request.prompt), source: "prompt", reference: "<password>" };
  return undefined;
}

/** The first line of a password file, without its line ending (\n, \r\n or \r), as keytool's :file reads it. */
export function readPasswordFile(path: string): string {
  const { bytes } = readFileBounded(path, { maxBytes: resolveLimits().maxPasswordFileBytes, what: "password file" });
  return new TextDecoder().decode(bytes).split(/\r\n|\r|\n/)[0] ?? "";
}

/** keytool's rule for new store and key passwords. */
export const MIN_PASSWORD_LENGTH = 6;

/**
 * A password for a new store or key. Given by flag, env or file, it must have at least six
 * characters (keytool's rule); an explicit empty one is accepted with a warning. On a terminal
 * it is asked twice. Without a terminal and without one given, the command is refused rather
 * than protect the store with "".
 */
export async function resolveNewPassword(args: ParsedArgs, io: CliIo, request: { name: string; what: string }): Promise<GivenPassword> {
  const given = await resolveGivenPassword(args, io, { name: request.name });
  if (given) {
    if (given.value === "") warn(io, "EMPTY_PASSWORD", `the ${request.what} password is empty: anyone can open it`);
    else checkLength(given.value, request.what);
    return given;
  }
  if (!io.promptSecret) {
    throw new UsageError(`a new ${request.what} needs a password: give --${request.name}-env VAR, --${request.name}-file FILE or --${request.name} (run on a terminal to be asked)`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await io.promptSecret(`Enter new ${request.what} password: `);
    if (first.length < MIN_PASSWORD_LENGTH) {
      io.stderr(`Password is too short - must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
      continue;
    }
    const second = await io.promptSecret("Re-enter new password: ");
    if (first === second) return { value: first, source: "prompt", reference: "<password>" };
    io.stderr("They don't match. Try again\n");
  }
  throw new UsageError("Too many failures - try later");
}

function checkLength(value: string, what: string): void {
  if (value.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`the new ${what} password is too short: it must be at least ${MIN_PASSWORD_LENGTH} characters (keytool's rule)`);
  }
}

/** The options of a new password: --NAME (keytool's -new), --NAME-env, --NAME-file. */
export function newPasswordOptions(name: string): OptionSpec[] {
  const [direct, ...rest] = passwordOptions(name);
  return [{ ...direct!, aliases: ["new"] }, ...rest];
}
