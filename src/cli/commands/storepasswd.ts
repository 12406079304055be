import type { PrivateKeyEntry, SecretKeyEntry } from "../../model/entry.js";
import { shellQuote } from "../../truststore/java-options.js";
import { KeystoreError } from "../../model/errors.js";
import { UsageError, flag } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore } from "../edit-session.js";
import { warn, type CliIo } from "../io.js";
import { withPlainKey } from "../key-passwords.js";
import { SHOW_PASSWORD_OPTION, newPasswordOptions, passwordOptions, resolveNewPassword } from "../passwords.js";
import { WRITE_OPTIONS, profileOption, saveStore } from "../store-io.js";

export const storepasswdCommand: Command = {
  name: "storepasswd",
  summary: "change the store password (PKCS12 keys are re-protected with it, as keytool does)",
  usage: "keystorekit storepasswd -keystore STORE [--storepass …] [-new NEW | --new-storepass-env VAR | --new-storepass-file F] [--json]",
  help: `Changes the password of STORE, as keytool -storepasswd: the new one needs at least six
characters and is asked twice on a terminal. The file is saved atomically under the edit lock.

PKCS12: Java protects each key with the store password, so every key is decrypted with the old
password and protected again with the new one (keytool does the same). A key that the old store
password does not open stops the command, naming its alias; nothing is written.
JKS and JCEKS: keys keep their own key password, as with keytool. A key whose password was the old
store password no longer matches the store password, which javax.net.ssl.keyStore needs: the
command names such keys and the keypasswd command that aligns them.

Example:
  keystorekit storepasswd -keystore client.p12 --storepass-env OLDPASS --new-storepass-env NEWPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...newPasswordOptions("new-storepass"), ...WRITE_OPTIONS, SHOW_PASSWORD_OPTION],
  async run(args, baseIo) {
    const io: CliIo = flag(args, "json") ? { ...baseIo, warnings: baseIo.warnings ?? [] } : baseIo;
    return editStore(args, io, async ({ store, path, password, snapshot }) => {
      if (store.format === "PEM") throw new UsageError("a PEM file has no store password");
      const fresh = await resolveNewPassword(args, io, { name: "new-storepass", what: "keystore" });
      const keys = store.entries().filter((e): e is PrivateKeyEntry | SecretKeyEntry => e.type !== "trustedCert");
      const reprotected: string[] = [];
      const keptOwn: string[] = [];
      if (store.format === "PKCS12") {
        const failed: string[] = [];
        for (const entry of keys) {
          try {
            store.set(withPlainKey(entry, entry.key.plain ?? entry.key.protected!.decrypt(password)));
            reprotected.push(entry.alias);
          } catch (error) {
            if (!(error instanceof KeystoreError) || error.code !== "WRONG_KEY_PASSWORD") throw error;
            failed.push(entry.alias);
          }
        }
        if (failed.length > 0) {
          throw new KeystoreError("WRONG_KEY_PASSWORD", `Store password not changed: the old store password does not open the key${failed.length > 1 ? "s" : ""} ${failed.map((a) => `<${a}>`).join(", ")}, so ${failed.length > 1 ? "they" : "it"} cannot be protected with the new one (convert the store with --keypass-for ALIAS=VAR first)`);
        }
      } else {
        for (const entry of keys) {
          if (entry.key.plain) continue;
          try {
            entry.key.protected!.decrypt(password);
            keptOwn.push(entry.alias);
          } catch {
            // a key with its own password: it keeps it, as it always did
          }
        }
      }
      const profile = profileOption(args);
      saveStore(path, store, { password: fresh.value, ...(profile ? { profile } : {}), ...(reprotected.length > 0 ? { reprotectKeys: true } : {}), expected: snapshot, args }, io);
      for (const alias of keptOwn) {
        warn(io, "KEY_PASSWORD_DIFFERS", `key <${alias}> keeps its key password (the old store password), as keytool leaves it; javax.net.ssl.keyStore needs it equal to the store password: keystorekit keypasswd -keystore ${shellQuote(path)} -alias ${shellQuote(alias)}`);
      }
      if (flag(args, "json")) printJson(io, { file: path, format: store.format, reprotectedKeys: reprotected, keysKeepingOldPassword: keptOwn, warnings: io.warnings ?? [] });
      else io.stdout(`Keystore password changed${reprotected.length > 0 ? `; ${reprotected.length} key${reprotected.length === 1 ? "" : "s"} protected with it (PKCS12)` : ""}\n`);
      return 0;
    });
  },
};
