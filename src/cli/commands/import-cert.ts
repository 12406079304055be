import { existsSync } from "node:fs";
import { isKeystoreError } from "../../model/errors.js";
import type { Certificate } from "../../model/certificate.js";
import type { Keystore } from "../../model/keystore.js";
import { readCertificateFile, readKeystoreFile } from "../../node/files.js";
import { findDefaultTrustStore } from "../../node/java-home.js";
import { acquireEditLock } from "../../node/lock.js";
import type { FileSnapshot } from "../../node/read-file.js";
import { realTargetOf } from "../../node/targets.js";
import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag, optionValue, type ParsedArgs } from "../args.js";
import { certificatesOfInput } from "../certificate-input.js";
import { installReplyAndReport, refusePrivateKeyInCertificateFile } from "../ca-reply.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore, saveEdited } from "../edit-session.js";
import type { CliIo } from "../io.js";
import { printHiddenPasswordNote, printStoreUsage, storeJavaOptions } from "../key-store-output.js";
import { parseStoreType, storePath } from "../open-store.js";
import {
  SHOW_PASSWORD_OPTION,
  passwordOptions,
  resolveGivenPassword,
  resolveNewPassword,
  type GivenPassword,
} from "../passwords.js";
import { WRITE_OPTIONS, formatFromPath, newStoreFor } from "../store-io.js";

export const importCertCommand: Command = {
  name: "import-cert",
  summary: "add trusted certificates from a PEM or DER file, or install a CA reply on a key entry",
  usage: "keystorekit import-cert [--from-default] -keystore STORE -storepass P [-alias A] -file CERT.pem [--allow-duplicate] [-trustcacerts] [-noprompt | --accept-untrusted] [--profile P] [--json]",
  help: `Adds every certificate in CERT (PEM, one or more, or DER) as a trusted entry and saves the
store atomically. Without -alias the alias is derived from the subject (CN). A certificate that is
already trusted under another alias is reported and not added again, unless --allow-duplicate.
A STORE that does not exist is created (JKS, or PKCS12 for .p12/.pfx, or -storetype).

When -alias names a key entry, CERT is the CA's reply to its certificate request (PEM or DER,
one certificate, a chain, or PKCS#7 .p7b/.p7c), as keytool -importcert: it must hold the
entry's public key ("Public keys in reply and keystore don't match" otherwise); a one-certificate
reply is completed from the store's certificates (-trustcacerts: and the JVM's cacerts). A reply
whose top certificate is not trusted is installed only when accepted: on a terminal keytool's
question "Install reply anyway? [no]", else -noprompt or --accept-untrusted. The chain is
replaced, the key kept as stored (no key password needed); a refused reply leaves STORE byte for
byte. It prints "Certificate reply was installed in keystore" and the keyStore JAVA_OPTS line. A
file holding a private key is refused: use import-key.

--from-default copies the JVM's default trust store (cacerts) to STORE first: the whole "copy
cacerts, add my certificate, point Java at it" recipe in one command. It ends with the
JAVA_OPTS line to use.

Examples:
  keystorekit import-cert -keystore client.p12 -storepass-env SP -alias client -file client-reply.p7b -trustcacerts
  keystorekit import-cert --from-default -keystore truststore.jks -storepass changeit -alias my-ca -file my-ca.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...WRITE_OPTIONS,
    { name: "from-default", takesValue: false }, { name: "alias", takesValue: true }, { name: "file", takesValue: true },
    { name: "allow-duplicate", takesValue: false }, { name: "noprompt", takesValue: false }, SHOW_PASSWORD_OPTION,
    { name: "trustcacerts", takesValue: false }, { name: "accept-untrusted", takesValue: false }],
  async run(args, io) {
    const path = storePath(args, io.env);
    if (path === undefined) throw new UsageError("name the STORE with -keystore");
    const file = optionValue(args, "file") ?? args.positionals[1];
    if (file === undefined) throw new UsageError("name the certificate with -file CERT.pem (or - for standard input)");
    const bytes = readCertificateFile(file);
    refusePrivateKeyInCertificateFile(bytes, file, path);
    const alias = optionValue(args, "alias");
    if (existsSync(path)) {
      if (flag(args, "from-default")) throw new UsageError(`${path} exists: --from-default makes a new store from cacerts (drop --from-default to add to it)`);
      return editStore(args, io, ({ store, given, snapshot }) => {
        // On a key entry the file is the CA's reply (keytool's -importcert on a PrivateKeyEntry).
        if (alias !== undefined && store.has(alias) && store.entry(alias).type === "privateKey") {
          return installReplyAndReport(args, io, { path, store, given: given!, snapshot }, alias, bytes);
        }
        return addAndReport(args, io, path, store, given!, snapshot, certificatesOfInput(bytes, file));
      });
    }
    const certificates = certificatesOfInput(bytes, file);
    const given = flag(args, "from-default") ? await defaultCopyPassword(args, io) : await resolveNewPassword(args, io, { name: "storepass", what: "keystore" });
    const lock = await acquireEditLock(realTargetOf(path), path);
    try {
      let store: Keystore;
      if (flag(args, "from-default")) {
        const found = findDefaultTrustStore(io.env);
        if (!found) throw new UsageError("no JVM default trust store found (set JAVA_HOME)");
        store = openDefault(found.path);
        // The copy takes the format the target names (-storetype, else its extension), not cacerts'.
        store.format = parseStoreType(optionValue(args, "storetype")) ?? formatFromPath(path);
        io.stderr(`Copied ${store.size} certificates from ${found.path}\n`);
      } else {
        store = newStoreFor(path, args);
      }
      return addAndReport(args, io, path, store, given, "absent", certificates);
    } finally {
      lock?.release();
    }
  },
};

/** --from-default: the given password (keytool's rules for a new one), else Java's default "changeit". */
async function defaultCopyPassword(args: ParsedArgs, io: CliIo): Promise<GivenPassword> {
  const given = await resolveGivenPassword(args, io, { name: "storepass" });
  if (given) return resolveNewPassword(args, io, { name: "storepass", what: "keystore" });
  io.stderr(`The copy is protected with Java's default trust store password "changeit" (give --storepass-env VAR for another)\n`);
  return { value: "changeit", source: "default", reference: "changeit" };
}

