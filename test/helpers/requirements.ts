import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What the skippable test groups need from the machine, how to tell it is missing, and how to get
 * it: the skip summary `npm test` ends with (test/skip-reporter.ts). No vitest import here: the
 * reporter runs in vitest's main process, not in a test worker.
 *
 * A group is recognised by its gate in the test file's source (`markers`: the helper values the
 * tests skip on, such as `jdks` or `hasOpenssl`); a file whose skipped tests reference a missing
 * requirement's marker is counted under it.
 */
export interface Requirement {
  /** "no Java", as the summary says it. */
  missing: string;
  /** How to enable the group. */
  enable: string;
  /** Identifiers of the gate, in the test files that skip on it. */
  markers: RegExp;
  /** True when the machine has it. */
  available: () => boolean;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const sharedRoot = process.env.KEYSTOREKIT_SHARED ? resolve(process.env.KEYSTOREKIT_SHARED) : resolve(repoRoot, "../shared");
const runs = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore", timeout: 20_000 }).status === 0;
const once = (probe: () => boolean) => {
  let value: boolean | undefined;
  return () => (value ??= probe());
};
const temurin = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
const hasJava = once(() => runs("java", ["-version"]) || (existsSync(temurin) && runs(temurin, ["-version"])));
const runtime = (name: string) => once(() => [join(repoRoot, "node_modules/.bin", name), name].some((bin) => runs(bin, ["--version"])));

export const REQUIREMENTS: readonly Requirement[] = [
  {
    missing: "no Java",
    enable: "install a JDK 17+ (java and keytool on PATH; Temurin 25 in /usr/lib/jvm is used too)",
    markers: /\bjdks?\b|\bkeytool\b|\b(require|has)Inspect\b|\binspectUnavailable\b/,
    available: hasJava,
  },
  {
    missing: "no BouncyCastle",
    enable: "apt-get install libbcprov-java, or set BCPROV to bcprov.jar",
    markers: /\b(require|has)Inspect\b|\binspectUnavailable\b|\bbcprov/,
    available: once(() => existsSync(process.env.BCPROV ?? "/usr/share/java/bcprov.jar")),
  },
  {
    missing: "no ../shared",
    enable: "put the shared corpus beside the checkout as ../shared, or set KEYSTOREKIT_SHARED",
    markers: /\bhasCorpus\b|\bcorpusRoot\b|\bsharedRoot\b|\binspectSource\b|\b(require|has)Inspect\b/,
    available: once(() => existsSync(join(sharedRoot, "peer-corpus", "manifest.json"))),
  },
  {
    missing: "no Chromium",
    enable: "apt-get install chromium, or set CHROMIUM_PATH",
    markers: /\bhasChromium\b/,
    available: once(() => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")),
  },
  { missing: "no openssl", enable: "install OpenSSL 3 (openssl on PATH)", markers: /\bhasOpenssl\b/, available: once(() => runs("openssl", ["version"])) },
  {
    missing: "no strace",
    enable: "apt-get install strace, where ptrace is allowed",
    markers: /\bhasStrace\b/,
    available: once(() => runs("strace", ["-qq", "-o", "/dev/null", "-e", "trace=getpid", "-e", "inject=getpid:retval=7", "true"])),
  },
  { missing: "no Deno", enable: "npm install (the deno devDependency), or deno on PATH", markers: /findRuntime\("deno"\)/, available: runtime("deno") },
  { missing: "no Bun", enable: "npm install (the bun devDependency), or bun on PATH", markers: /findRuntime\("bun"\)/, available: runtime("bun") },
  {
    missing: "no build",
    enable: "npm run build",
    markers: /\bbuilt\b|\bdistIsCurrent\b|dist\/cli\/main\.js/,
    available: once(() => existsSync(join(repoRoot, "dist/entries/jks.js"))),
  },
  { missing: "not root", enable: "run as root (ownership and other-user tests)", markers: /\bisRoot\b|\bnobodyCanRun\b/, available: () => process.getuid?.() === 0 },
  { missing: "no python3 pty", enable: "install python3", markers: /\bhasPty\b/, available: once(() => runs("python3", ["-c", "import pty"])) },
];

/** One test file's skipped tests, with its source (to find the gates it uses). */
export interface SkippedModule {
  file: string;
  skipped: number;
  source: string;
}

/**
 * The one line: which groups were skipped, why, and how to enable each. Files whose skips no
 * missing requirement explains are counted as chosen skips (it.skip, `docs-test: skip`, …).
 */
export function skipSummary(modules: readonly SkippedModule[], requirements: readonly Requirement[] = REQUIREMENTS): string {
  const withSkips = modules.filter((m) => m.skipped > 0);
  const total = withSkips.reduce((sum, m) => sum + m.skipped, 0);
  if (total === 0) return "Skipped: nothing.";
  const groups = new Map<Requirement, { files: number; tests: number }>();
  let unexplained = 0;
  for (const module of withSkips) {
    const missing = requirements.filter((r) => r.markers.test(module.source) && !r.available());
    if (missing.length === 0) unexplained += module.skipped;
    for (const requirement of missing) {
      const group = groups.get(requirement) ?? { files: 0, tests: 0 };
      group.files += 1;
      group.tests += module.skipped;
      groups.set(requirement, group);
    }
  }
  const parts = [...groups].map(([r, g]) => `${r.missing} (${g.files} file${g.files === 1 ? "" : "s"}; to enable: ${r.enable})`);
  if (unexplained > 0) parts.push(`${unexplained} skipped on purpose or by the test's own condition`);
  return `Skipped ${total} test${total === 1 ? "" : "s"} in ${withSkips.length} file${withSkips.length === 1 ? "" : "s"}: ${parts.join("; ")}.`;
}
