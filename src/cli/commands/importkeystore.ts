import { existsSync } from "node:fs";
import { bksEntryKind } from "../../formats/bks/entries.js";
import type { Entry, PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { KeystoreError } from "../../model/errors.js";
import type { Keystore } from "../../model/keystore.js";
import { readKeystoreFile } from "../../node/files.js";
import { acquireEditLock } from "../../node/lock.js";
import type { FileSnapshot } from "../../node/read-file.js";
import { realTargetOf } from "../../node/targets.js";
import { UsageError, flag, optionValue, type ParsedArgs } from "../args.js";
import { COMMON_OPTIONS, printJson, type Command } from "../command.js";
import { editStore } from "../edit-session.js";
import { warn, type CliIo } from "../io.js";
import { keyPasswordForOption, keyPasswordsFor, openEntryKey, withPlainKey } from "../key-passwords.js";
import { parseStoreType } from "../open-store.js";
import { passwordOptions, resolveGivenPassword, resolveNewPassword, type GivenPassword } from "../passwords.js";
import { WRITE_OPTIONS, newStoreFor, profileOption, saveStore } from "../store-io.js";

export const importkeystoreCommand: Command = {
  name: "importkeystore",
  summary: "copy entries, keys included, from one store into another (new or existing), as keytool -importkeystore",
  usage:
    "keystorekit importkeystore -srckeystore SRC [-srcstoretype T] [--srcstorepass …] [-srcalias A [-destalias B]] -destkeystore DEST [-deststoretype T] [--deststorepass …] [--srckeypass … | --srckeypass-for ALIAS=VAR]... [--destkeypass …] [-noprompt | --overwrite] [--json]",
  help: `Copies every entry of SRC (or only -srcalias A, stored as -destalias B) into DEST, keys with
their chains and creation dates. DEST is created when missing (format from -deststoretype or its
name; keytool's rules for the new password) or edited under its edit lock.

Key passwords: a source key opens with --srckeypass (with -srcalias), --srckeypass-for ALIAS=VAR
(repeatable, one per key with its own password), else the source store password, else on a
terminal keytool's question "Enter key password for <alias>". In DEST the keys take
--destkeypass (JKS/JCEKS; default the destination store password); PKCS12 keys always take the
store password, as Java requires.

An alias DEST already holds is refused (asked on a terminal), unless -noprompt or --overwrite
replaces it, as keytool -noprompt does. Unlike keytool, which skips a key it cannot open and
goes on, a key that cannot be copied (wrong key password, a secret key JKS cannot hold) stops the
command with exit 1, naming every such alias, and DEST is left as it was: copy the others with
-srcalias, or give the missing passwords.

Example:
  keystorekit importkeystore -srckeystore old.jks -srcstorepass-env SP -destkeystore new.p12 -deststorepass-env SP`,
  options: [
    ...COMMON_OPTIONS,
    ...WRITE_OPTIONS,
    { name: "srckeystore", takesValue: true },
    { name: "srcstoretype", takesValue: true },
    ...passwordOptions("srcstorepass"),
    { name: "srcalias", takesValue: true },
    { name: "destkeystore", takesValue: true },
    { name: "deststoretype", takesValue: true },
    ...passwordOptions("deststorepass"),
    { name: "destalias", takesValue: true },
    ...passwordOptions("srckeypass"),
    keyPasswordForOption("srckeypass-for"),
    ...passwordOptions("destkeypass"),
    { name: "noprompt", takesValue: false },
    { name: "overwrite", takesValue: false },
  ],
  async run(args, baseIo) {
    const io: CliIo = flag(args, "json") ? { ...baseIo, warnings: baseIo.warnings ?? [] } : baseIo;
    const source = optionValue(args, "srckeystore");
    const dest = optionValue(args, "destkeystore");
    if (source === undefined || dest === undefined) throw new UsageError("importkeystore needs -srckeystore SRC and -destkeystore DEST");
    const srcAlias = optionValue(args, "srcalias");
    if (optionValue(args, "destalias") !== undefined && srcAlias === undefined) throw new UsageError("-destalias needs -srcalias");
    if (optionValue(args, "srckeypass") !== undefined && srcAlias === undefined) throw new UsageError("-srckeypass needs -srcalias (for several keys: --srckeypass-for ALIAS=VAR)");
    const srcPassword = await resolveGivenPassword(args, io, { name: "srcstorepass", prompt: "Enter source keystore password: " });
    if (srcPassword === undefined) throw new UsageError("the source store needs its password: --srcstorepass-env VAR, --srcstorepass-file F or --srcstorepass");
    const srcFormat = parseStoreType(optionValue(args, "srcstoretype"));
    const from = readKeystoreFile(source, { password: srcPassword.value, ...(srcFormat ? { format: srcFormat } : {}) });
    const entries = srcAlias !== undefined ? [from.entry(srcAlias)] : from.entries();
    // Every key is opened before DEST is touched: a failure leaves it as it was.
    const copies = await openAll(args, io, entries, srcPassword.value);
    const destArgs = asStoreArgs(args, dest);
    if (existsSync(dest)) {
      return editStore(destArgs, io, async ({ store, password, snapshot }) => copyAndReport(args, io, dest, store, { value: password, source: "flag", reference: "" }, snapshot, copies, source));
    }
    const given = await resolveNewPassword(destArgs, io, { name: "storepass", what: "destination keystore" });
    const lock = await acquireEditLock(realTargetOf(dest), dest);
    try {
      return await copyAndReport(args, io, dest, newStoreFor(dest, destArgs), given, "absent", copies, source);
    } finally {
      lock?.release();
    }
  },
};

/** The destination as the store options (-keystore, -storetype, --storepass…) the shared helpers read. */
function asStoreArgs(args: ParsedArgs, dest: string): ParsedArgs {
  const options = new Map(args.options);
  options.set("keystore", [dest]);
  for (const suffix of ["", "-env", "-file"]) {
    options.delete(`storepass${suffix}`);
    const value = args.options.get(`deststorepass${suffix}`);
    if (value) options.set(`storepass${suffix}`, value);
  }
  const type = args.options.get("deststoretype");
  if (type) options.set("storetype", type);
  const given = new Set([...args.given].map((name) => name.replace(/^deststorepass/, "storepass")));
  return { positionals: [], options, given };
}

async function openAll(args: ParsedArgs, io: CliIo, entries: readonly Entry[], storePassword: string): Promise<Entry[]> {
  const single = (await resolveGivenPassword(args, io, { name: "srckeypass" }))?.value;
  const perAlias = keyPasswordsFor(args, io, "srckeypass-for");
  const copies: Entry[] = [];
  const failures: string[] = [];
  for (const entry of entries) {
    if (entry.type === "trustedCert") {
      copies.push(entry);
      continue;
    }
    try {
      const given = single ?? perAlias.get(entry.alias.toLowerCase());
      const plain = await openEntryKey(io, entry, { given, fallback: storePassword, hint: `--srckeypass-for ${entry.alias}=VAR` });
      copies.push(withPlainKey(entry as PrivateKeyEntry | SecretKeyEntry, plain));
    } catch (error) {
      if (!(error instanceof KeystoreError) || error.code !== "WRONG_KEY_PASSWORD") throw error;
      failures.push(error.message);
    }
  }
  if (failures.length > 0) {
    throw new KeystoreError("WRONG_KEY_PASSWORD", `Nothing imported: ${failures.length} key${failures.length === 1 ? "" : "s"} cannot be copied. ${failures.join(". ")}`);
  }
  return copies;
}

async function copyAndReport(
  args: ParsedArgs,
  io: CliIo,
  path: string,
  store: Keystore,
  given: GivenPassword,
  expected: FileSnapshot | "absent",
  copies: readonly Entry[],
  source: string,
): Promise<number> {
  if (store.format === "PEM" || store.format === "BKS" || store.format === "UBER") throw new UsageError(`importkeystore writes JKS, JCEKS or PKCS12, not ${store.format}`);
  const destAlias = optionValue(args, "destalias");
  const overwrite = flag(args, "overwrite") || flag(args, "noprompt");
  const unsupported = uncopyable(copies, store.format);
  if (unsupported.length > 0) {
    const jcePossible = unsupported.every((u) => u.endsWith("(a secret key)"));
    throw new KeystoreError(
      "UNSUPPORTED",
      `Nothing imported: ${store.format} cannot hold ${unsupported.join(", ")}; ${jcePossible ? "use a PKCS12 or JCEKS destination, or " : "Java's KeyStore API has no entry for BouncyCastle public keys and stored values: copy the others with "}-srcalias${jcePossible ? " for the others" : ""}`,
    );
  }
  const destKeyPassword = await destinationKeyPassword(args, io, store, given.value);
  const imported: string[] = [];
  const keyPasswords: Record<string, string> = {};
  for (const entry of copies) {
    const alias = destAlias ?? entry.alias;
    if (store.has(alias) && !overwrite) {
      const answer = io.promptLine ? (await io.promptLine(`Existing entry alias ${alias} exists, overwrite? [no]:  `)).trim().toLowerCase() : "";
      if (answer !== "y" && answer !== "yes") {
        throw new KeystoreError("CONFLICT", `Nothing imported: ${path} already has an entry <${alias}> (-noprompt or --overwrite replaces it, -destalias names another)`);
      }
    }
    const added = store.set({ ...entry, alias });
    if (destKeyPassword !== undefined && added.type !== "trustedCert") keyPasswords[added.alias] = destKeyPassword;
    imported.push(added.alias);
  }
  const profile = profileOption(args);
  saveStore(path, store, { password: given.value, ...(profile ? { profile } : {}), ...(Object.keys(keyPasswords).length > 0 ? { keyPasswords } : {}), expected, args }, io);
  if (flag(args, "json")) {
    printJson(io, { from: source, file: path, format: store.format, imported, failed: [], warnings: io.warnings ?? [] });
  } else {
    for (const alias of imported) io.stdout(`Entry for alias ${alias} successfully imported.\n`);
    io.stdout(`Import command completed:  ${imported.length} entries successfully imported, 0 entries failed or cancelled\n`);
  }
  return 0;
}

/**
 * The entries `format` cannot hold, each as "<alias> (what it is)", named all at once so that one
 * run says everything -srcalias must leave out: secret keys in JKS; in every format BouncyCastle's
 * sealed public keys and stored values (BKS/UBER kinds with no KeyStore.Entry of their own, which
 * the encoders would otherwise refuse one at a time as oddly named secret keys).
 */
function uncopyable(copies: readonly Entry[], format: string): string[] {
  return copies.flatMap((entry) => {
    const kind = bksEntryKind(entry);
    if (kind === "publicKey") return [`<${entry.alias}> (a BouncyCastle public key)`];
    if (kind === "secretValue") return [`<${entry.alias}> (BouncyCastle stored bytes)`];
    return entry.type === "secretKey" && format === "JKS" ? [`<${entry.alias}> (a secret key)`] : [];
  });
}

/** --destkeypass for JKS/JCEKS (undefined: the store password); ignored with keytool's warning for PKCS12. */
async function destinationKeyPassword(args: ParsedArgs, io: CliIo, store: Keystore, storePassword: string): Promise<string | undefined> {
  const given = await resolveGivenPassword(args, io, { name: "destkeypass" });
  if (given === undefined || given.value === storePassword) return undefined;
  if (store.format === "PKCS12") {
    warn(io, "KEYPASS_IGNORED", "Different store and key passwords not supported for PKCS12 KeyStores. Ignoring user-specified -destkeypass value.");
    return undefined;
  }
  return given.value;
}
