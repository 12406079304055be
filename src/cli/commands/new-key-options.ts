/**
 * What genkeypair, certreq, gencert and genseckey share: keytool's certificate options (-dname,
 * -ext, -validity, -startdate, -sigalg), checked before any key is made so that a typo costs
 * nothing; a new store's format; the store creation or edit around a new entry; and the key
 * password of an existing key entry.
 */
import { existsSync } from "node:fs";
import type { CertificateOptions } from "../../x509/certificate-builder.js";
import type { KeystoreFormat, PrivateKeyEntry } from "../../model/entry.js";
import { KeystoreError, isKeystoreError } from "../../model/errors.js";
import { Keystore } from "../../model/keystore.js";
import { acquireEditLock } from "../../node/lock.js";
import type { FileSnapshot } from "../../node/read-file.js";
import { realTargetOf } from "../../node/targets.js";
import { parseDname } from "../../x509/dname.js";
import { parseExtOption } from "../../x509/ext-option.js";
import { signatureAlgorithm } from "../../x509/signature.js";
import { parseStartDate } from "../../x509/validity.js";
import type { KeytoolDefaults } from "../../x509/signature.js";
import { UsageError, optionValue, type OptionSpec, type ParsedArgs } from "../args.js";
import { editStore } from "../edit-session.js";
import { warn, type CliIo } from "../io.js";
import { parseStoreType, storePath } from "../open-store.js";
import { resolveGivenPassword, resolveNewPassword, type GivenPassword } from "../passwords.js";
import { formatFromPath, profileOption, saveStore } from "../store-io.js";

/** -ext, -validity, -startdate, -sigalg: the options of every command that makes a certificate or request. */
export const EXT_OPTION: OptionSpec = { name: "ext", takesValue: true, repeatable: true };
export const SIGALG_OPTION: OptionSpec = { name: "sigalg", takesValue: true };
export const VALIDITY_OPTIONS: OptionSpec[] = [
  { name: "validity", takesValue: true },
  { name: "startdate", aliases: ["start-date"], takesValue: true },
];
export const DEFAULTS_OPTION: OptionSpec = { name: "defaults", takesValue: true };

/** A keytool error about an option's value, as a usage error (exit 2) that names the bad part. */
function asUsage<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (isKeystoreError(error, "INVALID_ARGUMENT")) throw new UsageError(error.message);
    throw error;
  }
}

/** A whole number option (-keysize, -validity); UsageError otherwise. */
export function integerOption(args: ParsedArgs, name: string): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`-${name} takes a whole number, not "${text}"`);
  return Number(text);
}

/** --defaults 17|25: whose keytool defaults to follow (key size, signature algorithm, messages). */
export function keytoolDefaults(args: ParsedArgs): KeytoolDefaults {
  const text = optionValue(args, "defaults") ?? "25";
  if (text !== "17" && text !== "25") throw new UsageError(`--defaults takes 17 or 25 (the keytool whose defaults to follow), not "${text}"`);
  return Number(text) as KeytoolDefaults;
}

/** The -ext options, each checked (keytool's names and values); UsageError naming the bad one. */
export function extOptions(args: ParsedArgs): string[] {
  const extensions = args.options.get("ext") ?? [];
  for (const text of extensions) asUsage(() => parseExtOption(text));
  return extensions;
}

/** -dname checked as Java's X500Name reads it; UsageError naming the bad part. */
export function checkedDname(text: string): string {
  asUsage(() => parseDname(text));
  return text;
}

/** -sigalg checked against the names the builders sign with. */
export function sigalgOption(args: ParsedArgs): string | undefined {
  const text = optionValue(args, "sigalg");
  if (text !== undefined) asUsage(() => signatureAlgorithm(text));
  return text;
}

/** -validity, -startdate and -ext as the certificate builders take them, each checked first. */
export function certificateOptions(args: ParsedArgs): CertificateOptions {
  const validityDays = integerOption(args, "validity");
  if (validityDays === 0) throw new UsageError("-validity must be at least 1 day");
  const startDate = optionValue(args, "startdate");
  if (startDate !== undefined) asUsage(() => parseStartDate(startDate));
  return {
    extensions: extOptions(args),
    ...(validityDays !== undefined ? { validityDays } : {}),
    ...(startDate !== undefined ? { startDate } : {}),
  };
}

/**
 * The format of a new key store: -storetype, else the name (.jks, .jceks, .p12/.pfx), else
 * PKCS12, keytool's default since Java 9. A PEM file is no key store keytool writes.
 */
export function newKeyStoreFormat(path: string, args: ParsedArgs): KeystoreFormat {
  const given = parseStoreType(optionValue(args, "storetype"));
  // Only a .jks name asks for JKS: keytool makes PKCS12 whatever the name (~/.keystore too).
  const byName = formatFromPath(path);
  const format = given ?? (/\.jks$/i.test(path) ? "JKS" : byName === "JKS" ? "PKCS12" : byName);
  if (format !== "JKS" && format !== "JCEKS" && format !== "PKCS12") {
    throw new UsageError(`a new key store is JKS, JCEKS or PKCS12, not ${format} (give -storetype pkcs12, or a .p12 name)`);
  }
  return format;
}

