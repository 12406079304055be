import { UsageError, flag, optionValue, type OptionSpec } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { certificateJson, entryDetailText, entryJson } from "../render.js";

const ALIAS: OptionSpec = { name: "alias", takesValue: true };

export const showCommand: Command = {
  name: "show",
  summary: "show one entry in full",
  usage: "keystorekit show [STORE] -alias A [--storepass …] [--json]",
  help: `Prints one entry: type, creation date, key algorithm, and for each certificate its subject,
issuer, serial number, validity, public key algorithm and SHA-1/SHA-256 fingerprints.

Example:
  keystorekit show truststore.jks -alias my-ca --json`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ALIAS],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("show needs -alias");
    const { store } = await openStore(args, io, { allowDefault: true });
    const entry = store.entry(alias);
    const certificates = store.certificates(entry.alias);
    if (flag(args, "json")) {
      printJson(io, { ...entryJson(store, entry), certificates: certificates.map((c) => ({ ...certificateJson(c), sha1: c.sha1, publicKeyAlgorithm: c.publicKeyAlgorithm })) });
      return 0;
    }
    io.stdout(entryDetailText(store, entry));
    return 0;
  },
};
