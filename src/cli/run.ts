import { readFileSync } from "node:fs";
import { KeystoreError } from "../model/errors.js";
import { UsageError, flag, parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { diagnoseCommand, verifyCommand } from "./commands/check.js";
import { convertCommand } from "./commands/convert.js";
import { deleteCommand } from "./commands/delete.js";
import { importCertCommand } from "./commands/import-cert.js";
import { mergeCommand } from "./commands/merge.js";
import { renameCommand } from "./commands/rename.js";
import { exportKeyCommand } from "./commands/export-key.js";
import { diffCommand } from "./commands/diff.js";
import { expiringCommand } from "./commands/expiring.js";
import { exportBundleCommand } from "./commands/export-bundle.js";
import { exportCertCommand } from "./commands/export-cert.js";
import { showCommand } from "./commands/show.js";
import { javaOptsCommand } from "./commands/java-opts.js";
import { listCommand } from "./commands/list.js";
import { commandHelp, mainHelp } from "./help.js";
import type { CliIo } from "./io.js";
import { ioErrorMessage, isNodeSystemError } from "./io-error.js";

/** The package version, read from package.json (two levels up from src/cli and dist/cli). */
export const VERSION: string = (() => {
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    return (JSON.parse(text) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
})();

export const COMMANDS: readonly Command[] = [
  listCommand,
  showCommand,
  importCertCommand,
  deleteCommand,
  renameCommand,
  exportCertCommand,
  exportKeyCommand,
  exportBundleCommand,
  convertCommand,
  mergeCommand,
  diffCommand,
  verifyCommand,
  diagnoseCommand,
  expiringCommand,
  javaOptsCommand,
];

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? commandHelp(topic) : mainHelp(COMMANDS, VERSION));
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes("--json") || rest.includes("-json");
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (see keystorekit --help)`);
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
    message = error.message;
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
