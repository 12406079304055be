import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_BUNDLE, runCli } from "../helpers/cli-bin.js";
import { cli } from "./helpers.js";

/**
 * The key-store commands as a real process: without a terminal nothing is asked (refused with the
 * option to give instead); on a pseudo-terminal (test/helpers/tty-driver.py) keytool's questions
 * are asked and answered. Skipped without python3 or OpenSSL.
 */

const K = join(import.meta.dirname, "..", "fixtures", "keys");
const driver = join(import.meta.dirname, "..", "helpers", "tty-driver.py");
const hasPty = spawnSync("python3", ["-c", "import pty"]).status === 0;
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const ENV = { SP: "changeit" };

function onTerminal(args: string[], steps: [string, string][]) {
  const spec = JSON.stringify({ argv: [process.execPath, CLI_BUNDLE, ...args], steps });
  return spawnSync("python3", [driver, spec], { encoding: "utf8", env: { PATH: process.env.PATH }, timeout: 60_000 });
}

/** A key entry made by import-key, and a reply for it signed by a CA the store does not trust (leaf + CA). */
async function storeAndReply(dir: string) {
  const store = join(dir, "client.p12");
  expect((await cli(["import-key", "-keystore", store, "-alias", "client", "--key", join(K, "rsa2048", "pkcs8.pem"), "--cert", join(K, "rsa2048", "cert.pem"), "--storepass-env", "SP"], ENV)).status).toBe(0);
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-subj", "/CN=Prompt CA", "-days", "30", "-addext", "basicConstraints=critical,CA:true", "-out", "ca.pem");
  run("req", "-new", "-key", join(K, "rsa2048", "pkcs8.pem"), "-subj", "/CN=client", "-out", "client.csr");
  run("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "10", "-out", "leaf.pem");
  writeFileSync(join(dir, "reply.pem"), readFileSync(join(dir, "leaf.pem"), "utf8") + readFileSync(join(dir, "ca.pem"), "utf8"));
  return { store, reply: join(dir, "reply.pem") };
}

describe.skipIf(!hasOpenssl)("key-store prompts as a real process", () => {
  it("without a terminal: an untrusted reply is refused naming -noprompt/--accept-untrusted, a new password is not guessed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-prompt-"));
    const { store, reply } = await storeAndReply(dir);
    const before = readFileSync(store);
    const r = runCli(["import-cert", "-keystore", store, "--storepass-env", "SP", "-alias", "client", "-file", reply], { env: ENV });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Certificate reply was not installed in keystore");
    expect(r.stderr).toContain("(-noprompt or --accept-untrusted)");
    expect(readFileSync(store)).toEqual(before);
    const passwd = runCli(["storepasswd", "-keystore", store, "--storepass-env", "SP"], { env: ENV });
    expect(passwd.status).toBe(2);
    expect(passwd.stderr).toContain("--new-storepass-env VAR");
    expect(readFileSync(store)).toEqual(before);
  });

  it.skipIf(!hasPty)("on a terminal: keytool's \"Install reply anyway? [no]\" (no keeps the store, yes installs), passwords asked without echo", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kk-prompt-"));
    const { store, reply } = await storeAndReply(dir);
    const before = readFileSync(store);
    const no = onTerminal(["import-cert", "-keystore", store, "-alias", "client", "-file", reply], [["Enter keystore password", "changeit"], ["Install reply anyway? [no]", "no"]]);
    expect(no.status, no.stdout).toBe(1);
    expect(no.stdout).not.toContain("changeit");
    expect(readFileSync(store)).toEqual(before);
    const yes = onTerminal(["import-cert", "-keystore", store, "-alias", "client", "-file", reply], [["Enter keystore password", "changeit"], ["Install reply anyway? [no]", "yes"]]);
    expect(yes.status, yes.stdout).toBe(0);
    expect(yes.stdout).toContain("yes"); // the yes/no answer is echoed, as keytool's is
    expect(yes.stdout).toContain("Certificate reply was installed in keystore");
    const changed = onTerminal(["storepasswd", "-keystore", store], [["Enter keystore password", "changeit"], ["Enter new keystore password", "n3w-password"], ["Re-enter new password", "n3w-password"]]);
    expect(changed.status, changed.stdout).toBe(0);
    expect(changed.stdout).not.toContain("n3w-password");
    expect((await cli(["list", "-keystore", store, "--storepass", "n3w-password", "-alias", "client", "-v"])).stdout).toContain("Certificate chain length: 2");
  });
});
