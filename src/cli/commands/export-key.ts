import { toBase64, toHex, toPem } from "../../binary/encoding.js";
import { errors } from "../../model/errors.js";
import { privateKeyAlgorithm } from "../../model/pkcs8.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { KEY_IN_CERT_FILE_OPTION, plaintextKeyWarning, refuseKeyInCertificateFile, stdoutExposureWarning } from "../plaintext-keys.js";
import { entryAlgorithm } from "../render.js";
import { FORCE_READ_ONLY, writeOutputFile } from "../store-io.js";
import type { ParsedArgs } from "../args.js";
import type { CliIo } from "../io.js";

export const exportKeyCommand: Command = {
  name: "export-key",
  summary: "print a private key as PKCS#8 PEM (a secret key as hex)",
  usage: "keystorekit export-key STORE --alias A [-file OUT] [--storepass …] [--keypass K | --keypass-env VAR | --keypass-file F] [--json]",
  help: `Decrypts one key entry and prints it: a private key as unencrypted PKCS#8 PEM
("-----BEGIN PRIVATE KEY-----"), a secret key as lowercase hex. The key password defaults to
the store password. A wrong key password fails with WRONG_KEY_PASSWORD. With --keypass and
no store password the store is read without its integrity check, as Java's load(in, null)
does (a PKCS#12 without MAC needs no store password at all).

-file OUT writes it to OUT instead, owner-only (0600; an existing OUT is tightened), through
the same safe writer as every save. A warning on stderr always says that a plaintext key was
written, and another when standard output is a file that others can read. A .crt or .cer OUT
is refused unless --allow-key-in-cert-file.

With --json: {"alias", "type": "privateKey", "algorithm", "pkcs8": base64 DER}
          or {"alias", "type": "secretKey", "algorithm", "key": hex}.

Examples:
  keystorekit export-key server.jks --alias server --storepass-env STOREPASS -file server-key.pem
  keystorekit export-key app.jceks -alias aes -storepass changeit -keypass keypass --json`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    { name: "alias", takesValue: true },
    { name: "file", aliases: ["out"], takesValue: true },
    FORCE_READ_ONLY,
    KEY_IN_CERT_FILE_OPTION,
  ],
  async run(args, io) {
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("export-key needs --alias");
    const file = optionValue(args, "file");
    if (file !== undefined) refuseKeyInCertificateFile(file, args);
    // As Java's load(in, null) then getKey(alias, keypass): the key password alone is enough
    // wherever the store opens without one (its integrity is then not checked, and we say so).
    const givenKeyPassword = await resolvePassword(args, io, { name: "keypass" });
    const { store, password } = await openStore(args, io, { requirePassword: givenKeyPassword === undefined });
    const keyPassword = givenKeyPassword ?? password;
    const entry = store.entry(alias);
    if (entry.type === "trustedCert") {
      throw errors.invalidArgument(`Alias <${entry.alias}> is a trusted certificate: it has no key (use export-cert)`);
    }
    if (entry.type === "privateKey") {
      const pkcs8 = store.privateKeyPkcs8(entry.alias, keyPassword);
      const algorithm = privateKeyAlgorithm(pkcs8) ?? entryAlgorithm(entry);
      const text = flag(args, "json")
        ? jsonText({ alias: entry.alias, type: "privateKey", algorithm, pkcs8: toBase64(pkcs8) })
        : toPem("PRIVATE KEY", pkcs8);
      emitKey(text, file, args, io);
      return 0;
    }
    const key = store.secretKey(entry.alias, keyPassword);
    // Some formats only learn a secret key's algorithm once it is decrypted.
    const algorithm = entry.algorithm ?? entry.key.protected?.keyAlgorithm ?? null;
    const text = flag(args, "json") ? jsonText({ alias: entry.alias, type: "secretKey", algorithm, key: toHex(key) }) : `${toHex(key)}\n`;
    emitKey(text, file, args, io);
    return 0;
  },
};

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** To OUT (0600, safe writer) or standard output, with the plaintext-key warnings. */
function emitKey(text: string, file: string | undefined, args: ParsedArgs, io: CliIo): void {
  if (file !== undefined) {
    writeOutputFile(file, text, "plaintext-keys", args, io);
    io.stderr(plaintextKeyWarning(file));
    return;
  }
  io.stdout(text);
  io.stderr(stdoutExposureWarning(io) ?? plaintextKeyWarning(undefined));
}
