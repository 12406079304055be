import { existsSync } from "node:fs";
import { isKeystoreError } from "../../model/errors.js";
import type { Keystore } from "../../model/keystore.js";
import { readKeystoreFile } from "../../node/files.js";
import { findDefaultTrustStore } from "../../node/java-home.js";
import { diagnose } from "../../truststore/diagnose.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { parseStoreType, storePath } from "../open-store.js";
import { SETTINGS_OPTIONS, diagnoseSettingsCommand, wantsSettings } from "./diagnose-settings.js";
import { passwordOptions, resolvePassword } from "../passwords.js";

import { parseDate } from "../parse-date.js";

export const diagnoseCommand: Command = {
  name: "diagnose",
  summary: "find what would make Java fail with a trust store or key store (exit 1 on errors)",
  usage: "keystorekit diagnose [STORE] [--role truststore|keystore] [--storetype T] [--storepass …] [--keypass …] [--json]\n       keystorekit diagnose --java-opts \"$JAVA_OPTS\" | --from-env | --kafka-properties F | --spring-properties F",
  help: `Checks a store for the problems behind the Java errors seen in the field, each with a
stable code: NO_TRUST_ANCHORS and PKCS12_CERTS_NOT_TRUSTED ("the trustAnchors parameter must be
non-empty"), WRONG_PASSWORD, ANCHOR_EXPIRED / ANCHOR_NOT_YET_VALID / ANCHOR_EXPIRING_SOON,
NO_PRIVATE_KEY (client authentication: handshake_failure), KEY_CHAIN_INCOMPLETE,
KEY_CERTIFICATE_EXPIRED, TYPE_MISMATCH (-storetype differs from the file), DROPS_DEFAULT_CAS
(a custom trust store without the JVM's public CAs), INTEGRITY_UNCHECKED, DUPLICATE_CERTIFICATES,
NOT_A_JAVA_KEYSTORE (PEM text: "Invalid keystore format"), JAVA_IGNORES_ENTRIES (entries Java's
loader skips, such as a PKCS#12 key in an unencrypted keyBag).
With --java-opts TEXT (-Djavax.net.ssl.*), --from-env (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS,
JAVA_OPTS), --kafka-properties FILE or --spring-properties FILE it diagnoses the trust store and
key store the application is configured with, in the words the application prints: a wrong
password is "Error constructing implementation (algorithm: Default, provider: SunJSSE, …)" caused
by "problem accessing trust store"; a missing trust store (STORE_NOT_FOUND) makes Java silently
use cacerts, then "PKIX path building failed".
--role keystore checks each key entry: KEY_CERTIFICATE_MISMATCH (decrypt_error), KEY_SELF_SIGNED
(no CA reply installed: certificate_required), KEY_CHAIN_OUT_OF_ORDER, KEY_CHAIN_GAP,
KEY_NO_CHAIN, KEY_UNREADABLE and KEY_PASSWORD_DIFFERS (the SSLContext fails: "Cannot recover
key"). The chain is checked without any password; whether the key can be read and matches its
certificate only when the key opens: with --keypass, else with the store password as Java's key
manager does (KEY_NOT_CHECKED otherwise). Trusted certificates are not Java's concern there: out
of date ones give one TRUSTED_CERTIFICATES_IGNORED note.
Each finding names the Java error; --json gives it as "javaMessage" too.
Exit status 1 when any finding is an error.

Example:
  keystorekit diagnose truststore.p12 --storetype JKS --storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), ...passwordOptions("keypass"), { name: "role", takesValue: true }, { name: "at", takesValue: true }, ...SETTINGS_OPTIONS],
  async run(args, io) {
    if (wantsSettings(args)) return diagnoseSettingsCommand(args, io);
    const role = optionValue(args, "role") ?? "truststore";
    if (role !== "truststore" && role !== "keystore") throw new UsageError("--role is truststore or keystore");
    const expectedType = optionValue(args, "storetype");
    const at = parseDate(optionValue(args, "at"));
    parseStoreType(expectedType); // an unknown -storetype is a usage error
    const named = storePath(args);
    const path = named ?? findDefaultTrustStore(io.env)?.path;
    if (path === undefined) throw new UsageError("name the STORE (no JVM default trust store found)");
    const password = (await resolvePassword(args, io, { name: "storepass" })) ?? (named === undefined ? "changeit" : undefined);
    let store: Keystore;
    let passwordProblem: "wrong" | "missing" | undefined;
    try {
      store = readKeystoreFile(path, password !== undefined ? { password } : {});
      if (password === undefined) passwordProblem = "missing";
    } catch (error) {
      // The wrong password is itself the finding; the rest is read without the integrity check.
      if (!isKeystoreError(error, "INTEGRITY")) throw error;
      store = readKeystoreFile(path);
      if (named !== undefined) passwordProblem = "wrong";
    }
    const keyPassword = await resolvePassword(args, io, { name: "keypass" });
    const defaultPath = findDefaultTrustStore(io.env)?.path;
    let defaultTrustStore: Keystore | undefined;
    if (role === "truststore" && defaultPath && named !== undefined && existsSync(defaultPath)) {
      try {
        defaultTrustStore = readKeystoreFile(defaultPath);
      } catch {
        // No comparison without a readable default store.
      }
    }
    const findings = diagnose(store, {
      role,
      untrustedCertificates: store.untrustedCertificates,
      ...(expectedType ? { expectedType: expectedType.toUpperCase() } : {}),
      ...(defaultTrustStore ? { defaultTrustStore } : {}),
      ...(passwordProblem ? { passwordProblem } : {}),
      ...(at ? { at } : {}),
      ...(password !== undefined && passwordProblem === undefined && { storePassword: password }),
      ...(keyPassword !== undefined && { keyPassword }),
    });
    if (flag(args, "json")) printJson(io, { format: store.format, role, findings });
    else if (findings.length === 0) io.stdout("No problems found\n");
    else for (const f of findings) io.stdout(`${f.severity.toUpperCase()} ${f.code}: ${f.message}\n${f.javaMessage ? `  Java: ${f.javaMessage}\n` : ""}`);
    return findings.some((f) => f.severity === "error") ? 1 : 0;
  },
};
