import { KeystoreError } from "../model/errors.js";
import { cliMessage } from "./error-advice.js";
import { UsageError, flag, parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { commandHelp, mainHelp } from "./help.js";
import type { CliIo } from "./io.js";
import { ioErrorMessage, isNodeSystemError } from "./io-error.js";
import { VERSION } from "./version.js";

export { VERSION };

/**
 * A command whose module is loaded only when it runs (or its help is shown): `keystorekit list`
 * must not load what `verify` or `import-key` need (issue 16). `name` must equal the Command's.
 */
export interface LazyCommand {
  name: string;
  load: () => Promise<Command>;
}

/**
 * Every command, one line each, in the order `--help` lists them. Add a command as
 *   { name: "x", load: async () => (await import("./commands/x.js")).xCommand },
 * A plain Command (with a static import) works too, but loads its module on every start.
 */
export const COMMANDS: readonly (Command | LazyCommand)[] = [
  { name: "list", load: async () => (await import("./commands/list.js")).listCommand },
  { name: "show", load: async () => (await import("./commands/show.js")).showCommand },
  { name: "import-cert", load: async () => (await import("./commands/import-cert.js")).importCertCommand },
  { name: "import-key", load: async () => (await import("./commands/import-key.js")).importKeyCommand },
  { name: "storepasswd", load: async () => (await import("./commands/storepasswd.js")).storepasswdCommand },
  { name: "keypasswd", load: async () => (await import("./commands/keypasswd.js")).keypasswdCommand },
  { name: "importkeystore", load: async () => (await import("./commands/importkeystore.js")).importkeystoreCommand },
  { name: "delete", load: async () => (await import("./commands/delete.js")).deleteCommand },
  { name: "rename", load: async () => (await import("./commands/rename.js")).renameCommand },
  { name: "export-cert", load: async () => (await import("./commands/export-cert.js")).exportCertCommand },
  { name: "export-key", load: async () => (await import("./commands/export-key.js")).exportKeyCommand },
  { name: "export-bundle", load: async () => (await import("./commands/export-bundle.js")).exportBundleCommand },
  { name: "convert", load: async () => (await import("./commands/convert.js")).convertCommand },
  { name: "merge", load: async () => (await import("./commands/merge.js")).mergeCommand },
  { name: "diff", load: async () => (await import("./commands/diff.js")).diffCommand },
  { name: "verify", load: async () => (await import("./commands/verify.js")).verifyCommand },
  { name: "diagnose", load: async () => (await import("./commands/diagnose.js")).diagnoseCommand },
  { name: "expiring", load: async () => (await import("./commands/expiring.js")).expiringCommand },
  { name: "java-opts", load: async () => (await import("./commands/java-opts.js")).javaOptsCommand },
  { name: "genkeypair", load: async () => (await import("./commands/genkeypair.js")).genkeypairCommand },
  { name: "certreq", load: async () => (await import("./commands/certreq.js")).certreqCommand },
  { name: "gencert", load: async () => (await import("./commands/gencert.js")).gencertCommand },
  { name: "genseckey", load: async () => (await import("./commands/genseckey.js")).genseckeyCommand },
  { name: "probe", load: async () => (await import("./commands/probe.js")).probeCommand },
  { name: "printcert", load: async () => (await import("./commands/printcert.js")).printcertCommand },
];

/** The Command behind a table entry, its module loaded if it is a lazy one. */
export async function loadCommand(entry: Command | LazyCommand): Promise<Command> {
  if (!("load" in entry)) return entry;
  const command = await entry.load();
  if (command.name !== entry.name) throw new Error(`COMMANDS: the entry "${entry.name}" loads the command "${command.name}"`);
  return command;
}

/** Every command, loaded (for the command list of --help). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map(loadCommand));
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? commandHelp(await loadCommand(topic)) : mainHelp(await loadCommands(), VERSION));
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  const json = rest.includes("--json") || rest.includes("-json");
  try {
    if (!entry) throw new UsageError(`unknown command "${name}" (see keystorekit --help)`);
    const command = await loadCommand(entry);
    const args = parseArgs(rest, command.options);
    if (flag(args, "help")) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io, json);
  }
}

/** One line on stderr; with --json also {"error": {code, message}} on stdout. */
function reportError(error: unknown, io: CliIo, json: boolean): number {
  let code: string;
  let message: string;
  let status = 1;
  if (error instanceof UsageError) {
    code = "USAGE";
    message = error.message;
    status = 2;
  } else if (error instanceof KeystoreError) {
    code = error.code;
    message = cliMessage(error);
  } else if (isNodeSystemError(error)) {
    // Node's file errors (ENOENT, EACCES, …).
    code = "IO";
    message = ioErrorMessage(error);
  } else {
    code = "INTERNAL";
    message = error instanceof Error ? error.message : String(error);
  }
  io.stderr(`keystorekit: ${message}\n`);
  if (json) io.stdout(`${JSON.stringify({ error: { code, message } })}\n`);
  return status;
}
