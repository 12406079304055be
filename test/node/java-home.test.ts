import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findDefaultTrustStore } from "../../src/node/index.js";

/** A fake JDK: <home>/bin/java and <home>/lib/security/cacerts. */
function fakeJdk(): string {
  const home = mkdtempSync(join(tmpdir(), "kk-jdk-"));
  mkdirSync(join(home, "bin"));
  mkdirSync(join(home, "lib", "security"), { recursive: true });
  writeFileSync(join(home, "bin", "java"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(home, "lib", "security", "cacerts"), "x");
  return home;
}

describe("findDefaultTrustStore and the java on PATH", () => {
  it("follows symlinks (/usr/bin/java → /etc/alternatives/java → <home>/bin/java) to the JDK's home", () => {
    const home = fakeJdk();
    const bin = mkdtempSync(join(tmpdir(), "kk-bin-"));
    const alternatives = mkdtempSync(join(tmpdir(), "kk-alt-"));
    symlinkSync(join(home, "bin", "java"), join(alternatives, "java"));
    symlinkSync(join(alternatives, "java"), join(bin, "java"));
    expect(findDefaultTrustStore({ PATH: `/no/such/dir:${bin}` })).toEqual({ path: join(home, "lib", "security", "cacerts"), source: "PATH" });
  });

  it("a JAVA_HOME without a trust store falls through to the java on PATH", () => {
    const home = fakeJdk();
    const empty = mkdtempSync(join(tmpdir(), "kk-empty-home-"));
    expect(findDefaultTrustStore({ JAVA_HOME: empty, PATH: join(home, "bin") })?.source).toBe("PATH");
  });

  it("JAVA_HOME wins over PATH", () => {
    const onPath = fakeJdk();
    const javaHome = fakeJdk();
    expect(findDefaultTrustStore({ JAVA_HOME: javaHome, PATH: join(onPath, "bin") })).toEqual({
      path: join(javaHome, "lib", "security", "cacerts"),
      source: "JAVA_HOME",
    });
  });
});
