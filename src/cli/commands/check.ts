import { existsSync } from "node:fs";
import { isKeystoreError } from "../../model/errors.js";
import type { Keystore } from "../../model/keystore.js";
import { readCertificateFile, readKeystoreFile } from "../../node/files.js";
import { findDefaultTrustStore } from "../../node/java-home.js";
import { readCertificates } from "../../truststore/certificates.js";
import { diagnose } from "../../truststore/diagnose.js";
import { trustAnchorsOf, verifyChain } from "../../truststore/verify.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore, parseStoreType, storePath } from "../open-store.js";
import { SETTINGS_OPTIONS, diagnoseSettingsCommand, wantsSettings } from "./diagnose-settings.js";
import type { CliWarning } from "../io.js";
import { passwordOptions, resolvePassword } from "../passwords.js";

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--at takes a date (2030-01-01 or an ISO time), not "${value}"`);
  return date;
}

export const verifyCommand: Command = {
  name: "verify",
  summary: "check whether a server's certificate chain would be trusted (exit 0 yes, 1 no)",
  usage: "keystorekit verify [-keystore STORE] [-storepass P] CHAIN.pem [--host NAME] [--at DATE] [--purpose tls-server|tls-client|any] [--json]",
  help: `Validates CHAIN (PEM, leaf first, as the server sends it; intermediates included) against
the trust anchors of STORE (default: the JVM's trust store) the way Java's PKIX trust manager
does: path building, signatures, validity at --at (default now), basic constraints and key
usage. With --host NAME, also Java's HTTPS host-name check of the leaf (SAN dNSName with
wildcards, IP SANs for IP addresses, the CN only without DNS SANs), failing with Java's own
message such as "No subject alternative names present". To check a live server, use
keystorekit probe HOST:PORT. Prints "trusted" or the reason and the exact Java error the application would log, such
as "PKIX path building failed: … unable to find valid certification path to requested target",
naming the issuer that is missing. Exit status 0 trusted, 1 not trusted, 2 bad usage.

Example:
  keystorekit verify -keystore truststore.jks -storepass changeit server-chain.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), { name: "at", takesValue: true }, { name: "purpose", takesValue: true }, { name: "file", takesValue: true }, { name: "host", takesValue: true }],
  async run(args, io) {
    // The chain is the last positional (STORE may come first as a positional too).
    const chainFile = optionValue(args, "file") ?? (optionValue(args, "keystore") !== undefined ? args.positionals[0] : args.positionals[1] ?? args.positionals[0]);
    if (chainFile === undefined) throw new UsageError("verify needs the CHAIN file (PEM, leaf first)");
    const storeArgs = { ...args, positionals: optionValue(args, "keystore") !== undefined || args.positionals.length < 2 ? [] : args.positionals.slice(0, 1) };
    // As list: the default store is tried with "changeit", and --json says how far it was checked.
    const warnings: CliWarning[] = [];
    const { store, path, isDefault } = await openStore(storeArgs, { ...io, warnings }, { allowDefault: true });
    const purpose = optionValue(args, "purpose") ?? "tls-server";
    if (purpose !== "tls-server" && purpose !== "tls-client" && purpose !== "any") throw new UsageError("--purpose is tls-server, tls-client or any");
    const at = parseDate(optionValue(args, "at"));
    if (/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(chainFile) && !existsSync(chainFile)) {
      throw new UsageError(`"${chainFile}" is not a file; to check a live server use: keystorekit probe ${chainFile}`);
    }
    const bytes = readCertificateFile(chainFile);
    // An empty file is an empty chain, as Java sees a server that sends no certificate.
    const chain = new TextDecoder().decode(bytes.subarray(0, 64)).trim() === "" && bytes.length < 64 ? [] : readCertificates(bytes);
    const result = await verifyChain(chain, trustAnchorsOf(store), { ...(at ? { at } : {}), purpose, ...(optionValue(args, "host") !== undefined ? { host: optionValue(args, "host")! } : {}) });
    if (flag(args, "json")) {
      printJson(io, {
        trusted: result.trusted,
        code: result.code,
        reason: result.reason,
        javaMessage: result.javaMessage,
        ...(result.missingIssuer !== undefined ? { missingIssuer: result.missingIssuer } : {}),
        path: (result.path ?? []).map((c) => ({ subject: c.subject, sha256: c.sha256 })),
        store: path,
        integrity: store.integrity,
        warnings,
      });
    } else if (result.trusted) {
      io.stdout(`trusted: ${result.reason}\n`);
    } else {
      io.stdout(`NOT trusted: ${result.reason}\nJava reports: ${result.javaMessage}\n`);
      if (result.missingIssuer) {
        // Never suggest editing the JDK's own cacerts: start a copy of it instead.
        const fix = isDefault ? "keystorekit import-cert --from-default -keystore truststore.jks -file ISSUER.pem" : `keystorekit import-cert -keystore ${path} -file ISSUER.pem`;
        io.stdout(`Missing issuer: ${result.missingIssuer}\nAdd it with: ${fix}\n`);
      }
    }
    return result.trusted ? 0 : 1;
  },
};

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
