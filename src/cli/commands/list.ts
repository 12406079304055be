import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { flag, type ParsedArgs } from "../args.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { listJson, listText, type ListWarning } from "../render.js";
import type { CliIo } from "../io.js";
import { javaViewWarnings } from "../../truststore/java-view.js";

/**
 * Opening the store prints its own warnings (no password, a password on the command line) on
 * stderr. They are held until the store is open, then passed on and kept, with a code, for the
 * JSON `warnings` array; "integrity NOT checked" is dropped for a store that has no integrity
 * check (PEM). (open-store.ts could return them instead of printing them.)
 */
async function openCollectingWarnings(args: ParsedArgs, io: CliIo, warnings: ListWarning[]) {
  const held: string[] = [];
  const flush = (keep: (line: string) => boolean) => {
    for (const text of held) {
      if (!keep(text)) continue;
      io.stderr(text);
      const match = /^Warning: (.*)\n?$/.exec(text);
      if (match) warnings.push({ code: warningCode(match[1]!), message: match[1]! });
    }
  };
  try {
    const opened = await openStore(args, { ...io, stderr: (text) => void held.push(text) }, { allowDefault: true });
    flush((text) => !(opened.store.integrity === "none" && warningCode(text) === "INTEGRITY_UNCHECKED"));
    return opened;
  } catch (error) {
    flush(() => true);
    throw error;
  }
}

function warningCode(message: string): string {
  if (/integrity/i.test(message)) return "INTEGRITY_UNCHECKED";
  if (/password on the command line/.test(message)) return "PASSWORD_ON_COMMAND_LINE";
  return "WARNING";
}

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

Says where Java will see something else in the file: entries its loader skips are marked
"(Java ignores this entry: unencrypted keyBag)" ("javaIgnores" in --json); a PEM file is no
keystore for Java (NOT_A_JAVA_KEYSTORE); PKCS#12 certificates without Java's trusted attribute
are named (PKCS12_CERTS_NOT_TRUSTED). --json carries every warning in "warnings": [{code, message}].

Examples:
  keystorekit list
  keystorekit list server.jks --storepass-env STOREPASS --json
  keystorekit list -keystore truststore.p12 -storepass changeit`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass")],
  async run(args, io) {
    const warnings: ListWarning[] = [];
    const { store, path } = await openCollectingWarnings(args, io, warnings);
    for (const warning of javaViewWarnings(store)) {
      io.stderr(`Warning: ${warning.message}\n`);
      warnings.push({ code: warning.code, message: warning.message });
    }
    if (flag(args, "json")) printJson(io, listJson(store, path, warnings));
    else io.stdout(listText(store, path));
    return 0;
  },
};
