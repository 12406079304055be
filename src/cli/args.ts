/**
 * A small argument parser that accepts both GNU spellings (`--storepass P`, `--storepass=P`) and
 * keytool's single-dash ones (`-storepass P`), so keytool habits carry over. Each command declares
 * its options; anything else is a usage error (exit status 2).
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One option a command accepts. */
export interface OptionSpec {
  /** Canonical long name, without dashes ("storepass"). */
  name: string;
  /** Other accepted names ("keystore" for "store", a one-letter "v", …). */
  aliases?: string[];
  /** True when the option takes a value. */
  takesValue: boolean;
  /** Whether it may be given more than once (values collected in order). */
  repeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  /** Values by canonical name; flags map to "true". Repeatable options keep every value. */
  options: Map<string, string[]>;
  /** Canonical names of options whose value came from the command line itself (for warnings). */
  given: Set<string>;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    for (const alias of spec.aliases ?? []) byName.set(alias, spec);
  }
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option ${arg.slice(0, eq >= 0 ? eq + (arg.length - body.length) : undefined)}`);
    let value: string;
    if (!spec.takesValue) {
      if (eq >= 0) throw new UsageError(`option --${spec.name} takes no value`);
      value = "true";
    } else if (eq >= 0) {
      value = body.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`option --${spec.name} needs a value`);
      value = next;
      i++;
    }
    const values = options.get(spec.name) ?? [];
    if (values.length > 0 && !spec.repeatable) throw new UsageError(`option --${spec.name} given twice`);
    values.push(value);
    options.set(spec.name, values);
    given.add(spec.name);
  }
  return { positionals, options, given };
}

/** The single value of an option, or undefined. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}
