import { UsageError, optionValue } from "../args.js";
import type { Command } from "../command.js";
import { HELP, OPTIONS, runProbe } from "./probe.js";

/** keytool's spelling: `printcert -sslserver HOST:PORT` (only the server form). */
export const printcertCommand: Command = {
  name: "printcert",
  summary: "keytool -printcert -sslserver HOST:PORT: the same as probe",
  usage: "keystorekit printcert -sslserver HOST[:PORT] [probe options]",
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const target = optionValue(args, "sslserver");
    if (target === undefined) throw new UsageError("printcert here takes -sslserver HOST[:PORT] (to show a certificate file, use keystorekit show)");
    return runProbe(target, args, io);
  },
};


