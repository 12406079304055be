// The key panels in the real page, as one mutual-TLS recipe: generate a CA and a server key, a CSR
// for the server, sign it with the CA, install the reply, change the passwords, save, and read it
// back (library, and Java's KeyStore via Inspect.java where present). And the trust check in a
// page without WebCrypto: no verdict for signatures it cannot check, never a false failure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeKeystore, readCertificates } from "../../src/index.js";
import { hasInspect, inspect, inspectUnavailable, jdks } from "../helpers/java.js";
import { type App, download, fixture, hasChromium, messages, openStore, rows, startApp } from "./harness.js";
import { byTestId, closeDialog, openPanel, submitPanel } from "./panels-helpers.js";

const pem = (path: string) => readFileSync(fixture(path), "utf8");

describe.skipIf(!hasChromium)("browser app: key panels", () => {
  let app: App;
  const dir = mkdtempSync(join(tmpdir(), "kk-panels-keys-"));
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("generate a CA and a server key, CSR, sign it with the CA, install the reply, change passwords, save, read back", { timeout: 300_000 }, async (context) => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    const generate = async (alias: string, dname: string, ext: string) => {
      await openPanel(page, "generate-key-pair");
      await page.fill(byTestId("generate-key-pair", "input-alias"), alias);
      await page.selectOption(byTestId("generate-key-pair", "input-key-type"), "ec-p256");
      await page.fill(byTestId("generate-key-pair", "input-dname"), dname);
      await page.fill(byTestId("generate-key-pair", "input-ext"), ext);
      expect(await submitPanel(page, "generate-key-pair")).toBe("closed");
    };
    await generate("myca", "CN=Panel CA", "BC:c=ca:true\nKU=keyCertSign,cRLSign");
    await generate("srv", "CN=srv.example", "");

    await openPanel(page, "create-csr");
    await page.selectOption(byTestId("create-csr", "input-alias"), "srv");
    expect(await submitPanel(page, "create-csr")).toBe("result");
    const csr = await page.inputValue(byTestId("create-csr", "pem-output"));
    await closeDialog(page);

    await openPanel(page, "sign-csr");
    await page.fill(byTestId("sign-csr", "input-csr-text"), csr);
    await page.selectOption(byTestId("sign-csr", "input-ca-alias"), "myca");
    await page.fill(byTestId("sign-csr", "input-san"), "dns:srv.example");
    await page.fill(byTestId("sign-csr", "input-eku"), "serverAuth");
    expect(await submitPanel(page, "sign-csr")).toBe("result");
    const reply = await page.inputValue(byTestId("sign-csr", "pem-output"));
    expect(readCertificates(reply).map((c) => `${c.subject} < ${c.issuer}`)).toEqual(["CN=srv.example < CN=Panel CA", "CN=Panel CA < CN=Panel CA"]);
    // A tampered request is refused by the library before anything is issued.
    const lines = csr.split("\n");
    lines[3] = lines[3]!.replace(/^(.{10})(.)/, (_, head: string, c: string) => head + (c === "A" ? "B" : "A"));
    await page.fill(byTestId("sign-csr", "input-csr-text"), lines.join("\n"));
    expect(await submitPanel(page, "sign-csr")).toBe("error");
    await closeDialog(page);

    await openPanel(page, "install-ca-reply");
    await page.selectOption(byTestId("install-ca-reply", "input-alias"), "srv");
    await page.fill(byTestId("install-ca-reply", "input-reply-text"), reply);
    expect(await submitPanel(page, "install-ca-reply")).toBe("closed");
    expect((await messages(page)).status).toContain("Certificate reply was installed in keystore");
    expect((await rows(page)).find((r) => r.alias === "srv")?.issuer).toContain("CN=Panel CA");

    await openPanel(page, "change-passwords");
    await page.fill(byTestId("change-store-password", "input-store-password"), "n3wstore");
    await page.fill(byTestId("change-store-password", "input-store-password-again"), "n3wstore");
    expect(await submitPanel(page, "change-passwords", "change-store-password")).toBe("result");
    expect(await page.textContent(byTestId("change-store-password", "panel-result"))).toContain("Key <myca> keeps its key password");
    await page.selectOption(byTestId("change-key-password", "input-key-alias"), "srv");
    await page.fill(byTestId("change-key-password", "input-key-password"), "n3wstore");
    await page.fill(byTestId("change-key-password", "input-key-password-again"), "different");
    expect(await submitPanel(page, "change-passwords", "change-key-password")).toBe("error");
    await page.fill(byTestId("change-key-password", "input-key-password-again"), "n3wstore");
    expect(await submitPanel(page, "change-passwords", "change-key-password")).toBe("result");
    await closeDialog(page);

    await page.click("#save-button");
    expect(await page.inputValue("#save-password")).toBe("n3wstore");
    const saved = await download(page, () => page.click("#save-submit"));
    const reread = decodeKeystore(saved.bytes, { password: "n3wstore" });
    expect(reread.certificates("srv").map((c) => c.subject)).toEqual(["CN=srv.example", "CN=Panel CA"]);
    expect(reread.privateKeyPkcs8("srv", "n3wstore").length).toBeGreaterThan(0);
    expect(reread.privateKeyPkcs8("myca", "changeit").length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();

    context.skip(!hasInspect, inspectUnavailable);
    const file = join(dir, "mtls.jks");
    writeFileSync(file, saved.bytes);
    const [java] = inspect(jdks[0]!, [{ file, type: "JKS", storePassword: "n3wstore", keyPasswords: ["n3wstore", "changeit"] }]);
    expect(java?.load).toBe("ok");
    const srv = java?.entries?.find((e) => e.alias === "srv");
    expect(srv).toMatchObject({ type: "privateKey", keyPassword: "n3wstore", certChainSubjects: ["CN=srv.example", "CN=Panel CA"] });
    expect(java?.entries?.find((e) => e.alias === "myca")).toMatchObject({ type: "privateKey", keyPassword: "changeit" });
  });

  it("trust check without WebCrypto: EC signatures give no verdict (said plainly), RSA ones are still checked", async () => {
    const { page, errors } = await app.page({
      beforeLoad: async (p) => {
        await p.addInitScript(() => Object.defineProperty(globalThis.crypto, "subtle", { get: () => undefined, configurable: true }));
      },
    });
    expect(await openStore(page, fixture("chains/stores/root.jks"), "changeit")).toBe("opened");
    await openPanel(page, "trust-check");
    expect(await page.textContent('dialog[open] [data-panel="trust-check"] [role="note"]')).toContain("Signatures cannot be checked here");
    await page.fill(byTestId("trust-check", "input-chain-text"), pem("chains/cases/leaf-intermediate.pem"));
    expect(await submitPanel(page, "trust-check")).toBe("result");
    expect(await page.getAttribute(byTestId("trust-check", "trust-verdict"), "data-verdict")).toBe("unchecked");
    await page.fill(byTestId("trust-check", "input-chain-text"), pem("chains/cases/leaf-direct.pem"));
    expect(await submitPanel(page, "trust-check")).toBe("result");
    expect(await page.getAttribute(byTestId("trust-check", "trust-verdict"), "data-verdict")).toBe("trusted");
    expect(errors).toEqual([]);
    await page.close();
  });
});
