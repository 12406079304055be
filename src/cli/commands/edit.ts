import { readFileSync } from "node:fs";
import { TrustStore } from "../../truststore/truststore.js";
import { readCertificates } from "../../truststore/certificates.js";
import { javaOptions } from "../../truststore/java-options.js";
import { readKeystoreFile } from "../../node/files.js";
import { findDefaultTrustStore } from "../../node/java-home.js";
import { isKeystoreError } from "../../model/errors.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError, flag, optionValue, type ParsedArgs } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import type { CliIo } from "../io.js";
import { openStore, parseStoreType, storePath } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { WRITE_OPTIONS, formatFromPath, newStoreFor, profileOption, saveStore } from "../store-io.js";
import type { Keystore } from "../../model/keystore.js";

/** Opens STORE for editing; the store password is required (it protects the saved file). */
async function openForEdit(args: ParsedArgs, io: CliIo) {
  const opened = await openStore(args, io, { requirePassword: true });
  return { ...opened, password: opened.password ?? "" };
}

function save(args: ParsedArgs, io: CliIo, path: string, store: Keystore, password: string): void {
  const profile = profileOption(args);
  saveStore(path, store, { password, ...(profile ? { profile } : {}) }, io);
}

export const importCertCommand: Command = {
  name: "import-cert",
  summary: "add trusted certificates from a PEM or DER file (optionally to a copy of the JVM's cacerts)",
  usage: "keystorekit import-cert [--from-default] -keystore STORE -storepass P [-alias A] -file CERT.pem [--allow-duplicate] [--profile P] [--json]",
  help: `Adds every certificate in CERT (PEM, one or more, or DER) as a trusted entry and saves the
store atomically. Without -alias the alias is derived from the subject (CN). A certificate that is
already trusted under another alias is reported and not added again, unless --allow-duplicate.
A STORE that does not exist is created (JKS, or PKCS12 for .p12/.pfx, or -storetype).

--from-default copies the JVM's default trust store (cacerts) to STORE first: the whole "copy
cacerts, add my certificate, point Java at it" recipe in one command. It ends with the
JAVA_OPTS line to use.

Example:
  keystorekit import-cert --from-default -keystore truststore.jks -storepass changeit -alias my-ca -file my-ca.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...WRITE_OPTIONS,
    { name: "from-default", takesValue: false }, { name: "alias", takesValue: true }, { name: "file", takesValue: true },
    { name: "allow-duplicate", takesValue: false }, { name: "noprompt", takesValue: false }],
  async run(args, io) {
    const path = storePath(args);
    if (path === undefined) throw new UsageError("name the STORE with -keystore");
    const file = optionValue(args, "file") ?? args.positionals[1];
    if (file === undefined) throw new UsageError("name the certificate with -file CERT.pem");
    const certificates = readCertificates(new Uint8Array(readFileSync(file)));
    let store: Keystore;
    let password: string;
    if (flag(args, "from-default")) {
      if (existsSync(path)) throw new UsageError(`${path} exists: --from-default makes a new store from cacerts (drop --from-default to add to it)`);
      const found = findDefaultTrustStore(io.env);
      if (!found) throw new UsageError("no JVM default trust store found (set JAVA_HOME)");
      password = (await resolvePassword(args, io, { name: "storepass", prompt: "New keystore password: " })) ?? "changeit";
      store = openDefault(found.path);
      // The copy takes the format the target names (-storetype, else its extension), not cacerts'.
      store.format = parseStoreType(optionValue(args, "storetype")) ?? formatFromPath(path);
      io.stderr(`Copied ${store.size} certificates from ${found.path}\n`);
    } else if (!existsSync(path)) {
      password = (await resolvePassword(args, io, { name: "storepass", prompt: "New keystore password: " })) ?? "";
      store = newStoreFor(path, args);
    } else {
      ({ store, password } = await openForEdit(args, io));
    }
    const trust = new TrustStore(store);
    const alias = optionValue(args, "alias");
    const results = certificates.map((certificate, i) =>
      trust.add(certificate, {
        ...(alias !== undefined ? { alias: certificates.length > 1 ? `${alias}-${i + 1}` : alias } : {}),
        allowDuplicate: flag(args, "allow-duplicate"),
      }),
    );
    const changed = results.some((r) => r.added);
    if (changed || flag(args, "from-default")) save(args, io, path, store, password);
    const opts = javaOptions({ path: resolve(path), password, format: store.format, role: "truststore" });
    if (flag(args, "json")) {
      printJson(io, { file: path, format: store.format, results, javaOptions: opts });
    } else {
      for (const [i, r] of results.entries()) {
        if (r.added) io.stdout(`Certificate was added to keystore as <${r.alias}>${r.existingAlias ? ` (it is also trusted as <${r.existingAlias}>)` : ""}\n`);
        else io.stdout(`Certificate already exists in keystore under alias <${r.existingAlias}>: not added (${certificates[i]!.subject})\n`);
      }
      io.stdout(`\nTo use it, start Java with:\n  JAVA_OPTS="${opts}"\n`);
    }
    return 0;
  },
};

/** The default trust store, with "changeit" when it verifies, else without a password. */
function openDefault(path: string): Keystore {
  try {
    return readKeystoreFile(path, { password: "changeit" });
  } catch (error) {
    if (!isKeystoreError(error, "INTEGRITY")) throw error;
    return readKeystoreFile(path);
  }
}

export const deleteCommand: Command = {
  name: "delete",
  summary: "remove an entry (by alias or certificate fingerprint)",
  usage: "keystorekit delete STORE -alias A|FINGERPRINT -storepass P [--json]",
  help: `Removes one entry and saves the store atomically. The alias may also be a SHA-256 or
SHA-1 fingerprint (hex, colons allowed; 8 digits or more).

Example:
  keystorekit delete truststore.jks -alias old-ca -storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...WRITE_OPTIONS, { name: "alias", takesValue: true }],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("delete needs -alias");
    const { store, path, password } = await openForEdit(args, io);
    const removed = new TrustStore(store).remove(alias);
    save(args, io, path, store, password);
    if (flag(args, "json")) printJson(io, { deleted: removed.alias, type: removed.type });
    else io.stdout(`Deleted <${removed.alias}>\n`);
    return 0;
  },
};

