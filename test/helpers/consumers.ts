import { spawnSync } from "node:child_process";

/**
 * How each consumer of `java-opts` output parses it, so that tests can check a form's text the
 * way its reader does. The shell is the real /bin/sh; the others are ports of their parsers:
 * - the java launcher's JDK_JAVA_OPTIONS split: `expand()` in OpenJDK's libjli/args.c (checked
 *   against real JVMs in test/e2e/java-opts-jvm.test.ts);
 * - systemd's Environment=: `config_parse_environ` in src/core/load-fragment.c, that is
 *   `extract_first_word(EXTRACT_CUNESCAPE|EXTRACT_UNQUOTE)` per word, then specifiers (%%);
 * - Kubernetes' env value: a YAML double-quoted scalar (JSON syntax) and `$(VAR)` expansion from
 *   third_party/forked/golang/expansion (`$$` is `$`, an unknown `$(X)` stays as it is).
 */

/** The words a POSIX shell makes of `script` run with `env`: each "$@" after the script ran. */
export function shellWords(script: string, env: Record<string, string> = {}): string[] {
  const run = spawnSync("sh", ["-c", `${script}\nprintf '%s\\0' "$@"`], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  if (run.status !== 0) throw new Error(`sh failed (${run.status}): ${run.stderr}`);
  const words = run.stdout.split("\0");
  words.pop();
  return words;
}

/** The value of a variable after a shell ran `script`. */
export function shellVariable(script: string, name: string, env: Record<string, string> = {}): string {
  const run = spawnSync("sh", ["-c", `${script}\nprintf '%s' "$${name}"`], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  if (run.status !== 0) throw new Error(`sh failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

const C_SPACE = /[ \t\n\v\f\r]/;

/** The arguments the java launcher makes of a JDK_JAVA_OPTIONS value (args.c `expand`). */
export function launcherArgs(value: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && C_SPACE.test(value[i]!)) i++;
    if (i >= value.length) break;
    let arg = "";
    while (i < value.length && !C_SPACE.test(value[i]!)) {
      const c = value[i]!;
      if (c === `"` || c === `'`) {
        const end = value.indexOf(c, i + 1);
        if (end < 0) throw new Error("launcher: unbalanced quote");
        arg += value.slice(i + 1, end);
        i = end + 1;
      } else {
        arg += c;
        i++;
      }
    }
    args.push(arg);
  }
  return args;
}

const C_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };

