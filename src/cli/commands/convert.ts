import { existsSync } from "node:fs";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore, parseStoreType } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { WRITE_OPTIONS, formatFromPath, profileOption, saveStore } from "../store-io.js";

export const convertCommand: Command = {
  name: "convert",
  summary: "convert a keystore between JKS, PKCS12, JCEKS and PEM (BKS/UBER read)",
  usage: "keystorekit convert IN OUT [--to jks|pkcs12|jceks|pem] [--profile P] [--storepass …] [--new-storepass …] [--keypass …] [--force]",
  help: `Reads IN (any supported format) and writes OUT in the format --to names (default: from OUT's
extension, .p12/.pfx → PKCS12, .jceks → JCEKS, .pem → PEM, else JKS), keeping aliases, creation
dates (where the target has them), chains and keys. Keys are decrypted with --keypass (default:
the store password) and protected again with the new store password, as keytool
-importkeystore does. PKCS12 profiles: java (default), java-legacy, openssl, openssl-legacy,
passwordless. PEM output holds unencrypted keys. OUT is written atomically; an existing OUT
needs --force.

Examples:
  keystorekit convert server.jks server.p12 --storepass-env STOREPASS
  keystorekit convert android.bks app.p12 --to pkcs12 --profile java-legacy --storepass-env SP --new-storepass-env NEWSP`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("new-storepass"),
    ...passwordOptions("keypass"),
    ...WRITE_OPTIONS,
    { name: "to", aliases: ["deststoretype"], takesValue: true },
    { name: "force", takesValue: false },
  ],
  async run(args, io) {
    const [input, output] = args.positionals;
    if (input === undefined || output === undefined) throw new UsageError("convert needs IN and OUT");
    if (existsSync(output) && !flag(args, "force")) throw new UsageError(`${output} exists (use --force to replace it)`);
    const format = parseStoreType(optionValue(args, "to")) ?? formatFromPath(output);
    const { store, password } = await openStore({ ...args, positionals: [input] }, io, { requirePassword: true });
    const newPassword = (await resolvePassword(args, io, { name: "new-storepass" })) ?? password ?? "";
    const keyPassword = (await resolvePassword(args, io, { name: "keypass" })) ?? password ?? "";
    const keyPasswords = Object.fromEntries(store.entries().filter((e) => e.type !== "trustedCert").map((e) => [e.alias, keyPassword]));
    const sourceFormat = store.format;
    store.format = format;
    // Keys are opened with the key password and protected again with the new store password.
    const decrypted = store.entries().flatMap((entry) => {
      if (entry.type === "trustedCert" || entry.key.plain) return [];
      const plain = entry.key.protected!.decrypt(keyPasswords[entry.alias]!);
      return [{ ...entry, key: { plain } }];
    });
    for (const entry of decrypted) store.set(entry);
    const profile = profileOption(args);
    saveStore(output, store, { password: newPassword, ...(profile ? { profile } : {}), reprotectKeys: true }, io);
    if (flag(args, "json")) printJson(io, { from: sourceFormat, to: format, entries: store.size, file: output });
    else io.stdout(`Converted ${store.size} entries from ${sourceFormat} to ${format}: ${output}\n`);
    return 0;
  },
};