export const renameCommand: Command = {
  name: "rename",
  summary: "change an entry's alias (keytool -changealias)",
  usage: "keystorekit rename STORE -alias OLD -destalias NEW -storepass P",
  help: `Renames an entry, keeping its place in the store, and saves atomically. The new alias
must be free. (Aliases are lower-cased in JKS, JCEKS and PKCS12, as Java does.)

Example:
  keystorekit rename truststore.jks -alias mykey -destalias server -storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...WRITE_OPTIONS,
    { name: "alias", takesValue: true }, { name: "destalias", aliases: ["new-alias"], takesValue: true }],
  async run(args, io) {
    const from = optionValue(args, "alias");
    const to = optionValue(args, "destalias");
    if (from === undefined || to === undefined) throw new UsageError("rename needs -alias OLD and -destalias NEW");
    const { store, path, password } = await openForEdit(args, io);
    const renamed = store.rename(from, to);
    save(args, io, path, store, password);
    if (flag(args, "json")) printJson(io, { from, to: renamed.alias });
    else io.stdout(`Renamed <${from}> to <${renamed.alias}>\n`);
    return 0;
  },
};

export const mergeCommand: Command = {
  name: "merge",
  summary: "add the trusted certificates of other stores or PEM bundles that STORE lacks",
  usage: "keystorekit merge STORE SOURCE... -storepass P [--source-storepass P2]",
  help: `Adds every trusted certificate of each SOURCE (any keystore format or a PEM bundle) that
STORE does not already trust (compared by fingerprint); clashing aliases get a number. Saves
atomically.

Example:
  keystorekit merge truststore.jks /etc/ssl/certs/ca-certificates.crt -storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...passwordOptions("source-storepass"), ...WRITE_OPTIONS],
  async run(args, io) {
    const [target, ...sources] = args.positionals;
    if (target === undefined || sources.length === 0) throw new UsageError("merge needs STORE and at least one SOURCE");
    const { store, path, password } = await openForEdit(args, io);
    const sourcePassword = await resolvePassword(args, io, { name: "source-storepass" });
    const trust = new TrustStore(store);
    const added = sources.flatMap((source) => trust.merge(readKeystoreFile(source, sourcePassword !== undefined ? { password: sourcePassword } : {})));
    if (added.length > 0) save(args, io, path, store, password);
    if (flag(args, "json")) printJson(io, { added: added.map((r) => r.alias) });
    else io.stdout(`Added ${added.length} certificate${added.length === 1 ? "" : "s"}${added.length ? `: ${added.map((r) => r.alias).join(", ")}` : ""}\n`);
    return 0;
  },
};

