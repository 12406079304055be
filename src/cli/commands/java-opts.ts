import { resolve } from "node:path";
import { JAVA_OPTIONS_FORMS, javaOptionsFor } from "../../truststore/java-options.js";
import { checkKeyEntries } from "../../truststore/diagnose-keys.js";
import type { Keystore } from "../../model/keystore.js";
import type { PrivateKeyEntry } from "../../model/entry.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { SHOW_PASSWORD_OPTION, hiddenPasswordNote, passwordOptions, printedReference } from "../passwords.js";

const NO_PRIVATE_KEY_MESSAGE =
  `The store has no private-key entry: as javax.net.ssl.keyStore it gives Java no certificate to present when the server asks for one (client authentication), and the handshake fails with "Received fatal alert: handshake_failure" (TLS 1.3 servers may send certificate_required). Import the key with its chain, or use the store with --role truststore.`;

/**
 * The key-entry findings that stop Java's SSLContext from starting with these options (a key the
 * store password does not open, unreadable key bytes): the line would be wrong, so say so.
 */
function contextFailures(store: Keystore, storePassword: string | undefined): { code: string; message: string }[] {
  const keys = store.entries().filter((e): e is PrivateKeyEntry => e.type === "privateKey" && e.javaIgnores === undefined);
  const findings = checkKeyEntries(keys, { format: store.format, ...(storePassword !== undefined ? { storePassword } : {}) });
  return findings.filter((f) => f.code === "KEY_PASSWORD_DIFFERS" || f.code === "KEY_UNREADABLE").map((f) => ({ code: f.code, message: f.message }));
}

export const javaOptsCommand: Command = {
  name: "java-opts",
  summary: "print the -Djavax.net.ssl.* options that make Java use a store",
  usage: "keystorekit java-opts STORE [--role truststore|keystore] [--form F] [--storepass …] [--show-password] [--json]",
  help: `Prints the system properties for a trust store (default) or a key store, with the type
Java needs (read from the file, not its name): -Djavax.net.ssl.trustStore=…
-Djavax.net.ssl.trustStorePassword=… -Djavax.net.ssl.trustStoreType=…, quoted for the consumer
--form names:

  args (default; alias eval)  shell words: paste after "java" in a command line or script, or
                              eval "exec java $(keystorekit java-opts STORE) -jar app.jar"
  setenv                      JAVA_OPTS="$JAVA_OPTS …" for Tomcat's bin/setenv.sh (catalina.sh
                              evals JAVA_OPTS, so quotes and $VAR in it work)
  jdk-java-options            export JDK_JAVA_OPTIONS=…: every later "java" reads it and honours
                              '…' and "…" (JAVA_TOOL_OPTIONS takes the same value)
  systemd                     Environment="JDK_JAVA_OPTIONS=…" for the unit's [Service] section
  docker                      -e 'JDK_JAVA_OPTIONS=…' for "docker run"
  kubernetes                  items for a container's env: list (YAML)

A script that runs "java $JAVA_OPTS" (unquoted) splits at spaces and keeps quotes: it cannot
carry a path with spaces in any form. Use jdk-java-options there; a warning says when it matters.

The password is printed only when it was given on the command line (or with --show-password).
From --storepass-env VAR it is printed as $VAR (systemd: \${VAR} on ExecStart=, which Environment=
cannot expand; Kubernetes: $(VAR) from a secretKeyRef item), from --storepass-file F as
$(cat F), and from a prompt as <password>, so the text can go to a log without the secret.
--role keystore warns when the store holds no private key.

Examples:
  keystorekit java-opts truststore.p12 --storepass-env STOREPASS --form setenv >> bin/setenv.sh
  eval "$(keystorekit java-opts truststore.p12 --storepass-env STOREPASS --form jdk-java-options)"`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), { name: "role", takesValue: true }, { name: "form", takesValue: true }, SHOW_PASSWORD_OPTION],
  async run(args, io) {
    const role = optionValue(args, "role") ?? "truststore";
    if (role !== "truststore" && role !== "keystore") throw new UsageError("--role is truststore or keystore");
    const formName = optionValue(args, "form") ?? "args";
    const form = JAVA_OPTIONS_FORMS.find((f) => f === formName);
    if (form === undefined) throw new UsageError(`--form is one of ${JAVA_OPTIONS_FORMS.join(", ")}`);
    const { store, path, given } = await openStore(args, io);
    const reference = printedReference(args, given);
    const envName = given?.source === "env" ? optionValue(args, "storepass-env") : undefined;
    const result = javaOptionsFor(
      {
        path: resolve(path),
        ...(given !== undefined ? { password: given.value } : {}),
        format: store.format,
        role,
        ...(reference !== undefined ? { passwordReference: reference } : {}),
        ...(reference !== undefined && envName !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(envName) ? { passwordEnv: envName } : {}),
      },
      form,
    );
    // The library names the forms; the CLI says them with its flag.
    const warnings: { code: string; message: string }[] = result.warnings.map((w) => ({ ...w, message: w.message.replace(/the ([a-z-]+) form/g, "--form $1") }));
    // Java presents only keys it sees: an entry it ignores (an unencrypted keyBag) does not count.
    if (role === "keystore" && !store.entries().some((e) => e.type === "privateKey" && e.javaIgnores === undefined)) {
      warnings.unshift({ code: "NO_PRIVATE_KEY", message: NO_PRIVATE_KEY_MESSAGE });
    }
    if (role === "keystore") warnings.push(...contextFailures(store, given?.value));
    if (flag(args, "json")) {
      printJson(io, { javaOptions: result.text, form, format: store.format, passwordShown: reference === undefined, warnings });
    } else io.stdout(`${result.text}\n`);
    for (const warning of warnings) io.stderr(`Warning: ${warning.message}\n`);
    if (result.passwordShownAs !== undefined) io.stderr(hiddenPasswordNote(result.passwordShownAs));
    return 0;
  },
};
