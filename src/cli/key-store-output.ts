/**
 * What the key-store commands (import-key, import-cert with a CA reply, storepasswd) print at the
 * end: the keyStore Java options, with the password shown only where the rules allow it.
 */
import { shellQuote } from "../truststore/java-options.js";
import { resolve } from "node:path";
import type { KeystoreFormat } from "../model/entry.js";
import { javaOptionsFor, type JavaStoreSettings } from "../truststore/java-options.js";
import type { ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { hiddenPasswordNote, printedReference, type GivenPassword } from "./passwords.js";

/** The JAVA_OPTS text of a key store (`javax.net.ssl.keyStore…`) and whether the password is in it. */
export function keyStoreJavaOptions(args: ParsedArgs, path: string, format: KeystoreFormat, given: GivenPassword): StoreJavaOptions {
  return storeJavaOptions(args, path, format, given, "keystore");
}

/** What {@link storeJavaOptions} gives: the args-form text, the line to show, the password's reference. */
export interface StoreJavaOptions {
  text: string;
  usage: string;
  passwordShown: boolean;
  reference?: string;
}

/** The Java options of a trust store or key store, the password shown only where the rules allow it. */
export function storeJavaOptions(args: ParsedArgs, path: string, format: KeystoreFormat, given: GivenPassword, role: "truststore" | "keystore"): StoreJavaOptions {
  const reference = printedReference(args, given);
  const settings: JavaStoreSettings = {
    path: resolve(path),
    password: given.value,
    format,
    role,
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
  printStoreUsage(io, path, "keystore", options);
  printHiddenPasswordNote(io, options);
}

/** The "start Java with" block of a trust store or key store, with the other forms named. */
export function printStoreUsage(io: CliIo, path: string, role: "truststore" | "keystore", options: { usage: string }): void {
  const heading = role === "keystore" ? "To use it as Java's key store (client certificate, server key), start Java with:" : "To use it, start Java with:";
  const roleOption = role === "keystore" ? " --role keystore" : "";
  io.stdout(`\n${heading}\n  ${options.usage}\n(other forms: keystorekit java-opts ${shellQuote(path)}${roleOption} --form setenv|jdk-java-options|systemd|docker|kubernetes)\n`);
}

/** On stderr: the password was printed as a reference, not in clear. */
export function printHiddenPasswordNote(io: CliIo, options: { reference?: string }): void {
  if (options.reference !== undefined) io.stderr(hiddenPasswordNote(options.reference));
}
