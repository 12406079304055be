import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

/** list takes keytool's -v, -rfc and -alias; -cacerts is the JVM's default trust store. */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const ENV = { SP: "changeit" };

async function keyStore(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "kk-list-")), "client.p12");
  const chain = ["leaf-rsa2048.pem", "inter.pem", "root.pem"].flatMap((c) => ["--cert", join(K, "chain", c)]);
  expect((await cli(["import-key", "-keystore", file, "-alias", "client", "--key", join(K, "rsa2048", "pkcs8.pem"), ...chain, "--storepass-env", "SP"], ENV)).status).toBe(0);
  expect((await cli(["import-cert", "-keystore", file, "--storepass-env", "SP", "-alias", "ca", "-file", join(K, "chain", "root.pem")], ENV)).status).toBe(0);
  return file;
}

describe("list with keytool's options", () => {
  it("-v prints each entry in full, a key entry's whole chain numbered as keytool does", async () => {
    const file = await keyStore();
    const r = await cli(["list", "-keystore", file, "--storepass-env", "SP", "-v"], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Alias name: client\n");
    expect(r.stdout).toContain("Entry type: PrivateKeyEntry\nCertificate chain length: 3\nCertificate[1]:\nOwner: CN=leaf-rsa2048");
    expect(r.stdout).toContain("Certificate[3]:\nOwner: CN=Keys Test Root");
    expect(r.stdout).toContain("Alias name: ca\n");
    expect(r.stdout).toContain("Entry type: trustedCertEntry");
    expect(r.stdout.match(/\t SHA256: /g)).toHaveLength(4);
  });

  it("-rfc prints the certificates as PEM; -alias lists one entry (also with --json)", async () => {
    const file = await keyStore();
    const rfc = await cli(["list", "-keystore", file, "--storepass-env", "SP", "-rfc", "-alias", "client"], ENV);
    expect(rfc.status, rfc.stderr).toBe(0);
    expect(rfc.stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(rfc.stdout).not.toContain("Alias name: ca");
    const one = await cli(["list", "-keystore", file, "--storepass-env", "SP", "-alias", "CA"], ENV);
    expect(one.stdout).toContain("ca, ");
    expect(one.stdout).not.toContain("client, ");
    const json = JSON.parse((await cli(["list", "-keystore", file, "--storepass-env", "SP", "-alias", "client", "--json"], ENV)).stdout);
    expect(json.entries.map((e: { alias: string }) => e.alias)).toEqual(["client"]);
    const missing = await cli(["list", "-keystore", file, "--storepass-env", "SP", "-alias", "nobody"], ENV);
    expect(missing.status).toBe(1);
  });

  it("-cacerts opens the JVM's default trust store (JAVA_HOME), not together with -keystore", async () => {
    const javaHome = mkdtempSync(join(tmpdir(), "kk-jdk-"));
    mkdirSync(join(javaHome, "lib", "security"), { recursive: true });
    const cacerts = join(javaHome, "lib", "security", "cacerts");
    expect((await cli(["import-cert", "-keystore", cacerts, "-storetype", "JKS", "--storepass-env", "SP", "-alias", "root", "-file", join(K, "chain", "root.pem")], ENV)).status).toBe(0);
    const r = await cli(["list", "-cacerts", "--json"], { JAVA_HOME: javaHome });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: cacerts, integrity: "verified", entries: [{ alias: "root" }] });
    const both = await cli(["list", "-cacerts", "-keystore", cacerts], { JAVA_HOME: javaHome });
    expect(both.status).toBe(2);
    const added = await cli(["import-cert", "-cacerts", "-alias", "inter", "-file", join(K, "chain", "inter.pem")], { JAVA_HOME: javaHome }, { answers: ["changeit"] });
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse((await cli(["list", "-cacerts", "--json"], { JAVA_HOME: javaHome })).stdout).entries).toHaveLength(2);
  });
});
