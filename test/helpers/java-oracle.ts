import { execFileSync } from "node:child_process";
import type { Jdk } from "./java.js";

/**
 * Runs a single-file Java program that answers one line per input line (test/x509/*Oracle.java),
 * in one JVM for the whole batch, so property tests can ask Java about hundreds of inputs.
 */
export function askJava(jdk: Jdk, source: string, inputs: readonly string[]): string[] {
  const stdin = inputs.map((input) => Buffer.from(input, "utf8").toString("hex")).join("\n") + "\n";
  const output = execFileSync(jdk.java, [source], { input: stdin, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
  const lines = output.split("\n").filter((line) => line.length > 0);
  if (lines.length !== inputs.length) throw new Error(`${source} answered ${lines.length} lines for ${inputs.length} inputs`);
  return lines;
}
