import { existsSync, readdirSync, realpathSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/** Where the JVM's default trust store was found. */
export interface DefaultTrustStore {
  /** Path of the trust store file (jssecacerts or cacerts). */
  path: string;
  /** How it was found: from JAVA_HOME, from the `java` on PATH, or a usual system location. */
  source: "JAVA_HOME" | "PATH" | "system";
}

/**
 * The trust store a JVM uses when `javax.net.ssl.trustStore` is not set, as Java's
 * TrustStoreManager picks it: `<java.home>/lib/security/jssecacerts` if it exists, otherwise
 * `cacerts`. The JVM is the one JAVA_HOME names, else the `java` on PATH, else the usual install
 * locations (Debian's /etc/ssl/certs/java/cacerts, RHEL's /etc/pki/java/cacerts, /usr/lib/jvm/*,
 * macOS's JavaVirtualMachines).
 */
export function findDefaultTrustStore(env: Readonly<Record<string, string | undefined>> = process.env): DefaultTrustStore | null {
  if (env.JAVA_HOME) {
    const found = storeInJavaHome(env.JAVA_HOME);
    if (found) return { path: found, source: "JAVA_HOME" };
  }
  const java = findOnPath("java", env.PATH ?? "");
  if (java) {
    // bin/java → the home; a JDK 8 layout may resolve into jre/bin/java.
    const home = dirname(dirname(safeRealpath(java)));
    const found = storeInJavaHome(home);
    if (found) return { path: found, source: "PATH" };
  }
  for (const candidate of systemCandidates()) {
    if (existsSync(candidate)) return { path: candidate, source: "system" };
  }
  return null;
}

function storeInJavaHome(home: string): string | null {
  for (const dir of [join(home, "lib", "security"), join(home, "jre", "lib", "security")]) {
    for (const name of ["jssecacerts", "cacerts"]) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

function findOnPath(command: string, pathVariable: string): string | null {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    for (const name of process.platform === "win32" ? [`${command}.exe`] : [command]) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function systemCandidates(): string[] {
  const list = ["/etc/ssl/certs/java/cacerts", "/etc/pki/java/cacerts", "/etc/pki/ca-trust/extracted/java/cacerts"];
  for (const root of ["/usr/lib/jvm", "/Library/Java/JavaVirtualMachines"]) {
    let names: string[] = [];
    try {
      names = readdirSync(root).sort().reverse(); // newest-looking first
    } catch {
      continue;
    }
    for (const name of names) {
      const home = root.startsWith("/Library") ? join(root, name, "Contents", "Home") : join(root, name);
      list.push(join(home, "lib", "security", "cacerts"), join(home, "jre", "lib", "security", "cacerts"));
    }
  }
  return list;
}
