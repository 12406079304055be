import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore, saveEdited } from "../edit-session.js";
import { passwordOptions } from "../passwords.js";
import { WRITE_OPTIONS } from "../store-io.js";

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
    return editStore(args, io, ({ store, path, password, snapshot }) => {
      const renamed = store.rename(from, to);
      saveEdited(args, io, path, store, password, snapshot);
      if (flag(args, "json")) printJson(io, { from, to: renamed.alias });
      else io.stdout(`Renamed <${from}> to <${renamed.alias}>\n`);
      return 0;
    });
  },
};
