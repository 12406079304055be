/**
 * import-cert on an alias that holds a key: keytool's "install the CA reply". The reply replaces
 * the entry's chain, the protected key bytes stay as they are (no key password needed), and the
 * store is saved only when every check passed, so a refused reply leaves it byte for byte.
 */
import { shellQuote } from "../truststore/java-options.js";
import type { Certificate } from "../model/certificate.js";
import { KeystoreError, isKeystoreError } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import { readKeystoreFile } from "../node/files.js";
import { findDefaultTrustStore } from "../node/java-home.js";
import type { FileSnapshot } from "../node/read-file.js";
import { CA_REPLY_MESSAGES, installCaReply, type InstalledCaReply } from "../keys/ca-reply.js";
import { looksLikePem, readPemBlocks } from "../keys/pem-blocks.js";
import { readPrivateKey } from "../keys/read-key.js";
import { utf8Text } from "../binary/encoding.js";
import { UsageError, flag, type ParsedArgs } from "./args.js";
import { printJson } from "./command.js";
import { saveEdited } from "./edit-session.js";
import { warn, type CliIo } from "./io.js";
import { keyStoreJavaOptions, printKeyStoreUsage } from "./key-store-output.js";
import type { GivenPassword } from "./passwords.js";

/** Refuses a certificate file that holds a private key: that is import-key's job (and a key in a "certificate" file is a leak). */
export function refusePrivateKeyInCertificateFile(bytes: Uint8Array, file: string, storePath: string): void {
  if (!(looksLikePem(bytes) ? hasPemKey(bytes) : isDerKey(bytes))) return;
  throw new KeystoreError(
    "INVALID_ARGUMENT",
    `${file} contains a private key: import-cert takes certificates only. To import the key with its certificates use: keystorekit import-key -keystore ${shellQuote(storePath)} -alias ALIAS --key ${shellQuote(file)}`,
  );
}

function hasPemKey(bytes: Uint8Array): boolean {
  try {
    return readPemBlocks(utf8Text(bytes)).some((block) => block.label.endsWith("PRIVATE KEY"));
  } catch {
    return false; // not PEM after all: the certificate reader reports it
  }
}

/** A DER PKCS#8, PKCS#1 or SEC1 key (an encrypted one is not told from a certificate here). */
function isDerKey(bytes: Uint8Array): boolean {
  try {
    readPrivateKey(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The JVM's cacerts certificates, for -trustcacerts. */
function cacertsCertificates(io: CliIo): Certificate[] {
  const found = findDefaultTrustStore(io.env);
  if (!found) throw new UsageError("-trustcacerts: no JVM default trust store found (set JAVA_HOME)");
  let store: Keystore;
  try {
    store = readKeystoreFile(found.path, { password: "changeit" });
  } catch (error) {
    if (!isKeystoreError(error, "INTEGRITY")) throw error;
    store = readKeystoreFile(found.path);
  }
  return store.entries().flatMap((entry) => (entry.type === "trustedCert" ? [entry.certificate] : []));
}

/** Installs `reply` on the key entry `alias`, saves, and reports as keytool does. */
export async function installReplyAndReport(
  args: ParsedArgs,
  baseIo: CliIo,
  opened: { path: string; store: Keystore; given: GivenPassword; snapshot: FileSnapshot },
  alias: string,
  reply: Uint8Array,
): Promise<number> {
  const { path, store, given, snapshot } = opened;
  // With --json the warnings are also collected for the output.
  const io: CliIo = flag(args, "json") ? { ...baseIo, warnings: baseIo.warnings ?? [] } : baseIo;
  const cacerts = flag(args, "trustcacerts") ? cacertsCertificates(io) : undefined;
  const accept = flag(args, "noprompt") || flag(args, "accept-untrusted");
  const install = (acceptUntrusted: boolean) => installCaReply(store, alias, reply, { ...(cacerts ? { cacerts } : {}), acceptUntrusted });
  let result: InstalledCaReply;
  try {
    result = await install(accept);
  } catch (error) {
    // keytool asks on a terminal whether to install a reply whose top certificate is not trusted.
    if (!isKeystoreError(error, "UNTRUSTED") || !error.message.startsWith(CA_REPLY_MESSAGES.notInstalled) || accept) throw error;
    if (!io.promptLine) throw new KeystoreError("UNTRUSTED", `${error.message.replace(/ \(-noprompt\)\.?$/, "")} (-noprompt or --accept-untrusted)`);
    io.stderr(`${error.message.slice(CA_REPLY_MESSAGES.notInstalled.length + 2)}\n`);
    const answer = (await io.promptLine("... is not trusted. Install reply anyway? [no]:  ")).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") throw new KeystoreError("UNTRUSTED", CA_REPLY_MESSAGES.notInstalled);
    result = await install(true);
  }
  for (const warning of result.warnings) warn(io, warning.code, warning.message);
  saveEdited(args, io, path, store, given.value, snapshot);
  const options = keyStoreJavaOptions(args, path, store.format, given);
  if (flag(args, "json")) {
    printJson(io, {
      file: path,
      format: store.format,
      alias: result.entry.alias,
      installed: true,
      chain: result.entry.chain.map((c) => ({ subject: c.subject, issuer: c.issuer, sha256: c.sha256 })),
      completedFrom: result.completedFrom.map((c) => c.subject),
      javaOptions: options.text,
      passwordShown: options.passwordShown,
      warnings: io.warnings ?? [],
    });
    return 0;
  }
  io.stdout(`${CA_REPLY_MESSAGES.installed}\n`);
  for (const [i, certificate] of result.entry.chain.entries()) io.stdout(`  [${i + 1}] ${certificate.subject} (issuer ${certificate.issuer})\n`);
  printKeyStoreUsage(io, path, options);
  return 0;
}
