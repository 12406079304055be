import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_BUNDLE, runCli } from "../helpers/cli-bin.js";
import { repoRoot } from "../helpers/corpus.js";
import { extractBlocks, logicalLines, simpleCommands, substitutions, type DocBlock, type DocLine } from "./doc-blocks.js";

/**
 * Every command shown in README.md and docs/*.md, run against fixtures, so that what the docs
 * say cannot drift from what the CLI does. Each doc runs in its own directory, its blocks in
 * order (a guide's later steps use the files its earlier steps made). A line passes when it exits
 * with the status the doc gives (`# exit 1` in its comment; 0 otherwise).
 *
 * A block that cannot run here (a real server, a network, a build) is marked in the doc with
 * `<!-- docs-test: skip (reason) -->` on the line before its fence; it shows up as a skipped test
 * carrying the reason. A block of any language marked `<!-- docs-test: output -->` is the stdout
 * of the command just before it, compared exactly (the doc's directory shown as /srv/app; a
 * leading `$ command` line must repeat that command). New docs are picked up automatically.
 */

const fixtures = join(repoRoot, "test", "fixtures");

/** How a placeholder file of the docs is made: a copy of a fixture, given text, or a fixture changed by the CLI. */
interface Placeholder {
  fixture?: string;
  text?: string;
  /** keystorekit commands run on the copy ({} = the copy's path). */
  setup?: string[][];
  about: string;
}

/**
 * The file names the docs use, mapped onto fixtures (store password "changeit" throughout).
 * A name a doc reads that is neither here nor made by an earlier step fails the test: add it here.
 */
const PLACEHOLDERS: Record<string, Placeholder> = {
  "truststore.jks": { fixture: "jks/j17-trusted.jks", about: "a trust store without the docs' CA (ca, server, ed25519)" },
  "truststore.p12": { fixture: "pkcs12/j17-trusted.p12", about: "a PKCS#12 trust store made by keytool" },
  "other-truststore.jks": {
    fixture: "jks/j17-trusted.jks",
    setup: [["import-cert", "-keystore", "{}", "-storepass", "changeit", "-alias", "corp-root", "-file", join(fixtures, "chains/certs/root.pem")]],
    about: "a trust store holding corp-root",
  },
  cacerts: { fixture: "jks/j25-trusted.jks", about: "stands for a copy of the JDK's cacerts (also $JAVA_HOME/lib/security/cacerts)" },
  "my-ca.pem": { fixture: "chains/certs/root.pem", about: "the CA that issued server-chain.pem" },
  "another-ca.pem": { fixture: "certs/chain-root.pem", about: "a second CA" },
  "server-chain.pem": { fixture: "chains/cases/leaf-intermediate.pem", about: "what a server sends: leaf and intermediate, issued under my-ca.pem" },
  "server.jks": {
    fixture: "jks/j17-rsa.jks",
    setup: [
      ["rename", "{}", "-alias", "rsa", "-destalias", "server", "-storepass", "changeit"],
      ["import-cert", "-keystore", "{}", "-storepass", "changeit", "-alias", "ca", "-file", join(fixtures, "certs/ca.pem")],
    ],
    about: "a key store: private key <server> (key password = store password) and trusted <ca>",
  },
  "client-keystore.jks": { fixture: "jks/j17-rsa.jks", about: "a key store with one private key" },
  "app.jks": { fixture: "jks/j17-keypass.jks", about: "a key <rsa> with its own key password keypass1, and a trusted <ca>" },
  "android.bks": { fixture: "bks/bc.bks", about: "a BouncyCastle BKS store (key password keypass)" },
  "nokeys.p12": { fixture: "pkcs12/openssl-nokeys.p12", about: "openssl pkcs12 -export -nokeys" },
  "pw.txt": { text: "changeit\n", about: "a password file" },
};

