import { existsSync } from "node:fs";
import { buildKeyEntry } from "../../keys/key-entry.js";
import type { PrivateKeyEntry } from "../../model/entry.js";
import { KeystoreError, isKeystoreError } from "../../model/errors.js";
import type { Keystore } from "../../model/keystore.js";
import { readCertificateFile, readKeystoreFile } from "../../node/files.js";
import { acquireEditLock } from "../../node/lock.js";
import type { FileSnapshot } from "../../node/read-file.js";
import { realTargetOf } from "../../node/targets.js";
import { UsageError, flag, optionValue, type ParsedArgs } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore } from "../edit-session.js";
import { warn, type CliIo } from "../io.js";
import { keyStoreJavaOptions, printKeyStoreUsage } from "../key-store-output.js";
import { parseStoreType, storePath } from "../open-store.js";
import { MIN_PASSWORD_LENGTH, SHOW_PASSWORD_OPTION, passwordOptions, resolveGivenPassword, resolveNewPassword, type GivenPassword } from "../passwords.js";
import { WRITE_OPTIONS, newStoreFor, profileOption, saveStore } from "../store-io.js";

export const importKeyCommand: Command = {
  name: "import-key",
  summary: "import a private key with its certificate chain (PEM/DER key files, or from a PKCS#12/JKS store)",
  usage:
    "keystorekit import-key -keystore STORE [-storetype T] [-alias A] --key KEY [--cert CERT]... [--key-passphrase-env V | --key-passphrase-file F] [-keypass KP] [--storepass …] [--json]\n" +
    "       keystorekit import-key -keystore STORE --srckeystore SRC.p12 [--srcstorepass …] [--srcalias A] [--srckeypass …] [-alias A]",
  help: `Makes a PrivateKeyEntry (javax.net.ssl.keyStore for mutual TLS, a server's key) from a key
file and its certificates, which keytool cannot do. KEY may be PKCS#8, encrypted PKCS#8, PKCS#1
("BEGIN RSA PRIVATE KEY"), SEC1 ("BEGIN EC PRIVATE KEY"), legacy encrypted PEM or Ed25519/Ed448,
PEM or DER; it may also hold the certificates (cat key.pem cert.pem ca.pem). --cert (repeatable)
takes PEM, DER or PKCS#7 (.p7b), in any order: the chain is ordered leaf first and each signature
checked. A key that does not match the certificate is refused (KEY_MISMATCH) and nothing is
written. An encrypted key takes --key-passphrase-env VAR or --key-passphrase-file F (asked on a
terminal). --srckeystore copies a key entry of a PKCS#12, JKS or JCEKS store instead (--srcalias
when it holds several; its key password is --srckeypass, default the source store password).

A STORE that does not exist is created (JKS, PKCS12 for .p12/.pfx, JCEKS for .jceks, or
-storetype; keytool's password rules). An existing alias is refused. In JKS and JCEKS -keypass
protects the key with its own password (default: the store password); Java's
javax.net.ssl.keyStore opens keys with the store password, so keep them equal for that use.
PKCS12 keys always take the store password, as in keytool, which ignores a different -keypass
with a warning: so does this command. Ends with the keyStore JAVA_OPTS line.

Examples:
  keystorekit import-key -keystore client.p12 -alias client --key tls.key --cert tls.crt --cert ca.crt --storepass-env STOREPASS
  keystorekit import-key -keystore server.jks --key server.key --cert chain.pem --key-passphrase-file key.pass --storepass-env SP`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    ...passwordOptions("key-passphrase"),
    ...WRITE_OPTIONS,
    { name: "alias", takesValue: true },
    { name: "key", takesValue: true },
    { name: "cert", aliases: ["file", "certs"], takesValue: true, repeatable: true },
    { name: "srckeystore", takesValue: true },
    { name: "srcstoretype", takesValue: true },
    ...passwordOptions("srcstorepass"),
    ...passwordOptions("srckeypass"),
    { name: "srcalias", takesValue: true },
    { name: "noprompt", takesValue: false },
    SHOW_PASSWORD_OPTION,
  ],
  async run(args, baseIo) {
    // With --json every warning is also collected for the output's "warnings".
    const io: CliIo = flag(args, "json") ? { ...baseIo, warnings: baseIo.warnings ?? [] } : baseIo;
    const path = storePath(args, io.env);
    if (path === undefined) throw new UsageError("name the STORE with -keystore");
    const hasKey = optionValue(args, "key") !== undefined;
    const hasSource = optionValue(args, "srckeystore") !== undefined;
    if (hasKey === hasSource) throw new UsageError("give the key with --key KEY [--cert CERT]... or --srckeystore SRC (one of them)");
    // The entry is built (and every check passed) before the target is touched.
    const { entry, warnings } = hasKey ? await entryFromFiles(args, io) : await entryFromStore(args, io);
    for (const warning of warnings) warn(io, warning.code, warning.message);
    if (existsSync(path)) {
      return editStore(args, io, ({ store, given, snapshot }) => addAndReport(args, io, path, store, given!, snapshot, entry));
    }
    const given = await resolveNewPassword(args, io, { name: "storepass", what: "keystore" });
    const lock = await acquireEditLock(realTargetOf(path), path);
    try {
      return await addAndReport(args, io, path, newStoreFor(path, args), given, "absent", entry);
    } finally {
      lock?.release();
    }
  },
};

