import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { flag } from "../args.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { listJson, listText } from "../render.js";

export const listCommand: Command = {
  name: "list",
  summary: "list the entries of a keystore (default: the JVM's trust store)",
  usage: "keystorekit list [STORE] [--storepass P | --storepass-env VAR | --storepass-file F] [--storetype T] [--json]",
  help: `Lists every entry in file order: alias, creation date, type, and the certificates
(SHA-256 fingerprint, subject, issuer, validity). The format is recognised from the bytes:
a .jks that is really PKCS#12 is listed as PKCS12.

Without STORE, opens the JVM's default trust store (JAVA_HOME, then the java on PATH, then the
usual install locations) and says which file it opened. Without a password the integrity
check is skipped ("integrity": "unchecked"); the default store is tried with "changeit" first.

Examples:
  keystorekit list
  keystorekit list server.jks --storepass-env STOREPASS --json
  keystorekit list -keystore truststore.p12 -storepass changeit`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass")],
  async run(args, io) {
    const { store, path } = await openStore(args, io, { allowDefault: true });
    if (flag(args, "json")) printJson(io, listJson(store, path));
    else io.stdout(listText(store, path));
    return 0;
  },
};
