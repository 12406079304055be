import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JAVA_OPTIONS_FORMS } from "../../src/truststore/java-options.js";
import { readKeystoreFile, saveKeystoreFile } from "../../src/node/files.js";
import { cli, type CliResult } from "../cli/helpers.js";
import { repoRoot } from "../helpers/corpus.js";
import { jvmLaunch } from "../helpers/consumers.js";
import { jdks, type Jdk } from "../helpers/java.js";

/**
 * Each `java-opts --form` started for real: the text the CLI prints goes through its consumer (the
 * real sh for args/eval/setenv/jdk-java-options/docker's command line; test/helpers/consumers.ts
 * for systemd's and Kubernetes' parsing), then a real JVM starts with the arguments and
 * environment that consumer gives it. PrintProps.java prints the javax.net.ssl.* properties it
 * got and loads the store with them, as JSSE would. The store path has spaces; the passwords hold
 * $, ', ", spaces and a backslash. JDK_JAVA_OPTIONS is split by the real launcher.
 */

const fixture = join(repoRoot, "test", "fixtures", "pkcs12", "j17-trusted.p12");
const CLEAR = `p$a'ss "w\\o rd`; // typed on the command line: printed in clear
const SECRET = `it's $HOME \\ x`; // from --storepass-env SP: printed as a reference (no " : see below)

interface Printed {
  path: string | null;
  password: string | null;
  type: string | null;
  size: number;
  load: string | null;
}

const unhex = (value: string | null) => (value === null ? null : Buffer.from(value, "hex").toString("utf8"));

let classes = "";
let dir = "";
const stores: Record<"PKCS12" | "JKS", string> = { PKCS12: "", JKS: "" };

beforeAll(() => {
  if (jdks.length === 0) return;
  dir = mkdtempSync(join(tmpdir(), "kk java opts "));
  classes = join(dir, "classes");
  const javac = jdks[0]!.java.replace(/java$/, "javac");
  const compiled = spawnSync(javac, ["-d", classes, join(repoRoot, "test", "e2e", "PrintProps.java")], { encoding: "utf8" });
  if (compiled.status !== 0) throw new Error(`javac failed: ${compiled.stderr}`);
  const source = readKeystoreFile(fixture, { password: "changeit" });
  mkdirSync(join(dir, "my stores"));
  stores.PKCS12 = join(dir, "my stores", "trust store.p12");
  stores.JKS = join(dir, "my stores", "trust store.jks");
  saveKeystoreFile(stores.PKCS12, source, { format: "PKCS12", password: CLEAR });
  saveKeystoreFile(stores.JKS, source, { format: "JKS", password: SECRET });
});

/** The CLI's output for a form, computed once for all JDKs (opening the PKCS#12 costs its key derivations). */
const printedByCli = new Map<string, Promise<CliResult>>();
function javaOpts(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const key = JSON.stringify(args);
  if (!printedByCli.has(key)) printedByCli.set(key, cli(args, env));
  return printedByCli.get(key)!;
}

function startJvm(jdk: Jdk, form: string, text: string, env: Record<string, string>): { printed: Printed; stderr: string } {
  const launch = jvmLaunch(form, text, env);
  const run = spawnSync(jdk.java, [...launch.args, "-cp", classes, "PrintProps", "trustStore"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...launch.env },
  });
  expect(run.status, `${jdk.name} ${form}: ${run.stderr}`).toBe(0);
  const raw = JSON.parse(run.stdout.trim()) as Printed;
  return { printed: { ...raw, path: unhex(raw.path), password: unhex(raw.password), type: unhex(raw.type), load: unhex(raw.load) }, stderr: run.stderr };
}

describe.skipIf(jdks.length === 0)("java-opts forms start a real JVM with the right store", () => {
  for (const jdk of jdks) {
    describe(jdk.name, () => {
      it.each(JAVA_OPTIONS_FORMS)("%s, password typed on the command line (PKCS12)", async (form) => {
        const result = await javaOpts(["java-opts", stores.PKCS12, "--storepass", CLEAR, "--form", form]);
        expect(result.status, result.stderr).toBe(0);
        const { printed } = startJvm(jdk, form, result.stdout.trimEnd(), {});
        expect(printed).toEqual({ path: stores.PKCS12, password: CLEAR, type: "PKCS12", size: 2, load: "ok" });
      });

      it.each(JAVA_OPTIONS_FORMS)("%s, password from --storepass-env, never printed (JKS)", async (form) => {
        const result = await javaOpts(["java-opts", stores.JKS, "--storepass-env", "SP", "--form", form], { SP: SECRET });
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout + result.stderr).not.toContain(SECRET);
        // Where Java starts, SP holds the password: the shell's variable, systemd's
        // EnvironmentFile=, the Kubernetes Secret.
        const { printed, stderr } = startJvm(jdk, form, result.stdout.trimEnd(), { SP: SECRET });
        expect(printed).toEqual({ path: stores.JKS, password: SECRET, type: "JKS", size: 2, load: "ok" });
        // The warning says exactly when the launcher echoes the password ("NOTE: Picked up JDK_JAVA_OPTIONS: …").
        expect(stderr.includes("Picked up JDK_JAVA_OPTIONS") && stderr.includes(SECRET)).toBe(result.stderr.includes("prints JDK_JAVA_OPTIONS"));
      });
    });
  }

  it("`java $JAVA_OPTS` (unquoted) cannot carry the path with spaces: the JVM gets a broken path, as the warning says", async () => {
    const result = await cli(["java-opts", stores.PKCS12, "--storepass", CLEAR]);
    expect(result.stderr).toContain(`"java $JAVA_OPTS"`);
    const run = spawnSync("sh", ["-c", `exec "$JAVA" $JAVA_OPTS -cp "$CLASSES" PrintProps trustStore`], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", JAVA: jdks[0]!.java, JAVA_OPTS: result.stdout.trimEnd(), CLASSES: classes },
    });
    // Word splitting makes "my" and "stores/trust" … separate arguments: the launcher takes the
    // first non-option word as the main class and never reaches PrintProps.
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ClassNotFoundException|Could not find or load main class/);
  });
});
