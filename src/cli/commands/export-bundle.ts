import { TrustStore } from "../../truststore/truststore.js";
import { optionValue, type OptionSpec } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { FORCE_READ_ONLY, writeOutputFile } from "../store-io.js";

const FILE: OptionSpec = { name: "file", aliases: ["out"], takesValue: true };

export const exportBundleCommand: Command = {
  name: "export-bundle",
  summary: "write all trusted certificates as one PEM bundle",
  usage: "keystorekit export-bundle [STORE] [-file OUT] [--storepass …]",
  help: `Writes every trusted certificate (the trust anchors) as one PEM file, each preceded by a
"# alias" line: the form OpenSSL, curl and Node (NODE_EXTRA_CA_CERTS) read.

Example:
  keystorekit export-bundle -file java-cas.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), FILE, FORCE_READ_ONLY],
  async run(args, io) {
    const { store } = await openStore(args, io, { allowDefault: true });
    const trust = new TrustStore(store);
    const bundle = trust.toPemBundle();
    const file = optionValue(args, "file");
    if (file) {
      writeOutputFile(file, bundle, "public", args, io);
      io.stderr(`${trust.anchors().length} certificates written to <${file}>\n`);
    } else io.stdout(bundle);
    return 0;
  },
};
