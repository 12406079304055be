import { toBase64, toHex, toPem } from "../../binary/encoding.js";
import { errors } from "../../model/errors.js";
import { privateKeyAlgorithm } from "../../model/pkcs8.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { entryAlgorithm } from "../render.js";

export const exportKeyCommand: Command = {
  name: "export-key",
  summary: "print a private key as PKCS#8 PEM (a secret key as hex)",
  usage: "keystorekit export-key STORE --alias A [--storepass …] [--keypass K | --keypass-env VAR | --keypass-file F] [--json]",
  help: `Decrypts one key entry and prints it: a private key as unencrypted PKCS#8 PEM
("-----BEGIN PRIVATE KEY-----"), a secret key as lowercase hex. The key password defaults to
the store password. A wrong key password fails with WRONG_KEY_PASSWORD.

With --json: {"alias", "type": "privateKey", "algorithm", "pkcs8": base64 DER}
          or {"alias", "type": "secretKey", "algorithm", "key": hex}.

Examples:
  keystorekit export-key server.jks --alias server --storepass-env STOREPASS > server-key.pem
  keystorekit export-key app.jceks -alias aes -storepass changeit -keypass keypass --json`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    { name: "alias", takesValue: true },
  ],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("export-key needs --alias");
    const { store, password } = await openStore(args, io, { requirePassword: true });
    const keyPassword = (await resolvePassword(args, io, { name: "keypass" })) ?? password;
    const entry = store.entry(alias);
    if (entry.type === "trustedCert") {
      throw errors.invalidArgument(`Alias <${entry.alias}> is a trusted certificate: it has no key (use export-cert)`);
    }
    if (entry.type === "privateKey") {
      const pkcs8 = store.privateKeyPkcs8(entry.alias, keyPassword);
      const algorithm = privateKeyAlgorithm(pkcs8) ?? entryAlgorithm(entry);
      if (flag(args, "json")) printJson(io, { alias: entry.alias, type: "privateKey", algorithm, pkcs8: toBase64(pkcs8) });
      else io.stdout(toPem("PRIVATE KEY", pkcs8));
      return 0;
    }
    const key = store.secretKey(entry.alias, keyPassword);
    // Some formats only learn a secret key's algorithm once it is decrypted.
    const algorithm = entry.algorithm ?? entry.key.protected?.keyAlgorithm ?? null;
    if (flag(args, "json")) printJson(io, { alias: entry.alias, type: "secretKey", algorithm, key: toHex(key) });
    else io.stdout(`${toHex(key)}\n`);
    return 0;
  },
};
