import { afterEach, describe, expect, test, vi } from "vitest";
import { decodeKeystore, encodeKeystore, Keystore, TrustStore } from "../../src/index.js";
import { checkTrust, diffRows, findingsFor, NO_WEBCRYPTO_MESSAGE, openOther } from "../../app/src/actions/checks.js";
import { changeKeyPassword, changeStorePassword } from "../../app/src/actions/passwords.js";
import { fixture, fixtureText, opened } from "./actions-helpers.js";

afterEach(() => vi.unstubAllGlobals());

describe("diagnose", () => {
  test("a trust store whose only anchor is expired: ANCHOR_EXPIRED with Java's message", () => {
    const findings = findingsFor(opened("chains/stores/root-expired.jks"), "truststore");
    const expired = findings.find((f) => f.code === "ANCHOR_EXPIRED");
    expect(expired).toMatchObject({ severity: "warning", message: expect.stringContaining("validity check failed"), aliases: expect.any(Array) });
    expect(findings.map((f) => f.code)).not.toContain("NO_TRUST_ANCHORS");
  });

  test("an empty trust store; a key store whose key has only a self-signed certificate", () => {
    expect(findingsFor(opened("chains/stores/empty.jks"), "truststore")[0]).toMatchObject({ code: "NO_TRUST_ANCHORS", severity: "error", message: expect.stringContaining("trustAnchors parameter must be non-empty") });
    const findings = findingsFor(opened("jks/j17-rsa.jks"), "keystore");
    expect(findings.map((f) => f.code)).toEqual(["KEY_SELF_SIGNED"]);
    expect(findingsFor(opened("jks/j17-rsa.jks"), "truststore").map((f) => f.code)).not.toContain("KEY_SELF_SIGNED");
  });
});

describe("trust check", () => {
  const root = () => opened("chains/stores/root.jks").store;

  test("a chain Java trusts, and ones it does not, with Java's message", async () => {
    expect(await checkTrust(root(), fixtureText("chains/cases/leaf-intermediate.pem"))).toMatchObject({ kind: "verdict", result: { trusted: true, code: "TRUSTED" } });
    const unknown = await checkTrust(root(), fixtureText("chains/cases/unknown-ca.pem"));
    expect(unknown).toMatchObject({ kind: "verdict", result: { trusted: false, code: "NO_TRUSTED_ISSUER", javaMessage: expect.stringContaining("unable to find valid certification path to requested target") } });
  });

  test("the host field runs Java's host-name check", async () => {
    const answer = await checkTrust(root(), fixtureText("chains/cases/leaf-intermediate.pem"), { host: "no-such-host.example" });
    expect(answer).toMatchObject({ kind: "verdict", result: { trusted: false, code: "HOSTNAME_MISMATCH" } });
  });

  test("without WebCrypto, EC signatures are not checked: no verdict rather than a false failure", async () => {
    vi.stubGlobal("crypto", {});
    expect(await checkTrust(root(), fixtureText("chains/cases/leaf-intermediate.pem"))).toEqual({ kind: "unchecked", message: NO_WEBCRYPTO_MESSAGE });
    // RSA signatures are checked by the library's own code: still a real verdict.
    expect(await checkTrust(root(), fixtureText("chains/cases/leaf-direct.pem"))).toMatchObject({ kind: "verdict", result: { trusted: true } });
  });
});

describe("diff", () => {
  test("added, removed and changed rows", async () => {
    const mine = new Keystore({ format: "JKS" });
    const theirs = new Keystore({ format: "JKS" });
    const a = new TrustStore(mine);
    const b = new TrustStore(theirs);
    a.add(fixtureText("certs/ca.pem"), { alias: "ca" });
    a.add(fixtureText("certs/server.pem"), { alias: "server" });
    b.add(fixtureText("certs/ca.pem"), { alias: "server" }); // "server" now holds another certificate
    b.add(fixtureText("certs/ed25519.pem"), { alias: "ed", allowDuplicate: true });
    const other = await openOther(encodeKeystore(theirs, { format: "PKCS12", password: "secret" }), "secret");
    const { rows } = diffRows(mine, other);
    expect(rows.map((r) => [r.change, r.alias])).toEqual([["removed", "server"], ["added", "ed"], ["changed", "server"]]);
    await expect(openOther(encodeKeystore(theirs, { format: "JKS", password: "secret" }), "wrong")).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});

describe("passwords", () => {
  test("PKCS#12: a new store password re-protects the keys with it", async () => {
    const draft = opened("pkcs12/j17-chain.p12");
    await changeStorePassword(draft, "n3wpassword");
    expect(draft.password).toBe("n3wpassword");
    const bytes = encodeKeystore(draft.store, { format: "PKCS12", password: draft.password! });
    const reread = decodeKeystore(bytes, { password: "n3wpassword" });
    for (const entry of reread.entries().filter((e) => e.type === "privateKey")) expect(reread.privateKeyPkcs8(entry.alias, "n3wpassword").length).toBeGreaterThan(0);
    await expect(changeStorePassword(draft, "short")).rejects.toThrow("Keystore password is too short - must be at least 6 characters");
  });

  test("JKS: keys keep their password, recorded and named; a key password changes after opening the key", async () => {
    const draft = opened("jks/j17-rsa.jks");
    const notes = await changeStorePassword(draft, "n3wpassword");
    expect(notes[0]).toMatch(/^Key <rsa> keeps its key password/);
    expect(draft.keyPasswords.get("rsa")).toBe("changeit");
    await expect(changeKeyPassword(draft, "rsa", "keypass2", "wrong")).rejects.toMatchObject({ code: "WRONG_KEY_PASSWORD" });
    await changeKeyPassword(draft, "rsa", "keypass2");
    expect(draft.keyPasswords.get("rsa")).toBe("keypass2");
    const keyPasswords = Object.fromEntries(draft.keyPasswords);
    const reread = decodeKeystore(encodeKeystore(draft.store, { format: "JKS", password: draft.password!, keyPasswords }), { password: "n3wpassword" });
    expect(reread.privateKeyPkcs8("rsa", "keypass2").length).toBeGreaterThan(0);
    await expect(changeKeyPassword(opened("pkcs12/j17-chain.p12"), "root", "another1")).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });
});
