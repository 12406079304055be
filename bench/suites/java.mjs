// Java's own KeyStore, timed in-process by bench/java/JksBench.java (one JVM per Java found; JIT
// warmup happens inside the JVM, so start-up is not counted). Looks at JAVA_HOME, `java` on PATH,
// and /usr/lib/jvm/* (for example a Temurin 25 next to the system's Java 17).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const name = "java";
const HARNESS = fileURLToPath(new URL("../java/JksBench.java", import.meta.url));

function which(command) {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** The distinct Java launchers on this machine, with their major version. */
export function findJavas() {
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(`${process.env.JAVA_HOME}/bin/java`);
  const onPath = which("java");
  if (onPath) candidates.push(onPath);
  if (existsSync("/usr/lib/jvm")) {
    for (const dir of readdirSync("/usr/lib/jvm").sort()) candidates.push(`/usr/lib/jvm/${dir}/bin/java`);
  }
  const seen = new Map();
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if ([...seen.values()].some((java) => java.real === real)) continue;
    const probe = spawnSync(candidate, ["-version"], { encoding: "utf8" });
    const match = /version "([^"]+)"/.exec(probe.stderr ?? "");
    if (!match) continue;
    const version = match[1];
    const major = version.startsWith("1.") ? version.split(".")[1] : version.split(/[.+-]/)[0];
    const label = `java-${major}`;
    if (!seen.has(label)) seen.set(label, { label, version, path: candidate, real });
  }
  return [...seen.values()];
}

export function available() {
  return findJavas().length > 0 ? true : "no java found (JAVA_HOME, PATH, /usr/lib/jvm)";
}

/** Runs the harness once per JVM over every input; returns result rows like the in-process suites. */
export function runExternal(inputs, { maxRuns = 1000, log = () => {} } = {}) {
  const rows = [];
  // One JVM per Java and (password, store type).
  const groups = new Map();
  for (const input of inputs) {
    const key = `${input.format}\u0000${input.password}`;
    groups.set(key, [...(groups.get(key) ?? []), input]);
  }
  for (const java of findJavas()) {
    for (const group of groups.values()) {
      const { password, format } = group[0];
      log(`  ${java.label} (${java.version}) ${format}: ${group.map((input) => input.name).join(", ")}`);
      const files = group.map((input) => input.path);
      let output;
      try {
        output = execFileSync(java.path, ["-Xmx4g", `-Dbench.type=${format}`, HARNESS, files[0], password, String(maxRuns), ...files.slice(1)], {
          encoding: "utf8",
          maxBuffer: 16 * 1024 * 1024,
          stdio: ["ignore", "pipe", "inherit"],
        });
      } catch (error) {
        for (const input of group) rows.push({ input: input.name, impl: java.label, op: "load", skip: `harness failed: ${error.message.split("\n")[0]}` });
        continue;
      }
      for (const line of output.split("\n").filter(Boolean)) {
        const result = JSON.parse(line);
        const input = group.find((candidate) => candidate.path === result.file);
        // Java writes its own default (the "java" profile): not comparable with another profile's save.
        if (result.op === "save-java" && input.profile !== "java") continue;
        rows.push({ input: input.name, impl: java.label, op: result.op, medianMs: result.medianMs, p90Ms: result.p90Ms, minMs: result.minMs, runs: result.runs });
      }
    }
  }
  return rows;
}

export function versions() {
  return Object.fromEntries(findJavas().map((java) => [java.label, java.version]));
}
