import { generateSecretKey, secretKeyEntry } from "../../keys/generate.js";
import { KeystoreError } from "../../model/errors.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { passwordOptions } from "../passwords.js";
import { WRITE_OPTIONS } from "../store-io.js";
import { integerOption, newKeyPassword, refuseTakenAlias, saveWithKeyPassword, withTargetStore } from "./new-key-options.js";

export const genseckeyCommand: Command = {
  name: "genseckey",
  summary: "make a secret key (AES, HMAC) in a JCEKS or PKCS12 key store (keytool -genseckey)",
  usage: "keystorekit genseckey -keystore KS -alias A -keyalg AES|HmacSHA256|HmacSHA384|HmacSHA512 [-keysize N] [-storetype T] [-storepass…] [-keypass…] [--json]",
  help: `Generates a secret key from the platform's random source and adds it under -alias, protected
as Java's own KeyStore writes it, so that Java reads its algorithm and bytes back. AES needs -keysize 128, 192 or 256 (keytool's rule); an HMAC key
defaults to its hash's length. A KS that does not exist is created (PKCS12 unless -storetype or
a .jceks name says otherwise), with keytool's rules for a new password. JKS holds no secret keys:
keytool fails with "Cannot store non-PrivateKeys", and this refuses before generating anything.
-keypass sets a separate key password in JCEKS (PKCS12 keeps one password: ignored with a warning).

With --json: {"file", "created", "format", "alias", "algorithm", "keySize", "warnings"}.

Example:
  keystorekit genseckey -keystore secrets.p12 -storepass-env STOREPASS -alias db-key -keyalg AES -keysize 256`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    ...WRITE_OPTIONS,
    { name: "alias", takesValue: true },
    { name: "keyalg", takesValue: true },
    { name: "keysize", takesValue: true },
  ],
  async run(args, io) {
    const json = flag(args, "json");
    if (json) io.warnings = [];
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("genseckey needs -alias A (the new key entry's name)");
    const keyalg = optionValue(args, "keyalg");
    if (keyalg === undefined) throw new UsageError("genseckey needs -keyalg AES, HmacSHA256, HmacSHA384 or HmacSHA512");
    const size = integerOption(args, "keysize");
    // The key's algorithm and size are checked (keytool's words) before any store is touched.
    const key = generateSecretKey({ algorithm: keyalg, ...(size !== undefined ? { size } : {}) });

    return withTargetStore(args, io, async (target) => {
      if (target.store.format !== "JCEKS" && target.store.format !== "PKCS12") {
        throw new KeystoreError(
          "UNSUPPORTED",
          `Cannot store non-PrivateKeys: a ${target.store.format} key store holds no secret keys (keytool's error). Use a JCEKS or PKCS12 store (-storetype pkcs12 for a new one; keystorekit convert ${target.path} OUT.p12 --to pkcs12 for this one)`,
        );
      }
      refuseTakenAlias(target.store, alias, "Secret Key");
      const keyPassword = await newKeyPassword(args, io, target);
      const entry = target.store.set(secretKeyEntry(alias, key));
      saveWithKeyPassword(args, io, target, entry.alias, keyPassword);
      const bits = key.key.length * 8;
      if (json) {
        printJson(io, { file: target.path, created: target.created, format: target.store.format, alias: entry.alias, algorithm: key.algorithm, keySize: bits, warnings: io.warnings ?? [] });
      } else {
        io.stderr(`Generated ${bits}-bit ${key.algorithm} secret key\n`);
      }
      return 0;
    });
  },
};
