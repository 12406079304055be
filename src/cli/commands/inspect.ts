import { readKeystoreFile } from "../../node/files.js";
import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag, optionValue, type OptionSpec } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { FORCE_READ_ONLY, writeOutputFile } from "../store-io.js";
import { certificateJson, colonHex, entryDetailText, entryJson } from "../render.js";

const ALIAS: OptionSpec = { name: "alias", takesValue: true };
const FILE: OptionSpec = { name: "file", aliases: ["out"], takesValue: true };

export const showCommand: Command = {
  name: "show",
  summary: "show one entry in full",
  usage: "keystorekit show [STORE] -alias A [--storepass …] [--json]",
  help: `Prints one entry: type, creation date, key algorithm, and for each certificate its subject,
issuer, serial number, validity, public key algorithm and SHA-1/SHA-256 fingerprints.

Example:
  keystorekit show truststore.jks -alias my-ca --json`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ALIAS],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("show needs -alias");
    const { store } = await openStore(args, io, { allowDefault: true });
    const entry = store.entry(alias);
    const certificates = store.certificates(entry.alias);
    if (flag(args, "json")) {
      printJson(io, { ...entryJson(store, entry), certificates: certificates.map((c) => ({ ...certificateJson(c), sha1: c.sha1, publicKeyAlgorithm: c.publicKeyAlgorithm })) });
      return 0;
    }
    io.stdout(entryDetailText(store, entry));
    return 0;
  },
};

export const exportCertCommand: Command = {
  name: "export-cert",
  summary: "write an entry's certificate as PEM (or DER)",
  usage: "keystorekit export-cert [STORE] -alias A [-file OUT] [--der] [--chain]",
  help: `Writes the certificate of a trusted entry, or the leaf of a private key (--chain: the
whole chain), as PEM to stdout or -file; --der writes binary DER (one certificate).

Example:
  keystorekit export-cert server.jks -alias server -file server.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ALIAS, FILE, FORCE_READ_ONLY, { name: "der", takesValue: false }, { name: "rfc", takesValue: false }, { name: "chain", takesValue: false }],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("export-cert needs -alias");
    const { store } = await openStore(args, io, { allowDefault: true });
    const certificates = store.certificates(alias);
    if (certificates.length === 0) throw new UsageError(`<${alias}> holds no certificate`);
    const chosen = flag(args, "chain") ? certificates : certificates.slice(0, 1);
    const file = optionValue(args, "file");
    const der = flag(args, "der"); // keytool's -rfc (PEM) is the default here
    if (der && chosen.length > 1) throw new UsageError("--der writes one certificate: drop --chain");
    const output = der ? chosen[0]!.der : chosen.map((c) => c.toPem()).join("");
    if (file) {
      writeOutputFile(file, output, "public", args, io);
      io.stderr(`Certificate stored in file <${file}>\n`);
    } else if (typeof output === "string") io.stdout(output);
    else throw new UsageError("--der needs -file (binary output)");
    return 0;
  },
};

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

export const diffCommand: Command = {
  name: "diff",
  summary: "compare the trusted certificates of two stores (exit 1 when they differ)",
  usage: "keystorekit diff STORE OTHER [--storepass …] [--other-storepass …] [--json]",
  help: `Lists certificates OTHER adds, removes and changes (same alias, other certificate)
relative to STORE, by fingerprint. Exit status 0 when they trust the same certificates,
1 when they differ, as diff(1).

Example:
  keystorekit diff /etc/ssl/certs/java/cacerts truststore.jks --json`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...passwordOptions("other-storepass")],
  async run(args, io) {
    const otherPath = args.positionals[1];
    if (otherPath === undefined) throw new UsageError("diff needs STORE and OTHER");
    const { store } = await openStore({ ...args, positionals: args.positionals.slice(0, 1) }, io);
    const otherPassword = (await resolvePassword(args, io, { name: "other-storepass" })) ?? (await resolvePassword(args, io, { name: "storepass" }));
    const other = readKeystoreFile(otherPath, otherPassword !== undefined ? { password: otherPassword } : {});
    const diff = new TrustStore(store).diff(other);
    const same = diff.added.length + diff.removed.length + diff.changed.length === 0;
    if (flag(args, "json")) printJson(io, diff);
    else {
      for (const item of diff.added) io.stdout(`+ ${item.alias}  ${item.subject}\n`);
      for (const item of diff.removed) io.stdout(`- ${item.alias}  ${item.subject}\n`);
      for (const item of diff.changed) io.stdout(`~ ${item.alias}  ${item.before.slice(0, 16)}… → ${item.after.slice(0, 16)}…\n`);
      if (same) io.stdout("The stores trust the same certificates\n");
    }
    return same ? 0 : 1;
  },
};

export const expiringCommand: Command = {
  name: "expiring",
  summary: "list certificates that expire within N days (exit 1 when any does)",
  usage: "keystorekit expiring [STORE] [--days N] [--storepass …] [--json]",
  help: `Lists every certificate (trusted entries and key chains) whose validity ends within N days
(default 30), soonest first; already expired ones show negative days. Exit status 1 when the
list is not empty, so it can guard a deployment.

Example:
  keystorekit expiring server.jks --days 60 --storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), { name: "days", takesValue: true }],
  async run(args, io) {
    const days = Number(optionValue(args, "days") ?? "30");
    if (!Number.isFinite(days) || days < 0) throw new UsageError("--days takes a number of days");
    const { store } = await openStore(args, io, { allowDefault: true });
    const items = new TrustStore(store).expiring(days);
    if (flag(args, "json")) printJson(io, items.map((i) => ({ alias: i.alias, subject: i.certificate.subject, notAfter: i.notAfter.toISOString(), daysLeft: i.daysLeft })));
    else if (items.length === 0) io.stdout(`Nothing expires within ${days} days\n`);
    else for (const i of items) io.stdout(`${i.alias}  ${i.notAfter.toISOString().slice(0, 10)}  (${i.daysLeft} days)  ${i.certificate.subject}\n`);
    return items.length === 0 ? 0 : 1;
  },
};
