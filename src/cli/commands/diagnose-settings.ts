import { accessSync, constants, existsSync, statSync } from "node:fs";
import { isKeystoreError } from "../../model/errors.js";
import { readBytes, readKeystoreFile } from "../../node/files.js";
import { sniffFormat } from "../../formats/sniff.js";
import { javaPropertiesFromEnv, javaTlsSettings, kafkaTlsSettings, parseJavaOptions, parseProperties, springTlsSettings, type JavaStoreSetting, type JavaTlsSettings } from "../../truststore/java-settings.js";
import { diagnoseSettings, type StoreLookup } from "../../truststore/settings-diagnosis.js";
import { UsageError, flag, optionValue, type OptionSpec, type ParsedArgs } from "../args.js";
import { printJson } from "../command.js";
import type { CliIo } from "../io.js";

/** diagnose's options for the application's own settings. */
export const SETTINGS_OPTIONS: OptionSpec[] = [
  { name: "java-opts", takesValue: true },
  { name: "from-env", takesValue: false },
  { name: "kafka-properties", takesValue: true },
  { name: "spring-properties", takesValue: true },
];

export function wantsSettings(args: ParsedArgs): boolean {
  return SETTINGS_OPTIONS.some((option) => args.options.has(option.name));
}

function settingsOf(args: ParsedArgs, io: CliIo): JavaTlsSettings {
  const javaOpts = optionValue(args, "java-opts");
  if (javaOpts !== undefined) return javaTlsSettings(parseJavaOptions(javaOpts));
  if (flag(args, "from-env")) return javaTlsSettings(javaPropertiesFromEnv(io.env));
  const kafka = optionValue(args, "kafka-properties");
  const text = (path: string) => new TextDecoder().decode(readBytes(path));
  if (kafka !== undefined) return kafkaTlsSettings(parseProperties(text(kafka)));
  const spring = optionValue(args, "spring-properties");
  if (spring !== undefined) return springTlsSettings(parseProperties(text(spring)));
  throw new UsageError("give --java-opts, --from-env, --kafka-properties or --spring-properties");
}

function lookup(setting: JavaStoreSetting | undefined): StoreLookup | undefined {
  if (!setting) return undefined;
  if (!existsSync(setting.path)) return { state: "missing" };
  // A directory passes the access check, but Java cannot read it as a store (nor can we).
  if (statSync(setting.path).isDirectory()) return { state: "unreadable", cause: "it is a directory" };
  try {
    accessSync(setting.path, constants.R_OK);
  } catch (error) {
    return { state: "unreadable", cause: (error as NodeJS.ErrnoException).code ?? "not readable" };
  }
  try {
    const store = readKeystoreFile(setting.path, setting.password !== undefined ? { password: setting.password } : {});
    return { state: "opened", store, untrustedCertificates: store.untrustedCertificates };
  } catch (error) {
    if (isKeystoreError(error, "INTEGRITY")) return { state: "wrong-password", format: sniffFormat(readBytes(setting.path)) ?? "JKS" };
    throw error;
  }
}

/** `diagnose --java-opts …`: both stores the application is configured with. */
export async function diagnoseSettingsCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const settings = settingsOf(args, io);
  if (!settings.trustStore && !settings.keyStore) {
    io.stdout("No trust store or key store is configured: Java uses its cacerts and no client key.\n");
    return 0;
  }
  const lookups = { ...(settings.trustStore ? { trustStore: lookup(settings.trustStore)! } : {}), ...(settings.keyStore ? { keyStore: lookup(settings.keyStore)! } : {}) };
  const findings = diagnoseSettings(settings, lookups);
  if (flag(args, "json")) printJson(io, { trustStore: settings.trustStore?.path ?? null, keyStore: settings.keyStore?.path ?? null, findings });
  else if (findings.length === 0) io.stdout("No problems found\n");
  else for (const f of findings) io.stdout(`${f.severity.toUpperCase()} ${f.code} (${f.role} ${f.path}): ${f.message}\n${f.javaMessage ? `  Java: ${f.javaMessage}\n` : ""}`);
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}