/** Where one doc's story needs another file under the same name. */
const DOC_PLACEHOLDERS: Record<string, Record<string, Placeholder>> = {
  "docs/building-a-key-store.md": {
    "client-key.pem": { fixture: "keys/rsa2048/trad.pem", about: "a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY), as cert-manager writes tls.key" },
    "client.pem": { fixture: "keys/mtls/client-rsa2048.pem", about: "its certificate, issued by ca.pem" },
    "ca.pem": { fixture: "certs/ca.pem", about: "the test CA" },
    "ca-key.pem": { fixture: "certs/ca-key.pem", about: "the test CA's key (the CA's side of a CA reply)" },
    "old.jks": {
      fixture: "jks/j17-rsa.jks",
      setup: [["rename", "{}", "-alias", "rsa", "-destalias", "client", "-storepass", "changeit"]],
      about: "a keytool JKS with a key <client> (store and key password changeit)",
    },
  },
  "docs/fixing-pkix-path-building-failed.md": {
    "server-chain.pem": { fixture: "chains/cases/unknown-ca.pem", about: "a server sending leaf and its own root, CN=Unknown Root CA (the doc's sample output)" },
  },
};

/** Environment every doc line sees; the docs name these variables. */
const ENV: Record<string, string> = { STOREPASS: "changeit", KEYPASS: "changeit", ANDROID_KEYPASS: "keypass" };

/**
 * Programs other than keystorekit that a doc line may run: only harmless ones, working on the
 * doc's own directory. Anything else is skipped with a reason (or, when it only wraps
 * `$(keystorekit …)`, just the keystorekit part is run).
 */
const HARMLESS = new Set(["export", "cp", "chmod", "cat", "sed", "awk", "sha256sum", "echo", "grep", "head", "tail", "wc", "mkdir", "ls", "diff", "cmp", "keytool", "openssl"]);
const NOT_HERE: Record<string, string> = {
  npm: "installs or runs the whole suite",
  npx: "runs a package, not a doc command",
  java: "starts an application",
  docker: "needs Docker",
  kubectl: "needs a cluster",
  systemctl: "changes the system",
  curl: "needs the network",
};
/** Subcommands of harmless programs that are not harmless here. */
const NOT_HERE_SUBCOMMANDS: Record<string, Record<string, string>> = { openssl: { s_client: "connects to a real server" } };

/** File names in a line: what the placeholder table must cover unless an earlier step made them. */
const FILE_NAME = /^(?:[\w.-]+\/)*[\w.-]+\.(?:jks|jceks|p12|pfx|pem|crt|cer|der|bks|uber|ks|keystore|store|txt|key)$|^cacerts$/;

type ArgsReader = { files: string[]; valueOf: (...names: string[]) => string[]; args: string[] };

/**
 * The files each keystorekit command writes, so they need no fixture (and none is copied over
 * the name first). A new command that creates files belongs here.
 */
const KEYSTOREKIT_WRITES: Record<string, (a: ArgsReader) => string[]> = {
  convert: ({ files }) => files.slice(1, 2),
  "export-cert": ({ valueOf }) => valueOf("-file", "--file", "-out", "--out"),
  "export-bundle": ({ valueOf }) => valueOf("-file", "--file", "-out", "--out"),
  "export-key": ({ valueOf }) => valueOf("-file", "--file", "-out", "--out"),
  "import-cert": ({ valueOf, args }) => (args.includes("--from-default") ? valueOf("-keystore", "--keystore") : []),
  genkeypair: ({ valueOf }) => valueOf("-keystore", "--keystore"),
  genseckey: ({ valueOf }) => valueOf("-keystore", "--keystore"),
  certreq: ({ valueOf }) => valueOf("-file", "--file"),
  gencert: ({ valueOf }) => valueOf("-outfile", "--outfile"),
  "import-key": ({ valueOf }) => valueOf("-keystore", "--keystore"),
  importkeystore: ({ valueOf }) => valueOf("-destkeystore", "--destkeystore"),
};

/** The file names a command writes (so they need no fixture). */
function outputsOf(program: string, args: string[], literalArgs: string[]): string[] {
  const files = literalArgs.filter((a) => FILE_NAME.test(a));
  const valueOf = (...names: string[]) => args.flatMap((a, i) => (names.includes(a) && args[i + 1] !== undefined ? [args[i + 1]!] : []));
  if (program === "keystorekit") return KEYSTOREKIT_WRITES[args[0] ?? ""]?.({ files, valueOf, args: args.slice(1) }) ?? [];
  if (program === "cp") return files.slice(-1);
  if (program === "keytool") return [...valueOf("-destkeystore"), ...(args.includes("-exportcert") ? valueOf("-file") : [])];
  return valueOf("-out", "-outfile");
}

