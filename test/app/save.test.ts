import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/index.js";
import { hasInspect, inspect, inspectUnavailable, jdks } from "../helpers/java.js";
import { type App, download, fixture, hasChromium, openStore, startApp } from "./harness.js";

const work = mkdtempSync(join(tmpdir(), "kk-app-save-"));

/** What Java sees in `bytes`: aliases with their type and chain fingerprints (or why it cannot be asked). */
function javaView(bytes: Uint8Array, name: string, storePassword: string, keyPasswords: string[] = []) {
  const file = join(work, name);
  writeFileSync(file, bytes);
  const [result] = inspect(jdks[0]!, [{ file, type: "PKCS12", storePassword, keyPasswords }]);
  expect(result!.load, result!.message).toBe("ok");
  return result!.entries!.map((entry) => ({ alias: entry.alias, type: entry.type, chain: entry.certChainSha256 ?? [], key: entry.keyAlgorithm }));
}

describe.skipIf(!hasChromium)("browser app: save", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("JKS saved as PKCS#12 (java profile) under a new name; Java reads what was downloaded", async (context) => {
    const { page, errors } = await app.page();
    const file = fixture("jks/j17-trusted.jks");
    const original = decodeKeystore(new Uint8Array(readFileSync(file)), { password: "changeit" });
    expect(await openStore(page, file, "changeit")).toBe("opened");
    await page.click("#save-button");
    await page.waitForSelector("#save-form");
    expect(await page.inputValue("#save-format")).toBe("JKS");
    expect(await page.inputValue("#save-name")).toBe("j17-trusted.jks");
    await page.selectOption("#save-format", "PKCS12");
    expect(await page.inputValue("#save-name")).toBe("j17-trusted.p12");
    expect(await page.inputValue("#save-profile")).toBe("java");
    expect(await page.isHidden("#save-warning")).toBe(true);
    const saved = await download(page, () => page.click("#save-submit"));
    expect(saved.name).toBe("j17-trusted.p12");
    const reread = decodeKeystore(saved.bytes, { password: "changeit" });
    expect(reread.format).toBe("PKCS12");
    expect(reread.integrity).toBe("verified");
    const chains = (store: typeof original) => store.aliases().map((alias) => [alias, store.entry(alias).type, store.certificates(alias).map((c) => c.sha256)]);
    expect(chains(reread)).toEqual(chains(original));
    expect(errors).toEqual([]);

    context.skip(!hasInspect, inspectUnavailable);
    const java = javaView(saved.bytes, "j17-trusted.p12", "changeit");
    expect(java.map((entry) => [entry.alias, entry.type, entry.chain]).sort()).toEqual(chains(original).sort());
    await page.close();
  });

  it("a key pair store saved with the legacy profile: the weak-profile warning, then Java opens the key with its password", async (context) => {
    const { page } = await app.page();
    const file = fixture("../app/fixtures/explorer.p12");
    const original = decodeKeystore(new Uint8Array(readFileSync(file)), { password: "changeit" });
    expect(await openStore(page, file, "changeit")).toBe("opened");
    await page.click("#save-button");
    await page.selectOption("#save-profile", "java-legacy");
    expect(await page.textContent("#save-warning")).toContain("Weak: 3DES keys, RC2-40 certificates and a SHA-1 MAC");
    await page.selectOption("#save-profile", "passwordless");
    expect(await page.textContent("#save-warning")).toContain("anyone can read and change the certificates");
    await page.selectOption("#save-profile", "java-legacy");
    await page.fill("#save-name", "legacy.pfx");
    const saved = await download(page, () => page.click("#save-submit"));
    expect(saved.name).toBe("legacy.pfx");
    const reread = decodeKeystore(saved.bytes, { password: "changeit" });
    expect(reread.privateKeyPkcs8("web", "changeit")).toEqual(original.privateKeyPkcs8("web", "changeit"));

    context.skip(!hasInspect, inspectUnavailable);
    const java = javaView(saved.bytes, "legacy.pfx", "changeit", ["changeit"]);
    expect(java.find((entry) => entry.alias === "web")).toMatchObject({ type: "privateKey", key: "RSA", chain: original.certificates("web").map((c) => c.sha256) });
    expect(java.find((entry) => entry.alias === "ca")?.type).toBe("trustedCert");
    await page.close();
  });

  it("a store opened without a password asks for one before saving", async () => {
    const { page } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "")).toBe("opened");
    await page.click("#save-button");
    expect(await page.inputValue("#save-password")).toBe("");
    await page.click("#save-submit");
    expect(await page.textContent("#save-error")).toContain("Give a store password");
    await page.fill("#save-password", "n3w-secret");
    const saved = await download(page, () => page.click("#save-submit"));
    expect(decodeKeystore(saved.bytes, { password: "n3w-secret" }).integrity).toBe("verified");
    await page.close();
  });
});
