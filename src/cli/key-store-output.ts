/**
 * What the key-store commands (import-key, import-cert with a CA reply, storepasswd) print at the
 * end: the keyStore Java options, with the password shown only where the rules allow it.
 */
import { resolve } from "node:path";
import type { KeystoreFormat } from "../model/entry.js";
import { javaOptionsFor, type JavaStoreSettings } from "../truststore/java-options.js";
import type { ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { hiddenPasswordNote, printedReference, type GivenPassword } from "./passwords.js";
import { shellWord } from "./shell-word.js";

/** The JAVA_OPTS text of a key store (`javax.net.ssl.keyStore…`) and whether the password is in it. */
export function keyStoreJavaOptions(args: ParsedArgs, path: string, format: KeystoreFormat, given: GivenPassword): { text: string; usage: string; passwordShown: boolean; reference?: string } {
  const reference = printedReference(args, given);
  const settings: JavaStoreSettings = {
    path: resolve(path),
    password: given.value,
    format,
    role: "keystore",
    ...(reference !== undefined ? { passwordReference: reference } : {}),
  };
  const line = javaOptionsFor(settings, "args");
  // JAVA_OPTS="…" carries no quotes through `java $JAVA_OPTS`: values with spaces go through
  // JDK_JAVA_OPTIONS instead, which the java launcher parses with its quotes.
  const usage = line.warnings.length === 0 ? `JAVA_OPTS="${line.text}"` : javaOptionsFor(settings, "jdk-java-options").text;
  return { text: line.text, usage, passwordShown: reference === undefined, ...(reference !== undefined ? { reference } : {}) };
}

/** Prints the "To use it as the key store of a Java client or server" block (text mode). */
export function printKeyStoreUsage(io: CliIo, path: string, options: { usage: string; reference?: string }): void {
  io.stdout(`\nTo use it as Java's key store (client certificate, server key), start Java with:\n  ${options.usage}\n(other forms: keystorekit java-opts ${shellWord(path)} --role keystore --form setenv|jdk-java-options|systemd|docker|kubernetes)\n`);
  if (options.reference !== undefined) io.stderr(hiddenPasswordNote(options.reference));
}