async function addAndReport(
  args: ParsedArgs,
  io: CliIo,
  path: string,
  store: Keystore,
  given: GivenPassword,
  expected: FileSnapshot | "absent",
  certificates: Certificate[],
): Promise<number> {
  const trust = new TrustStore(store);
  const alias = optionValue(args, "alias");
  const results = certificates.map((certificate, i) =>
    trust.add(certificate, {
      ...(alias !== undefined ? { alias: certificates.length > 1 ? `${alias}-${i + 1}` : alias } : {}),
      allowDuplicate: flag(args, "allow-duplicate"),
    }),
  );
  const changed = results.some((r) => r.added);
  if (changed || expected === "absent") saveEdited(args, io, path, store, given.value, expected);
  const options = storeJavaOptions(args, path, store.format, given, "truststore");
  if (flag(args, "json")) {
    printJson(io, { file: path, format: store.format, results, javaOptions: options.text, passwordShown: options.passwordShown });
  } else {
    for (const [i, r] of results.entries()) {
      if (r.added) io.stdout(`Certificate was added to keystore as <${r.alias}>${r.existingAlias ? ` (it is also trusted as <${r.existingAlias}>)` : ""}\n`);
      else io.stdout(`Certificate already exists in keystore under alias <${r.existingAlias}>: not added (${certificates[i]!.subject})\n`);
    }
    printStoreUsage(io, path, "truststore", options);
  }
  printHiddenPasswordNote(io, options);
  return 0;
}

/** The default trust store, with "changeit" when it verifies, else without a password. */
function openDefault(path: string): Keystore {
  try {
    return readKeystoreFile(path, { password: "changeit" });
  } catch (error) {
    if (!isKeystoreError(error, "INTEGRITY")) throw error;
    return readKeystoreFile(path);
  }
}

