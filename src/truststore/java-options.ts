import type { KeystoreFormat } from "../model/entry.js";
import { KeystoreError } from "../model/errors.js";

/** What a JVM needs to use a store as its trust store or key store. */
export interface JavaStoreSettings {
  /** Path of the store file. */
  path: string;
  /** Store password; omitted or empty: no password property. */
  password?: string;
  /** The store's format (decides the store type property). */
  format: KeystoreFormat;
  /** Whether the store is used as the trust store or the key store. */
  role: "truststore" | "keystore";
  /**
   * Printed instead of the password, verbatim (not quoted): a shell reference such as
   * `$STOREPASS`, so that the line can be logged without the secret.
   */
  passwordReference?: string;
  /**
   * With a hidden password: the environment variable that holds it where Java starts (`SP` for
   * `$SP`). The systemd and Kubernetes forms name it (`${SP}`, `$(SP)`), since neither runs a
   * shell; without it they use `TRUSTSTORE_PASSWORD` / `KEYSTORE_PASSWORD`.
   */
  passwordEnv?: string;
}

/**
 * Who reads the options:
 * - `args` (alias `eval`): shell words, for a command line or script (`java ARGS -jar app.jar`),
 *   `eval`, or a variable a script evals;
 * - `setenv`: a `JAVA_OPTS="$JAVA_OPTS …"` line for Tomcat's setenv.sh (catalina.sh evals it);
 * - `jdk-java-options`: an `export JDK_JAVA_OPTIONS=…` line; the java launcher splits the value
 *   itself, honouring '…' and "…";
 * - `systemd`: an `Environment="JDK_JAVA_OPTIONS=…"` line for a unit's [Service] section;
 * - `docker`: a `-e 'JDK_JAVA_OPTIONS=…'` argument for `docker run`;
 * - `kubernetes`: items of a container's `env:` list.
 */
export type JavaOptionsForm = "args" | "eval" | "setenv" | "jdk-java-options" | "systemd" | "docker" | "kubernetes";

export const JAVA_OPTIONS_FORMS: readonly JavaOptionsForm[] = ["args", "eval", "setenv", "jdk-java-options", "systemd", "docker", "kubernetes"];

/** Stable codes of what {@link javaOptionsFor} warns about. */
export type JavaOptionsWarningCode =
  /** A value needs quotes: right for a shell and eval, lost by `java $JAVA_OPTS`. */
  | "NEEDS_SHELL_QUOTING"
  /** systemd: the password is not in the line (it goes on ExecStart= as `${VAR}`). */
  | "PASSWORD_NOT_INCLUDED"
  /** The java launcher prints JDK_JAVA_OPTIONS, the password with it, on every start. */
  | "PASSWORD_PRINTED_BY_JAVA"
  /** A BKS or UBER store: Java reads it only with the BouncyCastle provider registered. */
  | "NEEDS_BOUNCYCASTLE";

export interface JavaOptionsWarning {
  code: JavaOptionsWarningCode;
  message: string;
}

export interface JavaOptionsText {
  form: JavaOptionsForm;
  /** The text for that consumer, without a final newline (several lines for systemd and Kubernetes). */
  text: string;
  warnings: JavaOptionsWarning[];
  /** With a hidden password: how the text refers to it (`$SP`, `${SP}`, `$(SP)`). */
  passwordShownAs?: string;
}

/** The `javax.net.ssl.trustStoreType` / `keyStoreType` value Java expects for a format. */
export function javaStoreType(format: KeystoreFormat): string {
  return format === "PKCS12" ? "PKCS12" : format === "JCEKS" ? "JCEKS" : format === "BKS" || format === "UBER" ? format : "JKS";
}

/**
 * The system properties line, e.g. `-Djavax.net.ssl.trustStore=/etc/app/truststore.jks
 * -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=JKS`: the `args`
 * form of {@link javaOptionsFor}. Java uses the key store password for every key in it, so a key
 * store's keys must share it.
 */
