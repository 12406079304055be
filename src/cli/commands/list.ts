import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { flag, optionValue } from "../args.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { entryJson, listDetailText, listJson, listText } from "../render.js";
import { warn, type CliIo, type CliWarning } from "../io.js";
import { javaViewWarnings } from "../../truststore/java-view.js";

export const listCommand: Command = {
  name: "list",
  summary: "list the entries of a keystore (default: the JVM's trust store)",
  usage: "keystorekit list [STORE | -cacerts] [--storepass P | --storepass-env VAR | --storepass-file F] [--storetype T] [-alias A] [-v | -rfc] [--json]",
  help: `Lists every entry in file order: alias, creation date, type, and the certificates
(SHA-256 fingerprint, subject, issuer, validity). The format is recognised from the bytes:
a .jks that is really PKCS#12 is listed as PKCS12.

Without STORE, opens the JVM's default trust store (JAVA_HOME, then the java on PATH, then the
usual install locations) and says which file it opened. Without a password the integrity
check is skipped ("integrity": "unchecked"); the default store is tried with "changeit" first.

Says where Java will see something else in the file: entries its loader skips are marked
"(Java ignores this entry: unencrypted keyBag)" ("javaIgnores" in --json); a PEM file is no
keystore for Java (NOT_A_JAVA_KEYSTORE); PKCS#12 certificates without Java's trusted attribute
are named (PKCS12_CERTS_NOT_TRUSTED). --json carries every warning in "warnings": [{code, message}].

As keytool -list: -alias A lists only that entry, -v prints every certificate of each entry in
full (owner, issuer, serial, validity, fingerprints; the whole chain of a key entry), -rfc prints
them as PEM. -cacerts opens the JVM's default trust store (as does no STORE at all).

Examples:
  keystorekit list
  keystorekit list server.jks --storepass-env STOREPASS --json
  keystorekit list -keystore truststore.p12 -storepass changeit
  keystorekit list -keystore client.p12 -storepass-env SP -alias client -v`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    { name: "alias", takesValue: true },
    { name: "v", aliases: ["verbose"], takesValue: false },
    { name: "rfc", takesValue: false },
  ],
  async run(args, io) {
    // Opening the store warns too (no password, a password on the command line): all of them
    // are collected for the JSON "warnings" array.
    const warnings: CliWarning[] = [];
    const collecting: CliIo = { ...io, warnings };
    const { store, path } = await openStore(args, collecting, { allowDefault: true });
    for (const warning of javaViewWarnings(store)) warn(collecting, warning.code, warning.message);
    const alias = optionValue(args, "alias");
    const chosen = alias !== undefined ? [store.entry(alias)] : store.entries();
    if (flag(args, "json")) {
      const listing = listJson(store, path, warnings);
      printJson(io, alias !== undefined ? { ...listing, entries: chosen.map((entry) => entryJson(store, entry)) } : listing);
    } else if (flag(args, "v") || flag(args, "rfc")) {
      io.stdout(listDetailText(store, chosen, path, flag(args, "rfc")));
    } else if (alias !== undefined) {
      io.stdout(listText(store, path, chosen));
    } else {
      io.stdout(listText(store, path));
    }
    return 0;
  },
};
