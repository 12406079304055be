// The edit panels in the real page: add, delete, rename, then save as PKCS#12 (re-read by the
// library and, where Java is present, by Java's own KeyStore via Inspect.java); import a PEM key
// pair; generate a key pair and a CSR for it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aliasFromCertificate, decodeKeystore, parseCertificateRequest, readCertificateBundle, readCertificates, verifyCertificateRequest } from "../../src/index.js";
import { hasInspect, inspect, inspectUnavailable, jdks } from "../helpers/java.js";
import { type App, download, fixture, hasChromium, messages, openStore, rows, startApp } from "./harness.js";
import { byTestId, inPanel, openPanel, panelError, submitPanel } from "./panels-helpers.js";

const pem = (path: string) => readFileSync(fixture(path), "utf8");
const hasOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!hasChromium)("browser app: edit panels", () => {
  let app: App;
  const dir = mkdtempSync(join(tmpdir(), "kk-panels-"));
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("add (paste PEM; a duplicate is reported), delete, rename (a taken alias refused), save as PKCS#12, read back by Java", { timeout: 240_000 }, async (context) => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    const rootAlias = aliasFromCertificate(readCertificates(pem("certs/chain-root.pem"))[0]!);

    await openPanel(page, "add-certificates");
    await page.fill(byTestId("add-certificates", "input-certificates-text"), pem("certs/chain-root.pem") + pem("certs/ca.pem"));
    expect(await submitPanel(page, "add-certificates")).toBe("result");
    const added = await page.textContent(byTestId("add-certificates", "add-result"));
    expect(added).toContain(`Added 1 certificate (${rootAlias})`);
    expect(added).toContain("Certificate already exists in keystore under alias <ca>");
    await page.click(byTestId("add-certificates", "panel-cancel"));
    expect((await rows(page)).map((r) => r.alias).sort()).toEqual(["ca", "ed25519", "server", rootAlias].sort());

    await openPanel(page, "delete-entry");
    await page.selectOption(byTestId("delete-entry", "input-alias"), "server");
    expect(await submitPanel(page, "delete-entry")).toBe("closed");
    expect((await messages(page)).status).toContain("Deleted <server>");

    await openPanel(page, "rename-entry");
    await page.selectOption(byTestId("rename-entry", "input-alias"), "ed25519");
    await page.fill(byTestId("rename-entry", "input-new-alias"), "ca");
    expect(await submitPanel(page, "rename-entry")).toBe("error");
    expect(await panelError(page, "rename-entry")).toContain("Alias <ca> already exists");
    await page.fill(byTestId("rename-entry", "input-new-alias"), "EdKey");
    expect(await submitPanel(page, "rename-entry")).toBe("closed");
    const aliases = (await rows(page)).map((r) => r.alias);
    expect(aliases.sort()).toEqual(["ca", "edkey", rootAlias].sort());

    // Undo and redo go through the shell's history: the rename is one step.
    await page.click("#undo-button");
    expect((await rows(page)).map((r) => r.alias)).toContain("ed25519");
    await page.click("#redo-button");
    expect((await rows(page)).map((r) => r.alias)).toContain("edkey");

    await page.click("#save-button");
    await page.selectOption("#save-format", "PKCS12");
    const saved = await download(page, () => page.click("#save-submit"));
    const reread = decodeKeystore(saved.bytes, { password: "changeit" });
    expect(reread.format).toBe("PKCS12");
    expect(reread.aliases().sort()).toEqual(["ca", "edkey", rootAlias].sort());
    expect(errors).toEqual([]);
    await page.close();

    context.skip(!hasInspect, inspectUnavailable);
    const file = join(dir, "edited.p12");
    writeFileSync(file, saved.bytes);
    const [java] = inspect(jdks[0]!, [{ file, type: "PKCS12", storePassword: "changeit" }]);
    expect(java?.load).toBe("ok");
    expect(java?.entries?.map((e) => `${e.alias} ${e.type}`).sort()).toEqual(["ca trustedCert", "edkey trustedCert", `${rootAlias} trustedCert`].sort());
  });

  it("import a PEM key pair with its chain files; a key that does not match shows the library's KEY_MISMATCH message", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    await openPanel(page, "import-key-pair");
    await page.fill(byTestId("import-key-pair", "input-key-text"), pem("keys/ec256/pkcs8.pem"));
    await page.setInputFiles(byTestId("import-key-pair", "input-chain-file"), [fixture("keys/chain/leaf-rsa2048.pem")]);
    expect(await submitPanel(page, "import-key-pair")).toBe("error");
    expect(await panelError(page, "import-key-pair")).toContain("The private key does not match the certificate");

    await page.fill(byTestId("import-key-pair", "input-key-text"), pem("keys/rsa2048/pkcs8.pem"));
    await page.setInputFiles(byTestId("import-key-pair", "input-chain-file"), [fixture("keys/chain/root.pem"), fixture("keys/chain/leaf-rsa2048.pem"), fixture("keys/chain/inter.pem")]);
    await page.fill(byTestId("import-key-pair", "input-alias"), "imported");
    expect(await submitPanel(page, "import-key-pair")).toBe("closed");
    const row = (await rows(page)).find((r) => r.alias === "imported");
    expect(row?.type).toBe("privateKey");

    await page.click("#save-button");
    const saved = await download(page, () => page.click("#save-submit"));
    const reread = decodeKeystore(saved.bytes, { password: "changeit" });
    expect(reread.certificates("imported")).toHaveLength(3);
    expect(reread.privateKeyPkcs8("imported", "changeit")).toEqual(readPkcs8(pem("keys/rsa2048/pkcs8.pem")));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("drop a .p7b onto the add panel; import the key entries of a PKCS#12 file with its password", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    const expected = readCertificateBundle(new Uint8Array(readFileSync(fixture("keys/chain/reply-rsa2048.p7b"))));
    await openPanel(page, "add-certificates");
    await page.evaluate(
      ({ name, bytes }) => {
        const zone = document.querySelector('dialog[open] [data-testid="source-certificates"]')!;
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name));
        zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { name: "reply.p7b", bytes: Array.from(readFileSync(fixture("keys/chain/reply-rsa2048.p7b"))) },
    );
    expect(await page.textContent(byTestId("add-certificates", "source-certificates"))).toContain("Dropped: reply.p7b");
    expect(await submitPanel(page, "add-certificates")).toBe("result");
    expect(await page.textContent(byTestId("add-certificates", "add-result"))).toContain(`Added ${expected.length} certificates`);
    // The dialog took the drop: the page did not open the .p7b as a keystore.
    expect((await rows(page)).length).toBe(3 + expected.length);
    await page.click(byTestId("add-certificates", "panel-cancel"));

    const source = decodeKeystore(new Uint8Array(readFileSync(fixture("pkcs12/j17-chain.p12"))), { password: "changeit" });
    const keyAliases = source.entries().filter((e) => e.type === "privateKey").map((e) => e.alias);
    await openPanel(page, "import-key-pair");
    await page.check(byTestId("import-key-pair", "mode-pkcs12"));
    expect(await page.isVisible(byTestId("import-key-pair", "section-pem"))).toBe(false);
    await page.setInputFiles(byTestId("import-key-pair", "input-pkcs12-file"), fixture("pkcs12/j17-chain.p12"));
    await page.fill(byTestId("import-key-pair", "input-pkcs12-password"), "wrong");
    expect(await submitPanel(page, "import-key-pair")).toBe("error");
    expect(await panelError(page, "import-key-pair")).toContain("password was incorrect");
    await page.fill(byTestId("import-key-pair", "input-pkcs12-password"), "changeit");
    expect(await submitPanel(page, "import-key-pair")).toBe("closed");
    const imported = (await rows(page)).filter((r) => keyAliases.includes(r.alias));
    expect(imported.map((r) => r.type)).toEqual(keyAliases.map(() => "privateKey"));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("generate a key pair, then a CSR for it that verifies (library, and openssl req -verify where present)", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    await openPanel(page, "generate-key-pair");
    await page.fill(byTestId("generate-key-pair", "input-alias"), "app");
    await page.selectOption(byTestId("generate-key-pair", "input-key-type"), "ec-p256");
    await page.fill(byTestId("generate-key-pair", "input-dname"), "CN=app.example, O=keystorekit");
    await page.fill(byTestId("generate-key-pair", "input-san"), "dns:app.example");
    await page.fill(byTestId("generate-key-pair", "input-eku"), "serverAuth");
    expect(await submitPanel(page, "generate-key-pair")).toBe("closed");
    const row = (await rows(page)).find((r) => r.alias === "app");
    expect(row?.type).toBe("privateKey");
    expect(row?.subject).toContain("CN=app.example");

    await page.click('#toolbar [data-panel="create-csr"]');
    await page.waitForSelector(inPanel("create-csr"));
    expect(await page.inputValue(byTestId("create-csr", "input-alias"))).toBe("app");
    await page.fill(byTestId("create-csr", "input-san"), "dns:app.example");
    expect(await submitPanel(page, "create-csr")).toBe("result");
    const csr = await page.inputValue(byTestId("create-csr", "pem-output"));
    expect(csr).toMatch(/^-----BEGIN NEW CERTIFICATE REQUEST-----\n/);
    const request = parseCertificateRequest(csr);
    expect(request.subject).toBe("CN=app.example,O=keystorekit");
    expect(await verifyCertificateRequest(request)).toBe(true);
    if (hasOpenssl) {
      const file = join(dir, "app.csr");
      writeFileSync(file, csr);
      const run = spawnSync("openssl", ["req", "-in", file, "-noout", "-verify", "-text"], { encoding: "utf8" });
      expect(run.status).toBe(0);
      expect(`${run.stdout}${run.stderr}`).toMatch(/verify OK|Certificate request self-signature verify OK/);
      expect(run.stdout).toContain("DNS:app.example");
    }
    const csrDownload = await download(page, () => page.click(byTestId("create-csr", "pem-download")));
    expect(csrDownload.name).toBe("app.csr");
    expect(new TextDecoder().decode(csrDownload.bytes)).toBe(csr);
    expect(errors).toEqual([]);
    await page.close();
  });
});

function readPkcs8(text: string): Uint8Array {
  const body = text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(body, "base64"));
}