interface NewEntry {
  entry: PrivateKeyEntry;
  warnings: { code: string; message: string }[];
}

async function entryFromFiles(args: ParsedArgs, io: CliIo): Promise<NewEntry> {
  const keyFile = optionValue(args, "key")!;
  const key = readCertificateFile(keyFile);
  const certificates = (args.options.get("cert") ?? []).map((file) => readCertificateFile(file));
  const alias = optionValue(args, "alias");
  const build = (passphrase: string | undefined) =>
    buildKeyEntry({ key, certificates, ...(passphrase !== undefined ? { passphrase } : {}), ...(alias !== undefined ? { alias } : {}) });
  const passphrase = (await resolveGivenPassword(args, io, { name: "key-passphrase" }))?.value;
  try {
    return await build(passphrase);
  } catch (error) {
    // keytool has no PEM keys; OpenSSL asks "Enter pass phrase for KEY:" on a terminal.
    if (!isKeystoreError(error, "PASSWORD_REQUIRED") || passphrase !== undefined) throw error;
    if (!io.promptSecret) {
      throw new KeystoreError("PASSWORD_REQUIRED", `${keyFile} is encrypted: give its passphrase with --key-passphrase-env VAR or --key-passphrase-file FILE (run on a terminal to be asked)`);
    }
    return build(await io.promptSecret(`Enter pass phrase for ${keyFile}: `));
  }
}

