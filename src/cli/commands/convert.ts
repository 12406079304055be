import { existsSync } from "node:fs";
import { bksEntryKind } from "../../formats/bks/entries.js";
import { SECRET_KEY_OIDS } from "../../formats/pkcs12/oids.js";
import { aliasChanges, aliasCollisions, foldsAliasCase, renameAliasCollisions } from "../../model/java-aliases.js";
import type { Entry, KeystoreFormat } from "../../model/entry.js";
import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore, parseStoreType } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { keyPasswordForOption, keyPasswordsFor, openEntryKey, withPlainKey } from "../key-passwords.js";
import { WRITE_OPTIONS, formatFromPath, profileOption, saveStore } from "../store-io.js";
import { plaintextKeyWarning, refuseKeyInCertificateFile, KEY_IN_CERT_FILE_OPTION } from "../plaintext-keys.js";

export const convertCommand: Command = {
  name: "convert",
  summary: "convert a keystore between JKS, PKCS12, JCEKS and PEM (BKS/UBER read)",
  usage: "keystorekit convert IN OUT [--to jks|pkcs12|jceks|pem] [--profile P] [--storepass …] [--new-storepass …] [--keypass … | --keypass-for ALIAS=VAR]... [--rename-collisions] [--force]",
  help: `Reads IN (any supported format) and writes OUT in the format --to names (default: from OUT's
extension, .p12/.pfx → PKCS12, .jceks → JCEKS, .pem → PEM, else JKS), keeping aliases, creation
dates (where the target has them), chains and keys. Keys are decrypted with --keypass-for
ALIAS=VAR (repeatable: the variable holding that key's password), else --keypass, else the store
password, else on a terminal keytool's question "Enter key password for <alias>"; a key that does
not open stops the conversion, naming its alias. They are protected again with the new store
password, as keytool -importkeystore does. PKCS12 profiles: java (default), java-legacy, openssl, openssl-legacy,
passwordless. PEM output holds unencrypted keys: it is written 0600 (an existing OUT is
tightened), with a warning, and never to a .crt or .cer name unless --allow-key-in-cert-file. Entries the target cannot hold (a secret key
in JKS or PEM, a BKS public key) are skipped with a warning, as keytool -importkeystore does.
--trust-certificates also converts the certificates of a PKCS#12 that Java ignores (no trusted
attribute, as "openssl pkcs12 -export -nokeys" writes) into trusted entries. JKS, JCEKS and
PKCS12 aliases are case-insensitive and written lower-cased, as Java writes them (each changed
alias is printed on stderr); aliases of a BKS/UBER store that differ only in case
("CaseSensitive", "casesensitive") stop the conversion, unless --rename-collisions renames all
but the first to "<alias>-2", "-3", … (the new names are printed on stderr). OUT is written
atomically; an existing OUT needs --force (devices and FIFOs are never replaced).

Examples:
  keystorekit convert server.jks server.p12 --storepass-env STOREPASS
  keystorekit convert android.bks app.p12 --to pkcs12 --profile java-legacy --storepass-env SP --new-storepass-env NEWSP`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("new-storepass"),
    ...passwordOptions("keypass"),
    keyPasswordForOption("keypass-for"),
    ...WRITE_OPTIONS,
    { name: "to", aliases: ["deststoretype"], takesValue: true },
    { name: "force", takesValue: false },
    { name: "trust-certificates", takesValue: false },
    KEY_IN_CERT_FILE_OPTION,
    { name: "rename-collisions", takesValue: false },
  ],
  async run(args, io) {
    const [input, output] = args.positionals;
    if (input === undefined || output === undefined) throw new UsageError("convert needs IN and OUT");
    if (existsSync(output) && !flag(args, "force")) throw new UsageError(`${output} exists (use --force to replace it)`);
    const format = parseStoreType(optionValue(args, "to")) ?? formatFromPath(output);
    const { store, password } = await openStore({ ...args, positionals: [input] }, io, { requirePassword: true });
    const newPassword = (await resolvePassword(args, io, { name: "new-storepass" })) ?? password ?? "";
    const keyPassword = await resolvePassword(args, io, { name: "keypass" });
    const perAlias = keyPasswordsFor(args, io, "keypass-for");
    const sourceFormat = store.format;
    store.format = format;
    // Keys are opened with their key password (--keypass-for ALIAS=VAR, else --keypass, else the
    // store password, else asked on a terminal) and protected again with the new store password;
    // a secret key's algorithm may only be known once it is decrypted (JCEKS, BKS).
    for (const entry of store.entries()) {
      if (entry.type === "trustedCert" || entry.key.plain) continue;
      const given = perAlias.get(entry.alias.toLowerCase()) ?? keyPassword;
      const plain = await openEntryKey(io, entry, { given, fallback: password ?? "", hint: `--keypass-for ${entry.alias}=VAR, or --keypass for every key` });
      store.set(withPlainKey(entry, plain));
    }
    // As keytool -importkeystore does, entries the target cannot hold are skipped with a warning.
    for (const entry of store.entries()) {
      const reason = unsupportedIn(format, entry);
      if (reason === null) continue;
      store.delete(entry.alias);
      io.stderr(`Warning: <${entry.alias}> not converted: ${reason}\n`);
    }
    if (flag(args, "trust-certificates")) {
      const trust = new TrustStore(store);
      for (const certificate of store.untrustedCertificates) trust.add(certificate);
      if (store.untrustedCertificates.length > 0) io.stderr(`Added ${store.untrustedCertificates.length} certificate(s) without Java's trusted attribute as trusted entries\n`);
    } else if (store.untrustedCertificates.length > 0) {
      io.stderr(`Note: ${store.untrustedCertificates.length} certificate(s) in ${input} are not trusted entries for Java (no trusted attribute); add --trust-certificates to convert them as trusted certificates\n`);
    }
    if (flag(args, "rename-collisions") && foldsAliasCase(format)) {
      for (const { from, to } of renameAliasCollisions(store)) io.stderr(`Renamed <${from}> to <${to}>: ${format} aliases are case-insensitive\n`);
    }
    // Collisions left make the save fail with the error naming them; the notes would only confuse.
    if (aliasCollisions(store).length === 0) for (const { from, to } of aliasChanges(store, format)) io.stderr(`Alias <${from}> written as <${to}>: Java looks up ${format} aliases in lower case\n`);
    const profile = profileOption(args);
    const keys = store.entries().filter((entry) => entry.type !== "trustedCert").length;
    if (format === "PEM" && keys > 0) refuseKeyInCertificateFile(output, args);
    saveStore(output, store, { password: newPassword, ...(profile ? { profile } : {}), reprotectKeys: true, args }, io);
    if (format === "PEM" && keys > 0) io.stderr(plaintextKeyWarning(output, keys));
    if (flag(args, "json")) printJson(io, { from: sourceFormat, to: format, entries: store.size, file: output });
    else io.stdout(`Converted ${store.size} ${store.size === 1 ? "entry" : "entries"} from ${sourceFormat} to ${format}: ${output}\n`);
    return 0;
  },
};

/** Why `format` cannot hold `entry`, or null when it can. */
function unsupportedIn(format: KeystoreFormat, entry: Entry): string | null {
  if (entry.type !== "secretKey") return null;
  const kind = bksEntryKind(entry);
  if (kind === "publicKey" || kind === "secretValue") return `a BouncyCastle ${kind === "publicKey" ? "public key" : "secret value"} has no equivalent in ${format}`;
  if (format === "JKS" || format === "PEM") return `${format} cannot hold secret keys (use PKCS12 or JCEKS)`;
  if (format === "PKCS12" && !(entry.algorithm && entry.algorithm in SECRET_KEY_OIDS)) {
    return `PKCS12 secret keys of algorithm ${entry.algorithm ?? "unknown"} are not supported`;
  }
  return null;
}
