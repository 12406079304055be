import { readKeystoreFile } from "../../node/files.js";
import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";

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