export function javaOptions(settings: JavaStoreSettings): string {
  return javaOptionsFor(settings, "args").text;
}

/** One -D property; `hidden` when the value is the password printed as a reference. */
interface Property {
  name: string;
  value: string;
  hidden: boolean;
}

function properties(settings: JavaStoreSettings): Property[] {
  const prefix = settings.role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore";
  const list: Property[] = [{ name: prefix, value: settings.path, hidden: false }];
  if (settings.password !== undefined && settings.password !== "") {
    const hidden = settings.passwordReference !== undefined;
    list.push({ name: `${prefix}Password`, value: settings.password, hidden });
  }
  list.push({ name: `${prefix}Type`, value: javaStoreType(settings.format), hidden: false });
  return list;
}

/** The options for one consumer, quoted the way that consumer parses them. */
export function javaOptionsFor(settings: JavaStoreSettings, form: JavaOptionsForm): JavaOptionsText {
  const result = formText(settings, form);
  if (settings.format === "BKS" || settings.format === "UBER") result.warnings.push(needsBouncyCastle(settings));
  return result;
}

/**
 * Java's own providers have no BKS or UBER key store type. Without BouncyCastle registered, Java 17
 * and 25 fail at the first TLS connection with "Error constructing implementation (…)", caused by
 * "problem accessing trust store" for a trust store and "BKS not found" for a key store (as
 * measured); bcprov on the class path alone is not enough.
 */
function needsBouncyCastle(settings: JavaStoreSettings): JavaOptionsWarning {
  const cause = settings.role === "truststore" ? "problem accessing trust store" : `${settings.format} not found`;
  return {
    code: "NEEDS_BOUNCYCASTLE",
    message:
      `Java reads ${settings.format} only with the BouncyCastle provider registered: bcprov on the class path and a line ` +
      `security.provider.N=org.bouncycastle.jce.provider.BouncyCastleProvider (for example in a file given with ` +
      `-Djava.security.properties=FILE). Without it Java fails with "Error constructing implementation (algorithm: Default, ` +
      `provider: SunJSSE, …)" caused by "${cause}"; or convert the store to PKCS12 (keystorekit convert).`,
  };
}

function formText(settings: JavaStoreSettings, form: JavaOptionsForm): JavaOptionsText {
  const props = properties(settings);
  const reference = settings.passwordReference ?? "";
  const envName = settings.passwordEnv ?? (settings.role === "truststore" ? "TRUSTSTORE_PASSWORD" : "KEYSTORE_PASSWORD");
  const hidden = props.some((p) => p.hidden);
  switch (form) {
    case "args":
    case "eval":
      return { form, text: shellArgs(props, reference, false), warnings: splitWarnings(props), ...(hidden ? { passwordShownAs: reference } : {}) };
    case "setenv":
      // catalina.sh runs `eval exec "\"$_RUNJAVA\"" … "$JAVA_OPTS" "$CATALINA_OPTS" …`: the value is
      // shell text, parsed once more. Escaped for the double quotes of the assignment, the reference
      // ($SP) stays in the value and is expanded by that eval.
      return {
        form,
        text: `JAVA_OPTS="$JAVA_OPTS ${shellArgs(props, reference, true).replace(/[\\"$`]/g, "\\$&")}"`,
        warnings: [],
        ...(hidden ? { passwordShownAs: reference } : {}),
      };
    case "jdk-java-options":
    case "docker": {
      const value = `JDK_JAVA_OPTIONS=${shellConcat(launcherPieces(props, { shell: reference }, "the shell"))}`;
      return {
        form,
        text: form === "docker" ? `-e ${value}` : `export ${value}`,
        warnings: hidden ? [printedByJava(reference)] : [],
        ...(hidden ? { passwordShownAs: reference } : {}),
      };
    }
    case "systemd":
      return systemdForm(props, envName);
    case "kubernetes":
      return kubernetesForm(props, envName);
  }
}

