import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JAVA_OPTIONS_FORMS, javaOptions, javaOptionsFor, type JavaOptionsForm, type JavaStoreSettings } from "../../src/index.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { jvmArguments, jvmLaunch, kubernetesEnv, launcherArgs, systemdEnvironment } from "../helpers/consumers.js";

/**
 * Every form of the Java options, read back the way its consumer reads it (test/helpers/consumers.ts:
 * the real sh, and ports of the java launcher's, systemd's and Kubernetes' parsers): the JVM must
 * end with exactly -D<property>=<value> for the path, password and type, whatever they hold.
 */

const SP = `it's $HOME \\ "x"`;
const settings = (over: Partial<JavaStoreSettings> = {}): JavaStoreSettings => ({
  path: "/srv/my app/trust store.p12",
  password: `p$a'ss w\\rd`,
  format: "PKCS12",
  role: "truststore",
  ...over,
});
const hidden = (password: string): Partial<JavaStoreSettings> => ({ password, passwordReference: "$SP", passwordEnv: "SP" });

function expected(s: JavaStoreSettings): string[] {
  const prefix = s.role === "truststore" ? "javax.net.ssl.trustStore" : "javax.net.ssl.keyStore";
  return [`-D${prefix}=${s.path}`, ...(s.password ? [`-D${prefix}Password=${s.password}`] : []), `-D${prefix}Type=${s.format === "PKCS12" ? "PKCS12" : "JKS"}`].sort();
}

/** The JVM's -D arguments, sorted: order does not matter to Java (systemd puts the password on ExecStart=, after JDK_JAVA_OPTIONS). */
const jvmArgsOf = (form: JavaOptionsForm, s: JavaStoreSettings, env: Record<string, string> = {}) =>
  jvmArguments(jvmLaunch(form, javaOptionsFor(s, form).text, env)).sort();

