import type { Command } from "./command.js";

export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `keystorekit ${version}: read, check and write Java keystores (JKS, JCEKS, PKCS#12, BKS/UBER) without a JVM

Usage: keystorekit <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Options use GNU spellings (--storepass P, --storepass=P) or keytool's (-storepass P, -keystore F,
-alias A, -storetype T, -cacerts for the JVM's default trust store). Passwords: --storepass,
--storepass-env VAR, --storepass-file F, or a prompt on a terminal; a key whose password differs
from the store password is asked for there ("Enter key password for <alias>"). --json prints machine-readable output; errors then also go to stdout as
{"error": {"code", "message"}}. Exit status: 0 success, 1 failure, 2 bad usage, 130 Ctrl-C
(143 SIGTERM, 129 SIGHUP).

Files: every write goes to a 0600 temporary file that gets the target's owner, group and mode, is
read back and checked, then renamed over it (links followed; hard-linked and bind-mounted files
rewritten in place, with a note). Edits hold STORE.lock and refuse to save over a file changed
meanwhile. Devices, FIFOs and read-only files are never replaced (--force-read-only for the
last). Passwords from -env, -file or a prompt are never printed back (--show-password).

Example:
  keystorekit list --json
  keystorekit help list
`;
}

export function commandHelp(command: Command): string {
  return `Usage: ${command.usage}

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.

${command.help}
`;
}
