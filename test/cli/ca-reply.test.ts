import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jdks } from "../helpers/java.js";
import { cli } from "./helpers.js";

/**
 * The CA-reply flow as keytool users run it: keytool -genkeypair, keytool -certreq, OpenSSL signs,
 * keystorekit import-cert installs the reply; keytool (17 and 25) lists the chain. Skipped
 * without a JDK or OpenSSL.
 */

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const jdk = jdks[0];
const ENV = { SP: "changeit" };
const K = join(import.meta.dirname, "..", "fixtures", "keys");

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A CA (OpenSSL) and a keytool key pair in `type` with its CSR signed by the CA: reply.pem (leaf), chain.pem (leaf + CA), reply.p7b. */
function setUp(type: string) {
  const dir = mkdtempSync(join(tmpdir(), "kk-reply-"));
  const store = join(dir, `client.${type.toLowerCase()}`);
  run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-subj", "/CN=Reply Test CA", "-days", "30", "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign", "-out", "ca.pem"], dir);
  const keytool = (...args: string[]) => run(jdk!.keytool, [...args, "-keystore", store, "-storetype", type, "-storepass", "changeit"], dir);
  keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=client", "-keypass", "changeit");
  keytool("-certreq", "-alias", "client", "-file", "client.csr");
  run("openssl", ["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "10", "-out", "reply.pem"], dir);
  writeFileSync(join(dir, "chain.pem"), readFileSync(join(dir, "reply.pem"), "utf8") + readFileSync(join(dir, "ca.pem"), "utf8"));
  run("openssl", ["crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "reply.p7b"], dir);
  run("openssl", ["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"], dir);
  return { dir, store, file: (name: string) => join(dir, name) };
}

function keytoolList(store: string, type: string): string[] {
  return jdks.map((j) => execFileSync(j.keytool, ["-list", "-v", "-keystore", store, "-storetype", type, "-storepass", "changeit", "-alias", "client"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

const importReply = (store: string, file: string, ...more: string[]) => cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "client", "-file", file, ...more], ENV);

describe.skipIf(!jdk || !hasOpenssl)("import-cert installs a CA reply on a key entry, as keytool does", () => {
  it.each(["PKCS12", "JKS"])("a one-certificate reply is completed from the store's trusted CA (%s)", async (type) => {
    const { store, file } = setUp(type);
    const before = readFileSync(store);
    const noCa = await importReply(store, file("reply.pem"), "--json");
    expect(noCa.status).toBe(1);
    expect(JSON.parse(noCa.stdout).error).toMatchObject({ code: "UNTRUSTED" });
    expect(noCa.stderr).toContain("Failed to establish chain from reply");
    expect(readFileSync(store)).toEqual(before);
    expect((await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "reply-ca", "-file", file("ca.pem")], ENV)).status).toBe(0);
    const r = await importReply(store, file("reply.pem"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Certificate reply was installed in keystore");
    expect(r.stdout).toContain(`-Djavax.net.ssl.keyStore=${store}`);
    expect(r.stdout).not.toContain("trustStore");
    for (const listing of keytoolList(store, type)) {
      expect(listing).toContain("Entry type: PrivateKeyEntry");
      expect(listing).toContain("Certificate chain length: 2");
      expect(listing.match(/Issuer: (.*)/g)).toEqual(["Issuer: CN=Reply Test CA", "Issuer: CN=Reply Test CA"]);
    }
  });

  it("a reply with its CA (PEM chain or PKCS#7) whose CA is not trusted: refused without a terminal, asked on one, installed with -noprompt", async () => {
    const { store, file } = setUp("PKCS12");
    const before = readFileSync(store);
    const refused = await importReply(store, file("chain.pem"));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("Certificate reply was not installed in keystore");
    expect(refused.stderr).toContain("--accept-untrusted");
    expect(readFileSync(store)).toEqual(before);
    const no = await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "client", "-file", file("chain.pem")], ENV, { answers: [""] });
    expect(no.status).toBe(1);
    expect(no.prompts).toEqual(["... is not trusted. Install reply anyway? [no]:  "]);
    expect(readFileSync(store)).toEqual(before);
    const yes = await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "client", "-file", file("reply.p7b")], ENV, { answers: ["yes"] });
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.stdout).toContain("Certificate reply was installed in keystore");
    for (const listing of keytoolList(store, "PKCS12")) expect(listing).toContain("Certificate chain length: 2");
    const again = setUp("JKS");
    const r = await importReply(again.store, again.file("reply.p7b"), "-noprompt", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ installed: true, alias: "client", chain: [{ subject: "CN=client" }, { subject: "CN=Reply Test CA" }] });
    for (const listing of keytoolList(again.store, "JKS")) expect(listing).toContain("Certificate chain length: 2");
  });

  it("-trustcacerts completes a one-certificate reply from the JVM's cacerts (JAVA_HOME)", async () => {
    const { store, file, dir } = setUp("PKCS12");
    const javaHome = join(dir, "jdk");
    mkdirSync(join(javaHome, "lib", "security"), { recursive: true });
    const cacerts = join(javaHome, "lib", "security", "cacerts");
    expect((await cli(["import-cert", "-keystore", cacerts, "-storetype", "JKS", "--storepass-env", "SP", "-alias", "reply-ca", "-file", file("ca.pem")], ENV)).status).toBe(0);
    const without = await importReply(store, file("reply.pem"));
    expect(without.status).toBe(1);
    const r = await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "client", "-file", file("reply.pem"), "-trustcacerts", "--json"], { ...ENV, JAVA_HOME: javaHome });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ installed: true, completedFrom: ["CN=Reply Test CA"] });
  });

  it("a reply for another key is refused and the store is unchanged byte for byte; a file with a private key points to import-key", async () => {
    const { store, file, dir } = setUp("PKCS12");
    run("openssl", ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-subj", "/CN=client", "-out", "other.csr"], dir);
    run("openssl", ["x509", "-req", "-in", "other.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "10", "-out", "other.pem"], dir);
    const before = readFileSync(store);
    const r = await importReply(store, file("other.pem"), "-noprompt", "--json");
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe("KEY_MISMATCH");
    expect(r.stderr).toContain("Public keys in reply and keystore don't match");
    expect(readFileSync(store)).toEqual(before);
    const withKey = await importReply(store, join(K, "rsa2048", "pkcs8.pem"));
    expect(withKey.status).toBe(1);
    expect(withKey.stderr).toContain("contains a private key");
    expect(withKey.stderr).toContain("keystorekit import-key");
    const derKey = await importReply(store, join(K, "ec256", "pkcs8.der"));
    expect(derKey.status).toBe(1);
    expect(derKey.stderr).toContain("contains a private key");
    // A DER certificate is still a certificate.
    const der = await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "der-ca", "-file", file("ca.der")], ENV);
    expect(der.status, der.stderr).toBe(0);
    expect(readFileSync(store)).not.toEqual(before);
    const afterDer = readFileSync(store);
    expect((await importReply(store, join(K, "rsa2048", "trad.der"))).status).toBe(1);
    expect(readFileSync(store)).toEqual(afterDer);
    // A new alias keeps the trusted-certificate behaviour.
    const trusted = await cli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "ca", "-file", join(K, "chain", "root.pem")], ENV);
    expect(trusted.stdout).toContain("Certificate was added to keystore as <ca>");
  });
});
