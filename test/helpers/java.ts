import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "vitest";
import { sharedRoot } from "./corpus.js";

/**
 * Asking Java itself: the JDKs on this machine and the shared Inspect.java reference loader.
 * Tests that use them skip cleanly where no JDK is installed.
 */

export interface Jdk {
  name: string;
  java: string;
  keytool: string;
}

function works(command: string): boolean {
  return spawnSync(command, ["-version"], { stdio: "ignore" }).status === 0;
}

/** Java 17 from PATH and Temurin 25 (when installed), each only if it runs. */
export const jdks: Jdk[] = [
  { name: "java (PATH)", java: "java", keytool: "keytool" },
  { name: "Temurin 25", java: "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", keytool: "/usr/lib/jvm/temurin-25-jdk-amd64/bin/keytool" },
].filter((jdk) => (jdk.java === "java" || existsSync(jdk.java)) && works(jdk.java));

export const inspectSource = join(sharedRoot, "tools", "Inspect.java");
/** BouncyCastle's provider jar (`$BCPROV`, default Debian's libbcprov-java). */
export const bcprovPath = process.env.BCPROV ?? "/usr/share/java/bcprov.jar";

/**
 * Why Inspect.java cannot run here, or undefined when it can. Inspect.java imports BouncyCastle
 * classes statically (its PKCS#12 bag walker), so without bcprov.jar it does not even compile: every
 * Inspect-based test needs it, JKS and PKCS#12 ones too. Such tests skip with this reason.
 */
export const inspectUnavailable: string | undefined =
  jdks.length === 0
    ? "no working JDK (java on PATH or Temurin 25)"
    : !existsSync(inspectSource)
      ? `Inspect.java not found at ${inspectSource} (set KEYSTOREKIT_SHARED to the shared folder)`
      : !existsSync(bcprovPath)
        ? `BouncyCastle not found at ${bcprovPath}: Inspect.java imports it and does not compile without it (install libbcprov-java or set BCPROV)`
        : undefined;
export const hasInspect = inspectUnavailable === undefined;

/** Call first in a test that runs Inspect.java: skips it, with the reason in the report, where it cannot run. */
export function requireInspect(context: TestContext): void {
  context.skip(!hasInspect, inspectUnavailable);
}

export interface InspectRequest {
  file: string;
  type: "JKS" | "JCEKS" | "PKCS12" | "BKS" | "UBER";
  storePassword: string | null;
  keyPasswords?: string[];
}

export interface InspectEntry {
  alias: string;
  type: string;
  creationDate?: string;
  creationDateMillis?: number;
  keyPassword?: string;
  keyAlgorithm?: string;
  pkcs8Sha256?: string;
  secretKeyAlgorithm?: string;
  secretKeySha256?: string;
  /** Absent for secret keys. */
  certChainSha256?: string[];
  certChainSubjects?: string[];
}

export interface InspectResult {
  id: string;
  javaVersion?: string;
  keyStoreType?: string;
  load: "ok" | "error";
  size?: number;
  entries?: InspectEntry[];
  exception?: string;
  message?: string;
}

const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

/** Runs Inspect.java with `jdk` over the requests; one result per request, in order. */
export function inspect(jdk: Jdk, requests: InspectRequest[]): InspectResult[] {
  const dir = mkdtempSync(join(tmpdir(), "kk-inspect-"));
  const lines: string[] = [];
  requests.forEach((request, i) => {
    lines.push(`CASE\t${i}`, `FILE\t${request.file}`, `TYPE\t${request.type}`);
    lines.push(request.storePassword === null ? "STOREPASS_NULL" : `STOREPASS\t${hex(request.storePassword)}`);
    for (const password of request.keyPasswords ?? []) lines.push(`KEYPASS\t${hex(password)}`);
    lines.push("END");
  });
  const requestFile = join(dir, "requests.txt");
  writeFileSync(requestFile, lines.join("\n") + "\n");
  if (inspectUnavailable) throw new Error(`Inspect.java cannot run: ${inspectUnavailable}`);
  const args = ["-Xmx768m", "-cp", bcprovPath, inspectSource, requestFile];
  // Both streams are captured: Java's warnings and compile errors belong in a failure message, not the test log.
  const run = spawnSync(jdk.java, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`Inspect.java exited with ${run.status ?? run.signal}: ${run.stderr}`);
  return run.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as InspectResult);
}

/** Runs keytool; returns its exit status and output. */
export function keytool(jdk: Jdk, args: string[]): { status: number; output: string } {
  const result = spawnSync(jdk.keytool, args, { encoding: "utf8" });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** The Inspect.java results saved one JSON object a line (a fixture's expected.jsonl). */
export function readInspectLines(path: string): InspectResult[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as InspectResult);
}

const KEYTOOL_TYPES: Record<string, string> = { PrivateKeyEntry: "privateKey", trustedCertEntry: "trustedCert", SecretKeyEntry: "secretKey" };

/**
 * The entries of `keytool -list` output as sorted "alias type" strings (type as the model names
 * it); of `keytool -list -v` output, with " chain N" after private keys.
 */
export function keytoolEntries(output: string): string[] {
  if (output.includes("Alias name: ")) {
    return output
      .split("Alias name: ")
      .slice(1)
      .map((block) => {
        const alias = block.slice(0, block.indexOf("\n"));
        const type = KEYTOOL_TYPES[/^Entry type: (\w+)/m.exec(block)?.[1] ?? ""] ?? "unknown";
        const chain = /^Certificate chain length: (\d+)/m.exec(block);
        return `${alias} ${type}${chain ? ` chain ${chain[1]}` : ""}`;
      })
      .sort();
  }
  return output
    .split("\n")
    .map((line) => /^(.*), [^,]+, [^,]+, (PrivateKeyEntry|trustedCertEntry|SecretKeyEntry),\s*$/.exec(line))
    .flatMap((match) => (match ? [`${match[1]} ${KEYTOOL_TYPES[match[2]!]}`] : []))
    .sort();
}