/** The assignments systemd reads from one `Environment=` right-hand side. */
export function systemdEnvironment(rvalue: string): Record<string, string> {
  const env: Record<string, string> = {};
  let i = 0;
  const n = rvalue.length;
  for (;;) {
    while (i < n && /[ \t\n\r]/.test(rvalue[i]!)) i++;
    if (i >= n) break;
    let word = "";
    let quote: string | null = null;
    for (; i < n; i++) {
      const c = rvalue[i]!;
      if (c === "\\") {
        const next = rvalue[i + 1];
        if (next === undefined) throw new Error("systemd: trailing backslash");
        if (next === "x") {
          word += String.fromCharCode(parseInt(rvalue.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (C_ESCAPES[next] !== undefined) {
          word += C_ESCAPES[next];
          i++;
        } else throw new Error(`systemd: unknown escape \\${next}`);
      } else if (quote !== null) {
        if (c === quote) quote = null;
        else word += c;
      } else if (c === `"` || c === `'`) quote = c;
      else if (/[ \t\n\r]/.test(c)) break;
      else word += c;
    }
    if (quote !== null) throw new Error("systemd: unbalanced quote");
    if (/%[^%]/.test(word.replace(/%%/g, ""))) throw new Error(`systemd: unexpanded specifier in ${word}`);
    const expanded = word.replace(/%%/g, "%");
    const eq = expanded.indexOf("=");
    if (eq <= 0) throw new Error(`systemd: not an assignment: ${expanded}`);
    env[expanded.slice(0, eq)] = expanded.slice(eq + 1);
  }
  return env;
}

/** Kubernetes' expansion of an env value: `$(NAME)` from `vars`, `$$` → `$`. */
export function kubernetesExpand(input: string, vars: Record<string, string>): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === "$" && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let read: string;
      let advance = 1;
      if (rest[0] === "$") read = "$";
      else if (rest[0] === "(") {
        const close = rest.indexOf(")");
        if (close > 0) {
          const name = rest.slice(1, close);
          read = vars[name] ?? `$(${name})`;
          advance = close + 1;
        } else read = "$(";
      } else read = `$${rest[0]}`;
      out += read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

/** The env items of the `kubernetes` form: literal values and secretKeyRef names. */
export function kubernetesEnv(text: string): { name: string; value?: string; secret?: { name: string; key: string } }[] {
  const items: { name: string; value?: string; secret?: { name: string; key: string } }[] = [];
  const scalar = (line: string, key: string) => {
    const match = new RegExp(`^\\s*-?\\s*${key}: ("(?:[^"\\\\]|\\\\.)*")(?:\\s+#.*)?$`).exec(line);
    if (!match) throw new Error(`kubernetes: expected ${key}: "…" in ${line}`);
    return JSON.parse(match[1]!) as string;
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith("- name: ")) throw new Error(`kubernetes: expected an item: ${line}`);
    const name = scalar(line, "name");
    if (lines[i + 1]?.startsWith("  value: ")) {
      items.push({ name, value: scalar(lines[i + 1]!, "value") });
      i += 1;
    } else {
      if (lines[i + 1] !== "  valueFrom:" || lines[i + 2] !== "    secretKeyRef:") throw new Error(`kubernetes: expected valueFrom.secretKeyRef after ${line}`);
      items.push({ name, secret: { name: scalar(lines[i + 3]!, "name"), key: scalar(lines[i + 4]!, "key") } });
      i += 4;
    }
  }
  return items;
}

/** What a JVM started through a form gets: its arguments and the environment its consumer sets. */
export interface JvmLaunch {
  args: string[];
  env: Record<string, string>;
}

/**
 * How each form's consumer starts Java, given the environment where it runs (`env`: the shell's
 * variables, systemd's EnvironmentFile=, the Kubernetes Secret values by env name).
 */
export function jvmLaunch(form: string, text: string, env: Record<string, string>): JvmLaunch {
  switch (form) {
    case "args":
      return { args: shellWords(`set -- ${text}`, env), env: {} };
    case "eval":
      // eval "exec java $(keystorekit java-opts …) …"
      return { args: shellWords(`eval "set -- $KK_TEXT"`, { ...env, KK_TEXT: text }), env: {} };
    case "setenv":
      // catalina.sh sources setenv.sh, then runs: eval exec "\"$_RUNJAVA\"" … "$JAVA_OPTS" "$CATALINA_OPTS" …
      return { args: shellWords(`JAVA_OPTS=\nCATALINA_OPTS=\n${text}\neval set -- "$JAVA_OPTS" "$CATALINA_OPTS"`, env), env: {} };
    case "jdk-java-options":
      return { args: [], env: { JDK_JAVA_OPTIONS: shellVariable(text, "JDK_JAVA_OPTIONS", env) } };
    case "docker": {
      const words = shellWords(`set -- ${text}`, env);
      if (words.length !== 2 || words[0] !== "-e" || !words[1]!.startsWith("JDK_JAVA_OPTIONS=")) throw new Error(`docker: unexpected words ${JSON.stringify(words)}`);
      return { args: [], env: { JDK_JAVA_OPTIONS: words[1]!.slice("JDK_JAVA_OPTIONS=".length) } };
    }
    case "systemd": {
      const [first, ...comments] = text.split("\n");
      if (!first!.startsWith("Environment=")) throw new Error(`systemd: expected Environment=: ${first}`);
      const unitEnv = systemdEnvironment(first!.slice("Environment=".length));
      const args: string[] = [];
      for (const line of comments) {
        if (!line.startsWith("#")) throw new Error(`systemd: unexpected line ${line}`);
        // The ExecStart= argument the comment asks for: ${VAR} in a word is the variable's exact value.
        const argument = /^#\s+(-D\S+)$/.exec(line)?.[1];
        if (argument) args.push(argument.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? ""));
      }
      return { args, env: unitEnv };
    }
    case "kubernetes": {
      const vars: Record<string, string> = {};
      for (const item of kubernetesEnv(text)) {
        if (item.secret) {
          const secret = env[item.name];
          if (secret === undefined) throw new Error(`kubernetes: no Secret value for ${item.name}`);
          vars[item.name] = secret;
        } else vars[item.name] = kubernetesExpand(item.value!, vars);
      }
      return { args: [], env: vars };
    }
    default:
      throw new Error(`unknown form ${form}`);
  }
}

/** The arguments the JVM ends with: JDK_JAVA_OPTIONS (as the launcher splits it) then the command line. */
export function jvmArguments(launch: JvmLaunch): string[] {
  const fromEnv = launch.env.JDK_JAVA_OPTIONS;
  return [...(fromEnv !== undefined ? launcherArgs(fromEnv) : []), ...launch.args];
}
