import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore, saveEdited } from "../edit-session.js";
import { passwordOptions } from "../passwords.js";
import { WRITE_OPTIONS } from "../store-io.js";

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
    return editStore(args, io, ({ store, path, password, snapshot }) => {
      const removed = new TrustStore(store).remove(alias);
      saveEdited(args, io, path, store, password, snapshot);
      if (flag(args, "json")) printJson(io, { deleted: removed.alias, type: removed.type });
      else io.stdout(`Deleted <${removed.alias}>\n`);
      return 0;
    });
  },
};
