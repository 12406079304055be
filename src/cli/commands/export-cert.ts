import { UsageError, flag, optionValue, type OptionSpec } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { FORCE_READ_ONLY, writeOutputFile } from "../store-io.js";

const ALIAS: OptionSpec = { name: "alias", takesValue: true };
const FILE: OptionSpec = { name: "file", aliases: ["out"], takesValue: true };

export const exportCertCommand: Command = {
  name: "export-cert",
  summary: "write an entry's certificate as PEM (or DER)",
  usage: "keystorekit export-cert [STORE] -alias A [-file OUT] [--der] [--chain]",
  help: `Writes the certificate of a trusted entry, or the leaf of a private key (--chain: the
whole chain), as PEM to stdout or -file; --der writes binary DER (one certificate).

Example:
  keystorekit export-cert server.jks -alias server -file server.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ALIAS, FILE, FORCE_READ_ONLY, { name: "der", takesValue: false }, { name: "rfc", takesValue: false }, { name: "chain", takesValue: false }],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("export-cert needs -alias");
    const { store } = await openStore(args, io, { allowDefault: true });
    const certificates = store.certificates(alias);
    if (certificates.length === 0) throw new UsageError(`<${alias}> holds no certificate`);
    const chosen = flag(args, "chain") ? certificates : certificates.slice(0, 1);
    const file = optionValue(args, "file");
    const der = flag(args, "der"); // keytool's -rfc (PEM) is the default here
    if (der && chosen.length > 1) throw new UsageError("--der writes one certificate: drop --chain");
    const output = der ? chosen[0]!.der : chosen.map((c) => c.toPem()).join("");
    if (file) {
      writeOutputFile(file, output, "public", args, io);
      io.stderr(`Certificate stored in file <${file}>\n`);
    } else if (typeof output === "string") io.stdout(output);
    else throw new UsageError("--der needs -file (binary output)");
    return 0;
  },
};
