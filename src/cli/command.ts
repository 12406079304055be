import type { OptionSpec, ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

/** One CLI command: its help text, its options and what it does. Returns the exit status. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Longer description and at least one example, shown by `<command> --help`. */
  help: string;
  options: OptionSpec[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Options every command has. */
export const COMMON_OPTIONS: OptionSpec[] = [
  { name: "json", takesValue: false },
  { name: "help", aliases: ["h"], takesValue: false },
];

/** The store to work on: a positional STORE, keytool's -keystore, or keytool's -cacerts (the JVM's default trust store). */
export const STORE_OPTIONS: OptionSpec[] = [
  { name: "keystore", aliases: ["store"], takesValue: true },
  { name: "storetype", takesValue: true },
  { name: "cacerts", takesValue: false },
];

/** Printed JSON: one object, two-space indented, ending with a newline. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
