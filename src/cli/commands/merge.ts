import { readKeystoreFile } from "../../node/files.js";
import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore, saveEdited } from "../edit-session.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { WRITE_OPTIONS } from "../store-io.js";

export const mergeCommand: Command = {
  name: "merge",
  summary: "add the trusted certificates of other stores or PEM bundles that STORE lacks",
  usage: "keystorekit merge STORE SOURCE... -storepass P [--source-storepass P2]",
  help: `Adds every trusted certificate of each SOURCE (any keystore format or a PEM bundle) that
STORE does not already trust (compared by fingerprint); clashing aliases get a number. Saves
atomically. Key entries of a SOURCE are not merged: they are named on stderr ("skipped" in
--json); copy them with keystorekit importkeystore.

Example:
  keystorekit merge truststore.jks /etc/ssl/certs/ca-certificates.crt -storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...passwordOptions("source-storepass"), ...WRITE_OPTIONS],
  async run(args, io) {
    const [target, ...sources] = args.positionals;
    if (target === undefined || sources.length === 0) throw new UsageError("merge needs STORE and at least one SOURCE");
    const sourcePassword = await resolvePassword(args, io, { name: "source-storepass" });
    // The sources are read before the lock is taken: the lock spans only the target's edit.
    const sourceStores = sources.map((source) => readKeystoreFile(source, sourcePassword !== undefined ? { password: sourcePassword } : {}));
    return editStore({ ...args, positionals: [target] }, io, ({ store, path, password, snapshot }) => {
      const trust = new TrustStore(store);
      const added = sourceStores.flatMap((source) => trust.merge(source));
      // merge adds trusted certificates only: the key entries it leaves are named, not dropped silently.
      const skipped = sourceStores.flatMap((source, i) =>
        source.entries().filter((entry) => entry.type !== "trustedCert").map((entry) => ({ source: sources[i]!, alias: entry.alias, type: entry.type })),
      );
      if (added.length > 0) saveEdited(args, io, path, store, password, snapshot);
      if (flag(args, "json")) printJson(io, { added: added.map((r) => r.alias), skipped: skipped.map((s) => ({ ...s, reason: "key entry: merge adds trusted certificates (use importkeystore for keys)" })) });
      else io.stdout(`Added ${added.length} certificate${added.length === 1 ? "" : "s"}${added.length ? `: ${added.map((r) => r.alias).join(", ")}` : ""}\n`);
      if (skipped.length > 0) {
        io.stderr(`Skipped ${skipped.length} key entr${skipped.length === 1 ? "y" : "ies"} (merge adds trusted certificates only; copy keys with keystorekit importkeystore): ${skipped.map((s) => `<${s.alias}> (${s.type}, ${s.source})`).join(", ")}\n`);
      }
      return 0;
    });
  },
};
