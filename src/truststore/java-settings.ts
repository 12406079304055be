/**
 * The TLS settings a Java application actually runs with, read from where operators put them:
 * JVM options (-Djavax.net.ssl.*, from JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS or a
 * command line), Kafka client properties (ssl.truststore.*, ssl.keystore.*) and Spring Boot
 * properties (server.ssl.*, spring.ssl.bundle.jks.*). Pure parsing: paths are not opened here.
 */

/** One store as the application names it. */
export interface JavaStoreSetting {
  path: string;
  password?: string;
  /** The store type as written (JKS, PKCS12, …); absent: Java's default (pkcs12, with JKS detected too). */
  type?: string;
  /** Key password (key stores only; Kafka's ssl.key.password, Spring's key-password). */
  keyPassword?: string;
  /** Key alias (Spring's key-alias). */
  alias?: string;
}

export interface JavaTlsSettings {
  trustStore?: JavaStoreSetting;
  keyStore?: JavaStoreSetting;
  /** Where each value came from, e.g. "javax.net.ssl.trustStore" or "ssl.truststore.location". */
  sources: string[];
}

/**
 * Splits JVM options as the java launcher splits JDK_JAVA_OPTIONS (white space separates, single
 * or double quotes group) and returns the -D system properties, the last one of a name winning.
 */
export function parseJavaOptions(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const word of splitOptions(text)) {
    if (!word.startsWith("-D")) continue;
    const eq = word.indexOf("=");
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    if (name !== "") properties[name] = eq < 0 ? "" : word.slice(eq + 1);
  }
  return properties;
}

function splitOptions(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= "";
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? "") + ch;
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * The -D properties of a process environment in the order the JVM applies them: JAVA_TOOL_OPTIONS
 * first, then JDK_JAVA_OPTIONS (the launcher puts it before the command line), then JAVA_OPTS
 * (which start scripts append to the command line); later ones win.
 */
export function javaPropertiesFromEnv(env: Record<string, string | undefined>): Record<string, string> {
  return { ...parseJavaOptions(env.JAVA_TOOL_OPTIONS ?? ""), ...parseJavaOptions(env.JDK_JAVA_OPTIONS ?? ""), ...parseJavaOptions(env.JAVA_OPTS ?? "") };
}

/** javax.net.ssl.* system properties as JSSE's default SSLContext reads them. */
export function javaTlsSettings(properties: Record<string, string>): JavaTlsSettings {
  const settings: JavaTlsSettings = { sources: [] };
  for (const [role, prefix] of [["trustStore", "javax.net.ssl.trustStore"], ["keyStore", "javax.net.ssl.keyStore"]] as const) {
    const path = properties[prefix];
    if (path === undefined || path === "" || path === "NONE") continue;
    settings[role] = store(path, properties[`${prefix}Password`], properties[`${prefix}Type`]);
    settings.sources.push(...[prefix, `${prefix}Password`, `${prefix}Type`].filter((key) => properties[key] !== undefined));
  }
  return settings;
}

function store(path: string, password: string | undefined, type: string | undefined, extra: Partial<JavaStoreSetting> = {}): JavaStoreSetting {
  return { path, ...(password !== undefined ? { password } : {}), ...(type !== undefined && type !== "" ? { type } : {}), ...extra };
}

/** java.util.Properties text: `key=value`, `key: value` or `key value`, # and ! comments, \ continuations and escapes. */
export function parseProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    // An odd number of trailing backslashes continues the line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, "");
    let end = 0;
    while (end < line.length && !/[=: \t\f]/.test(line[end]!)) end += line[end] === "\\" ? 2 : 1;
    const key = unescape(line.slice(0, end));
    let rest = line.slice(end).replace(/^[ \t\f]*/, "");
    if (rest.startsWith("=") || rest.startsWith(":")) rest = rest.slice(1).replace(/^[ \t\f]*/, "");
    properties[key] = unescape(rest);
  }
  return properties;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return { t: "\t", n: "\n", r: "\r", f: "\f" }[escape] ?? escape;
  });
}

/** Kafka client (and broker) SSL properties. */
export function kafkaTlsSettings(properties: Record<string, string>): JavaTlsSettings {
  const settings: JavaTlsSettings = { sources: [] };
  const trust = properties["ssl.truststore.location"];
  if (trust) settings.trustStore = store(trust, properties["ssl.truststore.password"], properties["ssl.truststore.type"]);
  const keys = properties["ssl.keystore.location"];
  const keyPassword = properties["ssl.key.password"];
  if (keys) settings.keyStore = store(keys, properties["ssl.keystore.password"], properties["ssl.keystore.type"], keyPassword !== undefined ? { keyPassword } : {});
  settings.sources = Object.keys(properties).filter((key) => /^ssl\.(truststore|keystore|key)\./.test(key));
  return settings;
}

/**
 * Spring Boot: `server.ssl.*` (the embedded server's key store and client-auth trust store) and
 * the first `spring.ssl.bundle.jks.NAME.*` bundle (or the one named). "file:" prefixes are
 * removed; a "classpath:" location is kept as written (it is inside the application).
 */
export function springTlsSettings(properties: Record<string, string>, bundle?: string): JavaTlsSettings {
  const settings: JavaTlsSettings = { sources: [] };
  const location = (value: string | undefined) => (value?.startsWith("file:") ? value.slice(5) : value);
  const names = Object.keys(properties).map((key) => /^spring\.ssl\.bundle\.jks\.([^.]+)\./.exec(key)?.[1]).filter((n): n is string => n !== undefined);
  const name = bundle ?? names[0];
  if (name !== undefined) {
    const p = `spring.ssl.bundle.jks.${name}.`;
    const trust = location(properties[`${p}truststore.location`]);
    if (trust) settings.trustStore = store(trust, properties[`${p}truststore.password`], properties[`${p}truststore.type`]);
    const keys = location(properties[`${p}keystore.location`]);
    const extra: Partial<JavaStoreSetting> = {};
    if (properties[`${p}key.password`] !== undefined) extra.keyPassword = properties[`${p}key.password`]!;
    if (properties[`${p}key.alias`] !== undefined) extra.alias = properties[`${p}key.alias`]!;
    if (keys) settings.keyStore = store(keys, properties[`${p}keystore.password`], properties[`${p}keystore.type`], extra);
  }
  const trust = location(properties["server.ssl.trust-store"]);
  if (trust && !settings.trustStore) settings.trustStore = store(trust, properties["server.ssl.trust-store-password"], properties["server.ssl.trust-store-type"]);
  const keys = location(properties["server.ssl.key-store"]);
  if (keys && !settings.keyStore) {
    const extra: Partial<JavaStoreSetting> = {};
    if (properties["server.ssl.key-password"] !== undefined) extra.keyPassword = properties["server.ssl.key-password"]!;
    if (properties["server.ssl.key-alias"] !== undefined) extra.alias = properties["server.ssl.key-alias"]!;
    settings.keyStore = store(keys, properties["server.ssl.key-store-password"], properties["server.ssl.key-store-type"], extra);
  }
  settings.sources = Object.keys(properties).filter((key) => key.startsWith("server.ssl.") || key.startsWith("spring.ssl.bundle."));
  return settings;
}