describe("javaOptionsFor: what each consumer gets", () => {
  it("args keeps today's words for a plain path, and javaOptions is the args form", () => {
    const plain = settings({ path: "/etc/app/truststore.p12", password: "changeit" });
    expect(javaOptionsFor(plain, "args")).toEqual({
      form: "args",
      text: "-Djavax.net.ssl.trustStore=/etc/app/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12",
      warnings: [],
    });
    expect(javaOptions(plain)).toBe(javaOptionsFor(plain, "args").text);
    expect(javaOptionsFor(plain, "eval").text).toBe(javaOptionsFor(plain, "args").text);
  });

  it("args warns that a quoted path cannot go through `java $JAVA_OPTS`", () => {
    const result = javaOptionsFor(settings(), "args");
    expect(result.warnings.map((w) => w.code)).toEqual(["NEEDS_SHELL_QUOTING"]);
    expect(result.warnings[0]!.message).toContain("the jdk-java-options form");
    // What such a script does: the quotes stay, the path is cut at the space.
    const split = jvmLaunch("args", `$KK`, { KK: result.text }).args;
    expect(split).not.toContain(`-Djavax.net.ssl.trustStore=${settings().path}`);
    expect(split[0]).toBe(`-Djavax.net.ssl.trustStore='/srv/my`);
  });

  it("each form gives the JVM the exact values (path with spaces, password with $ ' \" \\ and spaces)", () => {
    const s = settings({ password: `p$a'ss "w\\o rd` });
    for (const form of JAVA_OPTIONS_FORMS) expect(jvmArgsOf(form, s), form).toEqual(expected(s));
  });

  it("with a hidden password each form refers to it in its consumer's own syntax, and never prints it", () => {
    const s = settings(hidden(SP.replace(/"/g, "")));
    const shownAs: Record<string, string> = {};
    for (const form of JAVA_OPTIONS_FORMS) {
      const result = javaOptionsFor(s, form);
      expect(result.text, form).not.toContain(s.password);
      shownAs[form] = result.passwordShownAs!;
      expect(jvmArgsOf(form, s, { SP: s.password! }), form).toEqual(expected(s));
    }
    expect(shownAs).toEqual({ args: "$SP", eval: "$SP", setenv: "$SP", "jdk-java-options": "$SP", docker: "$SP", systemd: "${SP}", kubernetes: "$(SP)" });
  });

  it("jdk-java-options is an export line whose value the launcher splits with its quotes", () => {
    const text = javaOptionsFor(settings({ password: "changeit" }), "jdk-java-options").text;
    expect(text).toBe(`export JDK_JAVA_OPTIONS='-Djavax.net.ssl.trustStore="/srv/my app/trust store.p12" -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12'`);
    expect(launcherArgs(`-Da="b c"'d "e' f`)).toEqual([`-Da=b cd "e`, "f"]);
  });

  it("setenv appends to JAVA_OPTS and defers $SP to catalina.sh's eval", () => {
    const text = javaOptionsFor(settings(hidden("secret word")), "setenv").text;
    expect(text).toBe(`JAVA_OPTS="$JAVA_OPTS -Djavax.net.ssl.trustStore='/srv/my app/trust store.p12' -Djavax.net.ssl.trustStorePassword=\\"\\$SP\\" -Djavax.net.ssl.trustStoreType=PKCS12"`);
  });

  it("systemd escapes \\ \" and % (a specifier) and puts a hidden password on ExecStart= as ${VAR}", () => {
    const shown = javaOptionsFor(settings({ path: `/srv/100%/a "b"`, password: "changeit" }), "systemd");
    expect(shown.text).toBe(`Environment="JDK_JAVA_OPTIONS=-Djavax.net.ssl.trustStore='/srv/100%%/a \\"b\\"' -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12"`);
    expect(systemdEnvironment(shown.text.slice("Environment=".length)).JDK_JAVA_OPTIONS).toBe(`-Djavax.net.ssl.trustStore='/srv/100%/a "b"' -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12`);
    const secret = javaOptionsFor(settings(hidden("s3cret")), "systemd");
    expect(secret.text.split("\n")[0]).not.toContain("Password=");
    expect(secret.text.split("\n").slice(1).join("\n")).toContain("#   -Djavax.net.ssl.trustStorePassword=${SP}");
    expect(secret.warnings.map((w) => w.code)).toEqual(["PASSWORD_NOT_INCLUDED"]);
  });

  it("kubernetes: a secretKeyRef item with a placeholder name, then JDK_JAVA_OPTIONS with $(VAR); literal $ doubled", () => {
    const result = javaOptionsFor(settings({ path: "/srv/$(HOME)/t.p12", ...hidden("s3cret") }), "kubernetes");
    expect(kubernetesEnv(result.text)).toEqual([
      { name: "SP", secret: { name: "<secret-name>", key: "password" } },
      { name: "JDK_JAVA_OPTIONS", value: `-Djavax.net.ssl.trustStore=/srv/$$(HOME)/t.p12 -Djavax.net.ssl.trustStorePassword="$(SP)" -Djavax.net.ssl.trustStoreType=PKCS12` },
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(["PASSWORD_PRINTED_BY_JAVA"]);
    const noEnv = javaOptionsFor(settings({ role: "keystore", password: "x", passwordReference: "<password>" }), "kubernetes");
    expect(kubernetesEnv(noEnv.text)[0]!.name).toBe("KEYSTORE_PASSWORD");
  });

  it("a hidden password with both ' and \" cannot be spliced into JDK_JAVA_OPTIONS: typed refusal", () => {
    for (const form of ["jdk-java-options", "docker", "kubernetes"] as const) {
      let error: unknown;
      try {
        javaOptionsFor(settings(hidden(`a'b"c`)), form);
      } catch (e) {
        error = e;
      }
      expect(isKeystoreError(error, "INVALID_ARGUMENT"), form).toBe(true);
    }
    // Shown, it is quoted piece by piece.
    expect(jvmArgsOf("docker", settings({ password: `a'b"c` }))).toEqual(expected(settings({ password: `a'b"c` })));
  });
});

describe("javaOptionsFor (property): random paths and passwords round-trip through every consumer", () => {
  const alphabet = fc.constantFrom(..."aZ09 /._-'\"$\\%`*?[]{}()!#&;|<>~=,@+é€\t\n".split(""));
  const path = fc.string({ unit: alphabet, minLength: 1, maxLength: 24 }).map((p) => `/${p}`);
  const password = fc.string({ unit: alphabet, maxLength: 16 });

  it("shown in clear", () => {
    fc.assert(
      fc.property(path, password, fc.constantFrom<"truststore" | "keystore">("truststore", "keystore"), (p, pw, role) => {
        const s = settings({ path: p, password: pw, role, format: "JKS" });
        for (const form of JAVA_OPTIONS_FORMS) expect(jvmArgsOf(form, s), form).toEqual(expected(s));
      }),
      { numRuns: 40 },
    );
  });

  it("hidden behind $SP", () => {
    fc.assert(
      fc.property(path, password.filter((pw) => pw !== ""), (p, pw) => {
        const s = settings({ path: p, ...hidden(pw) });
        for (const form of JAVA_OPTIONS_FORMS) {
          const bothQuotes = pw.includes(`'`) && pw.includes(`"`);
          if (bothQuotes && ["jdk-java-options", "docker", "kubernetes"].includes(form)) {
            expect(() => javaOptionsFor(s, form)).toThrow(/both ' and "/);
            continue;
          }
          const text = javaOptionsFor(s, form).text;
          if (pw.length > 3) expect(text, form).not.toContain(pw);
          expect(jvmArgsOf(form, s, { SP: pw }), form).toEqual(expected(s));
        }
      }),
      { numRuns: 40 },
    );
  });
});