// ---- POSIX shell -------------------------------------------------------------------------------

const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

/** Quotes for a POSIX shell when needed. */
export function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Characters a shell splits or globs on in an unquoted expansion. */
const SPLIT_OR_GLOB = /[\s*?[]/;

/**
 * The -D words for a shell. The reference is printed verbatim, in double quotes when the password
 * it stands for would be split or globbed (or always, with `quoteReference`).
 */
function shellArgs(props: Property[], reference: string, quoteReference: boolean): string {
  return props
    .map((p) => {
      if (!p.hidden) return `-D${p.name}=${shellQuote(p.value)}`;
      return `-D${p.name}=${quoteReference || SPLIT_OR_GLOB.test(p.value) ? `"${reference}"` : reference}`;
    })
    .join(" ");
}

function splitWarnings(props: Property[]): JavaOptionsWarning[] {
  const quoted = props.filter((p) => (p.hidden ? SPLIT_OR_GLOB.test(p.value) : !SHELL_SAFE.test(p.value)));
  if (quoted.length === 0) return [];
  const what = quoted.map((p) => (p.name.endsWith("Password") ? "the password" : "the path")).join(" and ");
  return [
    {
      code: "NEEDS_SHELL_QUOTING",
      message: `${what[0]!.toUpperCase()}${what.slice(1)} holds a space or a shell character, so this line quotes it: paste it into a command line or script, or eval it (catalina.sh evals JAVA_OPTS). A script that runs "java $JAVA_OPTS" (unquoted) splits at every space and keeps the quotes: no quoting can carry such a value there. Use the jdk-java-options form instead (the java launcher parses quotes), or the setenv form for Tomcat.`,
    },
  ];
}

/** Shell text for the concatenation of literal pieces and `{ shell }` references (expanded in double quotes). */
function shellConcat(pieces: Piece[]): string {
  const merged = mergeLiterals(pieces);
  if (merged.length === 1 && typeof merged[0] === "string") return shellQuote(merged[0]);
  return merged.map((p) => (typeof p === "string" ? `'${p.replace(/'/g, `'\\''`)}'` : `"${p.shell}"`)).join("");
}

// ---- the java launcher (JDK_JAVA_OPTIONS) ------------------------------------------------------

/** A piece of text: literal, or the hidden password as the consumer refers to it. */
type Piece = string | { shell: string };

function mergeLiterals(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (typeof piece === "string" && typeof last === "string") out[out.length - 1] = last + piece;
    else if (piece !== "") out.push(piece);
  }
  return out;
}

/**
 * One token as the java launcher reads JDK_JAVA_OPTIONS (args.c `expand`): split at whitespace,
 * '…' or "…" anywhere in a token keep their content verbatim; there is no escape character.
 */
function launcherQuote(value: string): string {
  if (value !== "" && !/[\s'"]/.test(value)) return value;
  if (!value.includes(`"`)) return `"${value}"`;
  if (!value.includes(`'`)) return `'${value}'`;
  // Both quotes: double-quoted runs, each " in single quotes.
  return `"${value.split(`"`).join(`"'"'"`)}"`;
}

/** The quote that can hold the hidden password when it is spliced in at run time. */
function spliceQuote(password: string, consumer: string): string {
  if (!password.includes(`"`)) return `"`;
  if (!password.includes(`'`)) return `'`;
  throw new KeystoreError(
    "INVALID_ARGUMENT",
    `The password holds both ' and ": ${consumer} cannot take it from a variable through JDK_JAVA_OPTIONS (the java launcher has no escape character). Print it in clear, without a passwordReference (it is then quoted piece by piece), or use the "args" form.`,
  );
}

/** The launcher text as pieces; the hidden password becomes `reference` inside launcher quotes. */
function launcherPieces(props: Property[], reference: { shell: string }, consumer: string): Piece[] {
  const pieces: Piece[] = [];
  props.forEach((p, i) => {
    if (i > 0) pieces.push(" ");
    if (!p.hidden) pieces.push(`-D${p.name}=${launcherQuote(p.value)}`);
    else {
      const q = spliceQuote(p.value, consumer);
      pieces.push(`-D${p.name}=${q}`, reference, q);
    }
  });
  return pieces;
}

function printedByJava(reference: string): JavaOptionsWarning {
  return {
    code: "PASSWORD_PRINTED_BY_JAVA",
    message: `The java launcher prints JDK_JAVA_OPTIONS on stderr when it starts ("NOTE: Picked up JDK_JAVA_OPTIONS: …"), so the password from ${reference} ends up in the application's log.`,
  };
}

// ---- systemd -----------------------------------------------------------------------------------

/**
 * A systemd unit-file value in double quotes. systemd unquotes each word of Environment= with
 * C escapes (\\ \" \n \xNN …), then expands specifiers (%% is %); $ has no meaning there.
 */
function systemdQuote(value: string): string {
  const escaped = value.replace(/[\\"%\x00-\x1f\x7f]/g, (c) => {
    if (c === "%") return "%%";
    if (c === "\\" || c === `"`) return `\\${c}`;
    const named: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r" };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `"${escaped}"`;
}

function systemdForm(props: Property[], envName: string): JavaOptionsText {
  const hidden = props.find((p) => p.hidden);
  const shown = props.filter((p) => !p.hidden);
  const value = mergeLiterals(["JDK_JAVA_OPTIONS=", ...launcherPieces(shown, { shell: "" }, "systemd")]).join("");
  const lines = [`Environment=${systemdQuote(value)}`];
  if (!hidden) return { form: "systemd", text: lines[0]!, warnings: [] };
  // Environment= expands no variables. ExecStart= does: "${VAR}" as part of a word is replaced
  // by the exact value, whitespace included, as one argument.
  const argument = `-D${hidden.name}=\${${envName}}`;
  lines.push(
    `# The password is not in Environment= (systemd expands no variables there). Set ${envName} in a root-only`,
    `# EnvironmentFile= and add this argument to ExecStart=, after the java command:`,
    `#   ${argument}`,
  );
  return {
    form: "systemd",
    text: lines.join("\n"),
    warnings: [
      {
        code: "PASSWORD_NOT_INCLUDED",
        message: `The password is not in the Environment= line: set ${envName} in a root-only EnvironmentFile= and add ${argument} to ExecStart= (see the comment lines).`,
      },
    ],
    passwordShownAs: `\${${envName}}`,
  };
}

// ---- Kubernetes --------------------------------------------------------------------------------

/**
 * A YAML double-quoted scalar (JSON string syntax, which YAML 1.2 reads the same), for a value
 * Kubernetes expands: $(VAR) is replaced, $$ is a literal $, so every literal $ is doubled.
 */
function kubernetesString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function kubernetesForm(props: Property[], envName: string): JavaOptionsText {
  const hidden = props.some((p) => p.hidden);
  const pieces = launcherPieces(props, { shell: `$(${envName})` }, "Kubernetes").map((p) => (typeof p === "string" ? p.replace(/\$/g, "$$$$") : p.shell));
  const lines: string[] = [];
  if (hidden) {
    lines.push(
      `- name: ${kubernetesString(envName)}`,
      `  valueFrom:`,
      `    secretKeyRef:`,
      `      name: "<secret-name>" # the Secret that holds the store password`,
      `      key: "password"`,
    );
  }
  lines.push(`- name: "JDK_JAVA_OPTIONS"`, `  value: ${kubernetesString(pieces.join(""))}`);
  return {
    form: "kubernetes",
    text: lines.join("\n"),
    warnings: hidden ? [printedByJava(`the Secret (${envName})`)] : [],
    ...(hidden ? { passwordShownAs: `$(${envName})` } : {}),
  };
}
