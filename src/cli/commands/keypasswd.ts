import { KeystoreError } from "../../model/errors.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore } from "../edit-session.js";
import { warn, type CliIo } from "../io.js";
import { openEntryKey, withPlainKey } from "../key-passwords.js";
import { newPasswordOptions, passwordOptions, resolveGivenPassword, resolveNewPassword } from "../passwords.js";
import { WRITE_OPTIONS, saveStore } from "../store-io.js";

export const keypasswdCommand: Command = {
  name: "keypasswd",
  summary: "change the password of one key (JKS, JCEKS)",
  usage: "keystorekit keypasswd -keystore STORE -alias A [--storepass …] [-keypass OLD | --keypass-env VAR] [-new NEW | --new-keypass-env VAR | --new-keypass-file F] [--json]",
  help: `Changes the password that protects the key of alias A, as keytool -keypasswd. The old key
password is -keypass, else the store password, else asked on a terminal ("Enter key password for
<A>"); the new one needs at least six characters and is asked twice on a terminal. Other entries
are kept byte for byte.

PKCS12 has no key passwords of its own: Java protects its keys with the store password (keytool:
"-keypasswd commands not supported if -storetype is PKCS12"). Use storepasswd, which protects
the keys with the new store password.

Java's javax.net.ssl.keyStore opens keys with the store password: for TLS keep the key password
equal to it.

Example:
  keystorekit keypasswd -keystore server.jks -alias server --storepass-env SP --keypass-env OLDKP --new-keypass-env SP`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...passwordOptions("keypass"), ...newPasswordOptions("new-keypass"), ...WRITE_OPTIONS, { name: "alias", takesValue: true }],
  async run(args, baseIo) {
    const io: CliIo = flag(args, "json") ? { ...baseIo, warnings: baseIo.warnings ?? [] } : baseIo;
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("name the key with -alias A");
    return editStore(args, io, async ({ store, path, password, snapshot }) => {
      if (store.format !== "JKS" && store.format !== "JCEKS") {
        throw new KeystoreError(
          "UNSUPPORTED",
          `keypasswd is not supported for ${store.format} stores: ${store.format === "PKCS12" ? "Java protects PKCS12 keys with the store password (keytool: -keypasswd commands not supported if -storetype is PKCS12). Change both with keystorekit storepasswd" : "only JKS and JCEKS keys have passwords of their own"}`,
        );
      }
      const entry = store.entry(alias);
      if (entry.type === "trustedCert") throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> has no key: it is a trusted certificate entry`);
      const old = await resolveGivenPassword(args, io, { name: "keypass" });
      const plain = await openEntryKey(io, entry, { given: old?.value, fallback: password, hint: "-keypass, --keypass-env VAR or --keypass-file F" });
      const fresh = await resolveNewPassword(args, io, { name: "new-keypass", what: "key" });
      store.set(withPlainKey(entry, plain));
      saveStore(path, store, { password, keyPasswords: { [entry.alias]: fresh.value }, expected: snapshot, args }, io);
      if (fresh.value !== password) warn(io, "KEY_PASSWORD_DIFFERS", `the key password of <${entry.alias}> differs from the store password: javax.net.ssl.keyStore opens keys with the store password (UnrecoverableKeyException)`);
      if (flag(args, "json")) printJson(io, { file: path, alias: entry.alias, changed: true, sameAsStorePassword: fresh.value === password, warnings: io.warnings ?? [] });
      else io.stdout(`Key password of <${entry.alias}> changed\n`);
      return 0;
    });
  },
};