async function entryFromStore(args: ParsedArgs, io: CliIo): Promise<NewEntry> {
  const file = optionValue(args, "srckeystore")!;
  const format = parseStoreType(optionValue(args, "srcstoretype"));
  const storePassword = await resolveGivenPassword(args, io, { name: "srcstorepass", prompt: "Enter source keystore password: " });
  if (storePassword === undefined) throw new UsageError("the source store needs its password: --srcstorepass-env VAR, --srcstorepass-file F or --srcstorepass");
  const source = readKeystoreFile(file, { password: storePassword.value, ...(format ? { format } : {}) });
  const keys = source.entries().filter((e): e is PrivateKeyEntry => e.type === "privateKey");
  const srcAlias = optionValue(args, "srcalias");
  let found: PrivateKeyEntry;
  if (srcAlias !== undefined) {
    const entry = source.entry(srcAlias);
    if (entry.type !== "privateKey") throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> of ${file} is a ${entry.type} entry, not a private key`);
    found = entry;
  } else if (keys.length === 1) {
    found = keys[0]!;
  } else {
    throw new UsageError(keys.length === 0 ? `${file} holds no private-key entry` : `${file} holds ${keys.length} private keys (${keys.map((k) => k.alias).join(", ")}): choose one with --srcalias`);
  }
  const plain = found.key.plain ?? (await decryptSourceKey(args, io, found, storePassword.value));
  const alias = optionValue(args, "alias") ?? found.alias;
  return { entry: { type: "privateKey", alias, created: new Date(), chain: found.chain, key: { plain } }, warnings: [] };
}

/** The source key with --srckeypass, else the store password, else (terminal) keytool's prompt. */
async function decryptSourceKey(args: ParsedArgs, io: CliIo, entry: PrivateKeyEntry, storePassword: string): Promise<Uint8Array> {
  const given = await resolveGivenPassword(args, io, { name: "srckeypass" });
  const protectedKey = entry.key.protected!;
  try {
    return protectedKey.decrypt(given?.value ?? storePassword);
  } catch (error) {
    if (!isKeystoreError(error, "WRONG_KEY_PASSWORD") || given !== undefined || !io.promptSecret) throw error;
    return protectedKey.decrypt(await io.promptSecret(`Enter key password for <${entry.alias}>: `));
  }
}

/** The key password of the new entry: -keypass (JKS/JCEKS), else the store password. */
async function keyPasswordFor(args: ParsedArgs, io: CliIo, store: Keystore, storePassword: string): Promise<string | undefined> {
  const given = await resolveGivenPassword(args, io, { name: "keypass" });
  if (given === undefined || given.value === storePassword) return undefined;
  if (store.format === "PKCS12") {
    warn(io, "KEYPASS_IGNORED", "Different store and key passwords not supported for PKCS12 KeyStores. Ignoring user-specified -keypass value.");
    return undefined;
  }
  if (store.format !== "JKS" && store.format !== "JCEKS") throw new UsageError(`-keypass applies to JKS and JCEKS keys (${store.format} has none of its own)`);
  if (given.value.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the key password is too short: it must be at least ${MIN_PASSWORD_LENGTH} characters (keytool's rule)`);
  warn(io, "KEY_PASSWORD_DIFFERS", "the key password differs from the store password: Java's javax.net.ssl.keyStore opens keys with the store password (UnrecoverableKeyException); keep them equal for TLS");
  return given.value;
}

async function addAndReport(args: ParsedArgs, io: CliIo, path: string, store: Keystore, given: GivenPassword, expected: FileSnapshot | "absent", entry: PrivateKeyEntry): Promise<number> {
  if (store.format === "PEM") throw new UsageError("a PEM file is no Java key store: import the key into a .p12, .jks or .jceks store");
  if (store.has(entry.alias)) {
    throw new KeystoreError("CONFLICT", `Key pair not imported, alias <${entry.alias}> already exists (choose another -alias, or delete it first)`);
  }
  const keyPassword = await keyPasswordFor(args, io, store, given.value);
  const added = store.set(entry) as PrivateKeyEntry;
  const profile = profileOption(args);
  saveStore(path, store, { password: given.value, ...(profile ? { profile } : {}), ...(keyPassword !== undefined ? { keyPasswords: { [added.alias]: keyPassword } } : {}), expected, args }, io);
  const options = keyStoreJavaOptions(args, path, store.format, given);
  if (flag(args, "json")) {
    printJson(io, {
      file: path,
      format: store.format,
      alias: added.alias,
      chain: added.chain.map((c) => ({ subject: c.subject, issuer: c.issuer, sha256: c.sha256 })),
      keyPassword: keyPassword === undefined ? "store password" : "own",
      javaOptions: options.text,
      passwordShown: options.passwordShown,
      warnings: io.warnings ?? [],
    });
    return 0;
  }
  const leaf = added.chain[0]!;
  io.stdout(`Key pair was imported into keystore as <${added.alias}>: ${leaf.subject}, chain of ${added.chain.length} certificate${added.chain.length === 1 ? "" : "s"}\n`);
  for (const [i, certificate] of added.chain.entries()) io.stdout(`  [${i + 1}] ${certificate.subject} (issuer ${certificate.issuer})\n`);
  printKeyStoreUsage(io, path, options);
  return 0;
}