/** The store a new entry goes into, with what saving it needs. */
export interface TargetStore {
  store: Keystore;
  path: string;
  password: GivenPassword;
  snapshot: FileSnapshot | "absent";
  /** True when the file did not exist and is made now. */
  created: boolean;
}

/**
 * Opens -keystore under its edit lock, or when it does not exist starts a new one (the new-password
 * rules of keytool), runs `body` and releases the lock. `body` saves through {@link saveWithKeyPassword}.
 */
export async function withTargetStore<T>(args: ParsedArgs, io: CliIo, body: (target: TargetStore) => Promise<T>): Promise<T> {
  const path = storePath(args);
  if (path === undefined) throw new UsageError("name the key store with -keystore KS");
  if (existsSync(path)) {
    return editStore(args, io, ({ store, password, given, snapshot }) =>
      body({ store, path, password: given ?? { value: password, source: "flag", reference: password }, snapshot, created: false }),
    );
  }
  const format = newKeyStoreFormat(path, args);
  const password = await resolveNewPassword(args, io, { name: "storepass", what: "keystore" });
  const lock = await acquireEditLock(realTargetOf(path), path);
  try {
    return await body({ store: new Keystore({ format }), path, password, snapshot: "absent", created: true });
  } finally {
    lock?.release();
  }
}

/**
 * The password a new key entry is protected with: -keypass where the format keeps one per key
 * (JKS, JCEKS; keytool's new-password rules), else the store password. PKCS12 keeps one password
 * for store and keys: a different -keypass is ignored with keytool's own warning.
 */
export async function newKeyPassword(args: ParsedArgs, io: CliIo, target: TargetStore): Promise<string> {
  if (!keyPasswordGiven(args)) return target.password.value;
  if (target.store.format === "PKCS12") {
    const given = await resolveGivenPassword(args, io, { name: "keypass" });
    if (given !== undefined && given.value !== target.password.value) {
      warn(io, "KEYPASS_IGNORED", "Different store and key passwords not supported for PKCS12 KeyStores. Ignoring user-specified -keypass value.");
    }
    return target.password.value;
  }
  return (await resolveNewPassword(args, io, { name: "keypass", what: "key" })).value;
}

/** True when a key password was given some way (-keypass, -env, -file). */
export function keyPasswordGiven(args: ParsedArgs): boolean {
  return ["keypass", "keypass-env", "keypass-file"].some((name) => args.options.has(name));
}

/** Saves the store with the new entry's key password (the other keys keep their stored protection). */
export function saveWithKeyPassword(args: ParsedArgs, io: CliIo, target: TargetStore, alias: string, keyPassword: string): void {
  const profile = profileOption(args);
  saveStore(
    target.path,
    target.store,
    {
      password: target.password.value,
      ...(profile ? { profile } : {}),
      ...(keyPassword !== target.password.value ? { keyPasswords: { [alias]: keyPassword } } : {}),
      expected: target.snapshot,
      args,
    },
    io,
  );
}

/** keytool's refusal of an alias that is taken ("Key pair not generated, alias <a> already exists"). */
export function refuseTakenAlias(store: Keystore, alias: string, what: "Key pair" | "Secret Key"): void {
  if (store.has(alias)) {
    throw new KeystoreError("INVALID_ARGUMENT", `${what} not generated, alias <${alias}> already exists (choose another -alias, or delete it first)`);
  }
}

/**
 * The private key of a key entry, as keytool -certreq and -gencert unlock it: with -keypass, else
 * the store password; when that does not open it and there is a terminal, keytool's prompt.
 */
export async function unlockPrivateKey(
  args: ParsedArgs,
  io: CliIo,
  store: Keystore,
  alias: string,
  storePassword: string | undefined,
): Promise<{ entry: PrivateKeyEntry; pkcs8: Uint8Array }> {
  const entry = store.entry(alias);
  if (entry.type !== "privateKey") {
    throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> is a ${entry.type === "trustedCert" ? "trusted certificate" : "secret key"} entry, not a key pair: it cannot sign`);
  }
  const keyPassword = (await resolveGivenPassword(args, io, { name: "keypass" }))?.value;
  try {
    return { entry, pkcs8: await store.privateKeyPkcs8Async(entry.alias, keyPassword ?? storePassword) };
  } catch (error) {
    if (!isKeystoreError(error, "WRONG_KEY_PASSWORD") || keyPassword !== undefined || !io.promptSecret) throw error;
  }
  const typed = await io.promptSecret(`Enter key password for <${entry.alias}>: `);
  return { entry, pkcs8: await store.privateKeyPkcs8Async(entry.alias, typed) };
}
