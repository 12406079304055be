import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/index.js";
import { type App, answerPrompt, fixture, foreignRequests, hasChromium, messages, openStore, rows, startApp } from "./harness.js";

/** Each committed format, opened in the real page with the right password, a wrong one and none. */
const CASES = [
  { file: "jks/j17-trusted.jks", format: "JKS", words: "Java KeyStore (JKS)" },
  { file: "jceks/jdk17.jceks", format: "JCEKS", words: "JCEKS keystore" },
  { file: "pkcs12/j17-default.p12", format: "PKCS12", words: "PKCS#12 file" },
  { file: "bks/bc.bks", format: "BKS", words: "BouncyCastle keystore" },
  { file: "bks/bc.uber", format: "UBER", words: "BouncyCastle keystore" },
];

describe.skipIf(!hasChromium)("browser app: opening stores", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => app?.close());

  for (const { file, format, words } of CASES) {
    it(`${file}: the format in words; wrong password → Java's message and a retry; right password → every entry`, async () => {
      const { page, errors, requests } = await app.page();
      const expected = decodeKeystore(new Uint8Array(readFileSync(fixture(file))), { password: "changeit" });
      expect(await openStore(page, fixture(file), "wrong")).toBe("prompt-error");
      expect(await page.textContent("#sniffed")).toContain(words);
      expect(await page.textContent("#open-error")).toContain("Keystore was tampered with, or password was incorrect");
      // The retry: same dialog, right password.
      await page.fill("#store-password", "changeit");
      await page.click("#open-submit");
      await page.waitForSelector("#store:not([hidden]) #entries .body [role=row]");
      expect((await rows(page)).map((row) => row.alias)).toEqual(expected.aliases());
      expect(await page.textContent("#store-info")).toContain(`${format === "PKCS12" ? "PKCS#12" : format}, ${expected.size} entries`);
      expect(await page.textContent("#store-info")).toContain("Integrity verified");
      expect(await page.$("#integrity-banner")).toBeNull();
      expect(errors).toEqual([]);
      expect(foreignRequests(app, requests)).toEqual([]);
      await page.close();
    });
  }

  it("no password: read without the integrity check, and the page says so plainly (JKS, JCEKS, PKCS#12, BKS)", async () => {
    const { page, errors } = await app.page();
    for (const file of ["jks/j17-trusted.jks", "jceks/jdk17.jceks", "pkcs12/j17-default.p12", "bks/bc.bks"]) {
      const expected = decodeKeystore(new Uint8Array(readFileSync(fixture(file))));
      expect(await openStore(page, fixture(file), "")).toBe("opened");
      expect((await rows(page)).map((row) => row.alias)).toEqual(expected.aliases());
      expect(await page.textContent("#integrity-banner")).toContain("read without its integrity check");
      expect(await page.textContent("#store-info")).toContain("Read without its integrity check");
      expect((await messages(page)).status).toContain("without its integrity check");
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("UBER without a password: the library's PASSWORD_REQUIRED message, and the prompt stays for a retry", async () => {
    const { page } = await app.page();
    expect(await openStore(page, fixture("bks/bc.uber"), "")).toBe("prompt-error");
    expect(await page.textContent("#open-error")).toContain("give the store password");
    await page.close();
  });

  it("PEM opens without a prompt; a file that is no keystore is an alert", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("certs/server.pem"), "")).toBe("opened");
    expect((await rows(page)).map((row) => row.alias)).toEqual(["localhost"]);
    expect(await page.textContent("#store-info")).toContain("no integrity check");
    expect(await openStore(page, fixture("README.md"), "")).toBe("alert");
    expect((await messages(page)).alert).toContain("not a keystore format");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a file dropped anywhere on the page opens like a picked one", async () => {
    const { page, errors } = await app.page();
    const bytes = [...readFileSync(fixture("jks/j17-trusted.jks"))];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "dropped.jks"));
      const target = document.querySelector("footer")!;
      target.dispatchEvent(new DragEvent("dragenter", { bubbles: true, dataTransfer: transfer }));
      if (document.getElementById("drop")!.hidden) throw new Error("no drop overlay");
      target.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, bytes);
    expect(await answerPrompt(page, "changeit")).toBe("opened");
    expect(await page.textContent("#store-title")).toBe("dropped.jks");
    expect((await rows(page)).map((row) => row.alias)).toEqual(["ca", "ed25519", "server"]);
    expect(await page.isHidden("#drop")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the page carries the strict CSP and asks nothing of any other origin", async () => {
    const { page, requests } = await app.page();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "connect-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(requests.length).toBeGreaterThan(1);
    expect(foreignRequests(app, requests)).toEqual([]);
    await page.close();
  });
});
