import type { KeystoreError, KeystoreErrorCode } from "../model/errors.js";

/**
 * The library's messages name library options (or nothing) where a CLI user needs a flag (issue 16:
 * "the CLI adds its own advice"). Each rule recognises one library message by its code and its
 * wording, and says it the CLI's way; test/cli/error-advice.test.ts makes every rule fire on the
 * message the library really throws, so a reworded library message cannot silently lose its advice.
 */
interface AdviceRule {
  code: KeystoreErrorCode;
  /** The library's words to replace (anchored at the end of the message where it closes it). */
  library: RegExp;
  cli: string;
}

const RULES: readonly AdviceRule[] = [
  // errors.wrongKeyPassword (src/model/errors.ts).
  { code: "WRONG_KEY_PASSWORD", library: /(the key password for alias ".*" is wrong)$/s, cli: "$1 (give it with --keypass)" },
  // A read-only target (src/node/safe-write.ts).
  { code: "IO", library: /\(make it writable first, or save with allowReadOnly: true\)$/, cli: "(make it writable first, or pass --force-read-only)" },
  // probe's handshake timeout (src/node/tls.ts).
  { code: "NETWORK", library: /(no TLS handshake within \d+ ms)$/, cli: "$1 (--timeout)" },
  // Aliases that fold to one (src/model/java-aliases.ts).
  { code: "INVALID_ARGUMENT", library: /\(renameAliasCollisions\(store\) does it\)$/, cli: "(keystorekit convert --rename-collisions, or renameAliasCollisions(store) in the library)" },
  // A password with both quotes, spliced into JDK_JAVA_OPTIONS (src/truststore/java-options.ts).
  {
    code: "INVALID_ARGUMENT",
    library: /Print it in clear, without a passwordReference \(it is then quoted piece by piece\), or use the "args" form\.$/,
    cli: "Print it in clear with --show-password (it is then quoted piece by piece), or use --form args.",
  },
];

/** The message of a library error as the CLI prints it: with the flags that do what the library's advice says. */
export function cliMessage(error: KeystoreError): string {
  for (const rule of RULES) {
    if (rule.code === error.code && rule.library.test(error.message)) return error.message.replace(rule.library, rule.cli);
  }
  return error.message;
}