function available(program: string): boolean {
  return spawnSync("bash", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;
}

/** What to run of a line: all of it, only its keystorekit substitutions, or nothing (with why). */
function plan(line: DocLine): { run: string[]; note?: string } | { skip: string } {
  const programs = (text: string): { program: string; args: string[] }[] => [
    ...simpleCommands(text).filter((c) => !c.program.startsWith("$(")),
    ...substitutions(text).flatMap(programs),
  ];
  let blocker: string | undefined;
  for (const { program, args } of programs(line.command)) {
    if (program === "keystorekit") continue;
    const why = NOT_HERE[program] ?? NOT_HERE_SUBCOMMANDS[program]?.[args[0] ?? ""] ?? (HARMLESS.has(program) ? (available(program) ? undefined : "not installed") : "not on the list of harmless programs");
    if (why !== undefined) {
      blocker = `${program}: ${why}`;
      break;
    }
  }
  if (blocker === undefined) return { run: [line.command] };
  const inner = substitutions(line.command).filter((s) => s.trim().startsWith("keystorekit "));
  if (inner.length > 0) return { run: inner, note: `only its keystorekit part (${blocker})` };
  return { skip: blocker };
}

interface DocRun {
  dir: string;
  /** What the last command printed, for an output block after it. */
  lastStdout?: string;
  env: Record<string, string>;
  placeholders: Record<string, Placeholder>;
}

function startDoc(file: string): DocRun {
  const root = mkdtempSync(join(tmpdir(), "kk-docs-"));
  const dir = join(root, "work");
  const bin = join(root, "bin");
  const javaHome = join(root, "jdk");
  const catalina = join(root, "catalina");
  for (const d of [dir, bin, join(javaHome, "lib", "security"), join(catalina, "bin")]) mkdirSync(d, { recursive: true });
  // `keystorekit` on PATH is the CLI bundled fresh from src (the same file runCli runs).
  writeFileSync(join(bin, "keystorekit"), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BUNDLE}' "$@"\n`);
  chmodSync(join(bin, "keystorekit"), 0o755);
  copyFileSync(join(fixtures, PLACEHOLDERS.cacerts!.fixture!), join(javaHome, "lib", "security", "cacerts"));
  return {
    dir,
    env: { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: root, JAVA_HOME: javaHome, CATALINA_BASE: catalina, LC_ALL: "C", ...ENV },
    placeholders: { ...PLACEHOLDERS, ...DOC_PLACEHOLDERS[file] },
  };
}

/** The file names a line reads and writes (literal words only). */
function filesOf(text: string): { reads: string[]; writes: string[] } {
  const reads: string[] = [];
  const writes: string[] = [];
  for (const { program, args, literalArgs, redirectOutputs } of simpleCommands(text)) {
    const outputs = new Set([...outputsOf(program, args, literalArgs), ...redirectOutputs]);
    // A file an earlier part of the line made (a && b, a | b) is not an input either.
    reads.push(...literalArgs.filter((a) => FILE_NAME.test(a) && !outputs.has(a) && !writes.includes(a)));
    writes.push(...outputs);
  }
  for (const inner of substitutions(text)) {
    const files = filesOf(inner);
    reads.push(...files.reads);
    writes.push(...files.writes);
  }
  return { reads, writes };
}

/** Puts the fixtures the line reads into the doc's directory; throws for a name nobody maps. */
function provideInputs(doc: DocRun, where: string, text: string): void {
  // A real system path would be read, or written, on the machine running the tests.
  const wordsOf = (t: string): string[] => [...simpleCommands(t).flatMap((c) => [...c.literalArgs, ...c.redirectOutputs]), ...substitutions(t).flatMap(wordsOf)];
  const absolute = wordsOf(text).find((w) => w.startsWith("/") && !w.startsWith("/dev/"));
  if (absolute !== undefined) {
    throw new Error(`${where}: absolute path "${absolute}": use a file name the docs test maps (PLACEHOLDERS in test/docs/commands.test.ts; "$JAVA_HOME/lib/security/cacerts" for the JDK's store), or mark the block <!-- docs-test: skip (reason) -->`);
  }
  for (const name of filesOf(text).reads) {
    const path = join(doc.dir, name);
    if (existsSync(path)) continue;
    const placeholder = doc.placeholders[name];
    if (!placeholder) {
      throw new Error(`${where}: unknown placeholder "${name}": add a mapping to PLACEHOLDERS in test/docs/commands.test.ts, or mark the block <!-- docs-test: skip (reason) -->`);
    }
    if (placeholder.text !== undefined) writeFileSync(path, placeholder.text);
    else copyFileSync(join(fixtures, placeholder.fixture!), path);
    for (const step of placeholder.setup ?? []) {
      const result = runCli(step.map((a) => (a === "{}" ? path : a)), { env: doc.env });
      if (result.status !== 0) throw new Error(`making ${name} failed: ${result.stderr}`);
    }
  }
}

function runLine(doc: DocRun, text: string) {
  return spawnSync("bash", ["-o", "pipefail", "-c", text], { cwd: doc.dir, env: doc.env, encoding: "utf8", input: "", timeout: 60_000 });
}

const docFiles = ["README.md", ...readdirSync(join(repoRoot, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];

// The doc lines are shell: without bash (Windows) there is nothing to run them with.
const hasBash = spawnSync("bash", ["-c", "true"], { stdio: "ignore" }).status === 0;

describe.skipIf(!hasBash)("docs: every ```sh command runs as shown", () => {
  for (const file of docFiles) {
    const blocks: DocBlock[] = extractBlocks(file, readFileSync(join(repoRoot, file), "utf8"));
    if (blocks.length === 0) continue;
    describe(file, () => {
      let doc: DocRun | undefined;
      const docRun = () => (doc ??= startDoc(file));
      afterAll(() => {
        if (doc) rmSync(join(doc.dir, ".."), { recursive: true, force: true });
      });
      let previous: { where: string; command: string; runs: boolean } | undefined;
      // Files that a skipped line would have made (and no placeholder stands for): a later line
      // reading one is skipped too, rather than failing for a reason that is not its own.
      const placeholders = { ...PLACEHOLDERS, ...DOC_PLACEHOLDERS[file] };
      const notMade = new Map<string, string>();
      const skipped = (where: string, text: string) => {
        for (const name of filesOf(text).writes) if (!placeholders[name]) notMade.set(name, where);
      };
      for (const block of blocks) {
        if (block.kind === "output") {
          const name = `${file}:${block.line} output of ${previous?.where ?? "(no command before it)"}`;
          if (block.skip !== undefined || (previous && !previous.runs)) {
            it.skip(`${name} skipped (${block.skip ?? "its command is skipped"})`, () => {});
            continue;
          }
          const command = previous?.command;
          it(`${name} is as shown`, () => {
            if (command === undefined) throw new Error(`${file}:${block.line}: a <!-- docs-test: output --> block needs a \`\`\`sh command before it`);
            let expected = block.code;
            // A leading "$ command" line repeats the command; it must be that command.
            if (expected.startsWith("$ ")) {
              const [first, ...rest] = expected.split("\n");
              expect(first!.slice(2).trim(), `${file}:${block.line}: the "$" line is not the command before it`).toBe(command);
              expected = rest.join("\n");
            }
            expect(shownAsInDocs(docRun().lastStdout ?? "", docRun().dir), `${file}:${block.line}`).toBe(expected.trimEnd());
          });
          continue;
        }
        if (block.skip !== undefined) {
          it.skip(`${file}:${block.line} block skipped (${block.skip})`, () => {});
          previous = { where: `${file}:${block.line}`, command: "", runs: false };
          for (const line of logicalLines(block)) skipped(`${file}:${line.line}`, line.command);
          continue;
        }
        for (const line of logicalLines(block)) {
          const where = `${file}:${line.line}`;
          const missing = filesOf(line.command).reads.find((name) => notMade.has(name));
          const steps = missing !== undefined ? { skip: `needs ${missing}, made by the skipped ${notMade.get(missing)}` } : plan(line);
          previous = { where, command: line.command, runs: !("skip" in steps) && steps.note === undefined };
          if ("skip" in steps) {
            it.skip(`${where} skipped (${steps.skip}): ${line.command}`, () => {});
            skipped(where, line.command);
            continue;
          }
          // What this line makes is made, also where a skipped block before it would have made it.
          for (const name of filesOf(line.command).writes) notMade.delete(name);
          it(`${where}${steps.note ? ` ${steps.note}` : ""}: ${line.command}${line.expectedStatus !== 0 ? `  # exit ${line.expectedStatus}` : ""}`, () => {
            const run = docRun();
            // An `export NAME=value …` line sets the variables for the rest of the doc.
            if (/^export\s/.test(line.command)) {
              for (const [, name, value] of line.command.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)=(\S*)/g)) run.env[name!] = value!;
            }
            for (const text of steps.run) {
              provideInputs(run, where, text);
              const result = runLine(run, text);
              run.lastStdout = result.stdout;
              const expected = steps.run.length > 1 || steps.note ? 0 : line.expectedStatus;
              expect(result.status, `${where}: ${text}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(expected);
            }
          });
        }
      }
    });
  }
});

/** Output as the docs show it: the doc's directory as /srv/app, no trailing blanks. */
function shownAsInDocs(stdout: string, dir: string): string {
  return stdout
    .split(dir)
    .join("/srv/app")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trimEnd();
}

describe("docs test: reading the blocks", () => {
  it("takes ```sh blocks only, with their skip reason, and joins continuations", () => {
    const md = [
      "text",
      "```sh",
      "keystorekit list a.jks \\",
      "  --json   # exit 1: because",
      "# a comment line",
      "",
      "```",
      "<!-- docs-test: skip (needs a server) -->",
      "",
      "```sh",
      "openssl s_client -connect x:443",
      "```",
      "```md",
      "```sh",
      "```",
      "```ts",
      "keystorekit list",
      "```",
    ].join("\n");
    const blocks = extractBlocks("x.md", md);
    expect(blocks.map((b) => [b.line, b.skip])).toEqual([
      [2, undefined],
      [10, "needs a server"],
    ]);
    expect(logicalLines(blocks[0]!)).toEqual([{ line: 3, command: "keystorekit list a.jks  --json", comment: "exit 1: because", expectedStatus: 1 }]);
  });

  it("takes a block marked as output, of any language, and no other non-sh block", () => {
    const md = ["```sh", "keystorekit list a.jks", "```", "<!-- docs-test: output -->", "```text", "Keystore: a.jks", "```", "```json", "{}", "```"].join("\n");
    expect(extractBlocks("x.md", md).map((b) => [b.kind, b.line, b.code])).toEqual([
      ["sh", 1, "keystorekit list a.jks"],
      ["output", 5, "Keystore: a.jks"],
    ]);
    expect(shownAsInDocs("Saved /tmp/kk-docs-1/work/t.jks  \n\n", "/tmp/kk-docs-1/work")).toBe("Saved /srv/app/t.jks");
  });

  it("finds the programs inside eval, pipes and $(…), and the files a line writes", () => {
    const line = `eval "docker run $(keystorekit java-opts t.p12 --form docker) img" | sha256sum > out.txt`;
    expect(simpleCommands(line).map((c) => c.program)).toEqual(["docker", "sha256sum"]);
    expect(simpleCommands(line)[1]!.redirectOutputs).toEqual(["out.txt"]);
    expect(substitutions(line)).toEqual(["keystorekit java-opts t.p12 --form docker"]);
    expect(plan({ line: 1, command: line, comment: "", expectedStatus: 0 })).toEqual({ run: ["keystorekit java-opts t.p12 --form docker"], note: "only its keystorekit part (docker: needs Docker)" });
    expect(plan({ line: 1, command: "npm test", comment: "", expectedStatus: 0 })).toEqual({ skip: "npm: installs or runs the whole suite" });
    expect(outputsOf("keystorekit", ["convert", "a.jks", "b.p12"], ["convert", "a.jks", "b.p12"])).toEqual(["b.p12"]);
    expect(filesOf(`eval "$(keystorekit java-opts t.p12 --form jdk-java-options)"`).reads).toEqual(["t.p12"]);
    expect(filesOf("keystorekit export-cert s.jks -alias a -file a.pem && cat a.pem > b.pem")).toEqual({ reads: ["s.jks"], writes: ["a.pem", "b.pem"] });
  });

  it("an unknown placeholder or a system path fails with what to do", () => {
    const run = startDoc("x.md");
    expect(() => provideInputs(run, "x.md:3", "keystorekit list nobody-maps-this.jks")).toThrow(/unknown placeholder "nobody-maps-this.jks": add a mapping .* or mark the block <!-- docs-test: skip/);
    expect(() => provideInputs(run, "x.md:4", "keystorekit import-cert -keystore /etc/ssl/certs/java/cacerts -file my-ca.pem")).toThrow(/absolute path "\/etc\/ssl\/certs\/java\/cacerts"/);
    rmSync(join(run.dir, ".."), { recursive: true, force: true });
  });
});
