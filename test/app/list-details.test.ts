import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/index.js";
import { type App, fixture, hasChromium, openStore, rows, startApp } from "./harness.js";

const explorer = fixture("../app/fixtures/explorer.p12");

describe.skipIf(!hasChromium)("browser app: list and details", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => app?.close());

  it("columns: alias, type, subject, issuer, expiry, short SHA-256, key algorithm and size; expired marked", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("pkcs12/j17-trusted.p12"), "changeit")).toBe("opened");
    const store = decodeKeystore(new Uint8Array(readFileSync(fixture("pkcs12/j17-trusted.p12"))), { password: "changeit" });
    const shown = await rows(page);
    expect(shown.map((row) => row.alias)).toEqual(store.aliases());
    for (const row of shown) {
      const leaf = store.certificates(row.alias)[0]!;
      expect(row.subject).toBe(leaf.subject);
      expect(row.issuer).toBe(leaf.issuer);
      expect(row.expiry.slice(0, 10)).toBe(leaf.notAfter.toISOString().slice(0, 10));
      expect(row.sha256).toBe(leaf.sha256.slice(0, 16));
    }
    expect(await page.getAttribute("#entries", "aria-rowcount")).toBe(String(store.size + 1));

    expect(await openStore(page, fixture("../app/fixtures/explorer.p12"), "changeit")).toBe("opened");
    const web = (await rows(page)).find((row) => row.alias === "web")!;
    expect(web).toMatchObject({ type: "privateKey", typeLabel: "key pair", key: "RSA 2048", subject: "C=DE,O=keystorekit,CN=www.example.test" });
    expect((await rows(page)).find((row) => row.alias === "ca")!.key).toBe("EC P-256");

    // An expired certificate carries the mark.
    expect(await openStore(page, fixture("tls/expired.pem"), "")).toBe("opened");
    expect((await rows(page))[0]!.expiry).toContain("expired");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("filter by alias, subject or fingerprint; sort by a column header (aria-sort)", async () => {
    const { page } = await app.page();
    const file = fixture("jceks/jdk17.jceks");
    const store = decodeKeystore(new Uint8Array(readFileSync(file)), { password: "changeit" });
    expect(await openStore(page, file, "changeit")).toBe("opened");

    await page.fill("#search", "aes");
    expect((await rows(page)).map((row) => row.alias)).toEqual(store.aliases().filter((alias) => alias.includes("aes")));
    expect(await page.textContent("#count")).toBe(`2 of ${store.size} shown`);
    await page.fill("#search", "keystorekit fixture ca");
    expect((await rows(page)).map((row) => row.alias)).toEqual(["ca"]);
    const caSha = store.certificates("ca")[0]!.sha256;
    await page.fill("#search", caSha.slice(0, 12).toUpperCase().match(/../g)!.join(":"));
    expect((await rows(page)).map((row) => row.alias)).toEqual(["ca"]);
    await page.fill("#search", "");
    expect((await rows(page)).length).toBe(store.size);

    await page.click('#entries [role=columnheader][data-column="alias"] button');
    expect(await page.getAttribute('#entries [role=columnheader][data-column="alias"]', "aria-sort")).toBe("ascending");
    expect((await rows(page)).map((row) => row.alias)).toEqual(store.aliases().slice().sort((a, b) => a.localeCompare(b)));
    await page.click('#entries [role=columnheader][data-column="alias"] button');
    expect(await page.getAttribute('#entries [role=columnheader][data-column="alias"]', "aria-sort")).toBe("descending");
    expect((await rows(page)).map((row) => row.alias)).toEqual(store.aliases().slice().sort((a, b) => b.localeCompare(a)));
    await page.click('#entries [role=columnheader][data-column="type"] button');
    expect(await page.getAttribute('#entries [role=columnheader][data-column="alias"]', "aria-sort")).toBe("none");
    const types = (await rows(page)).map((row) => row.type);
    expect(types).toEqual(types.slice().sort());
    await page.close();
  });

  it("keyboard: arrows move the selection, Enter opens the details", async () => {
    const { page } = await app.page();
    const file = fixture("jceks/jdk17.jceks");
    const store = decodeKeystore(new Uint8Array(readFileSync(file)), { password: "changeit" });
    expect(await openStore(page, file, "changeit")).toBe("opened");
    await page.focus("#entries");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const selected = (await rows(page)).filter((row) => row.selected).map((row) => row.alias);
    expect(selected).toEqual([store.aliases()[1]]);
    expect(await page.getAttribute("#entries", "aria-activedescendant")).toBe("entry-row-1");
    await page.keyboard.press("End");
    expect((await rows(page)).find((row) => row.selected)!.alias).toBe(store.aliases().at(-1));
    await page.keyboard.press("Enter");
    await page.waitForSelector("#details:not([hidden])");
    expect(await page.textContent("#details-title")).toContain(store.aliases().at(-1)!);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("details");
    await page.close();
  });

  it("details: the whole chain and each certificate's decoded extensions, PEM copy and download, Java's trusted attribute", async () => {
    const { page, context } = { ...(await app.page()), context: app.context };
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    expect(await openStore(page, explorer, "changeit")).toBe("opened");
    await page.click('#entries [data-alias="web"]');
    await page.waitForSelector("#details:not([hidden])");
    const text = (await page.textContent("#details"))!;
    expect(text).toContain("Certificate 1 of 2 (leaf)");
    expect(text).toContain("Certificate 2 of 2");
    for (const expected of [
      "DNS:www.example.test", "IP:192.0.2.7", "email:ops@example.test", "URI:https://example.test/id",
      "Key Usage (critical)", "digitalSignature", "keyEncipherment",
      "serverAuth", "clientAuth", "CA: no (end entity)", "CA: yes, path length ≤ 0", "keyCertSign", "cRLSign",
      "Subject Key Identifier", "key id ", "CA Issuers: URI:http://pki.example.test/ca.crt", "OCSP: URI:http://ocsp.example.test",
      "URI:http://pki.example.test/ca.crl", "1.3.6.1.4.1.55555.1.1, CPS https://pki.example.test/cps", "2.23.140.1.2.2 (CA/B organization validated)",
      "SHA256withECDSA", "RSA 2048", "EC P-256", "1F:2E:3D:4C:5B:6A",
    ]) expect(text).toContain(expected);
    const store = decodeKeystore(new Uint8Array(readFileSync(explorer)), { password: "changeit" });
    const leaf = store.certificates("web")[0]!;
    expect(text).toContain(leaf.sha256.toUpperCase().match(/../g)!.join(":"));
    expect(text).toContain(leaf.sha1.toUpperCase().match(/../g)!.join(":"));
    expect(text).toContain("A key entry");

    // Copy and Download give the certificate's PEM.
    await page.click("#details .cert [data-action=copy-pem]");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(leaf.toPem());
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#details .cert [data-action=download-pem]")]);
    expect(download.suggestedFilename()).toBe("web-1.pem");
    expect(readFileSync((await download.path())!, "utf8")).toBe(leaf.toPem());

    await page.click('#entries [data-alias="ca"]');
    expect(await page.textContent("#details")).toContain("Has Java's trusted-certificate attribute");
    await page.close();
  });
});
