// The check panels in the real page: diagnose on broken stores, "would Java trust this chain?"
// passing and failing with Java's message, a diff of two stores, and axe-core on open panel dialogs.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, fixture, hasChromium, openStore, startApp } from "./harness.js";
import { axeViolations, byTestId, closeDialog, inPanel, openPanel, submitPanel } from "./panels-helpers.js";

const pem = (path: string) => readFileSync(fixture(path), "utf8");

/** The findings the diagnose panel shows, as "severity code". */
async function findings(page: import("playwright-core").Page): Promise<string[]> {
  return page.$$eval(`${inPanel("diagnose")} [data-testid="diagnose-findings"] tbody tr`, (trs) => trs.map((tr) => `${tr.getAttribute("data-severity")} ${tr.getAttribute("data-code")}`));
}

describe.skipIf(!hasChromium)("browser app: check panels", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => app?.close());

  it("diagnose: a trust store whose only anchor is expired; a key store whose key has only a self-signed certificate", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("chains/stores/root-expired.jks"), "changeit")).toBe("opened");
    await openPanel(page, "diagnose");
    expect(await page.inputValue(byTestId("diagnose", "input-role"))).toBe("truststore");
    expect(await findings(page)).toContain("warning ANCHOR_EXPIRED");
    expect(await page.textContent(inPanel("diagnose", '[data-code="ANCHOR_EXPIRED"]'))).toContain("validity check failed");
    await closeDialog(page);

    expect(await openStore(page, fixture("jks/j17-rsa.jks"), "changeit")).toBe("opened");
    await openPanel(page, "diagnose");
    expect(await page.inputValue(byTestId("diagnose", "input-role"))).toBe("keystore");
    expect(await findings(page)).toEqual(["warning KEY_SELF_SIGNED"]);
    // The same store as a trust store: its own certificate is the anchor, and the finding goes.
    await page.selectOption(byTestId("diagnose", "input-role"), "truststore");
    expect(await findings(page)).not.toContain("warning KEY_SELF_SIGNED");
    await closeDialog(page);

    expect(await openStore(page, fixture("chains/stores/empty.jks"), "changeit")).toBe("opened");
    await openPanel(page, "diagnose");
    expect(await findings(page)).toContain("error NO_TRUST_ANCHORS");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("trust check: a chain Java trusts, one it does not (Java's message), and a host-name mismatch", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("chains/stores/root.jks"), "changeit")).toBe("opened");
    await openPanel(page, "trust-check");
    const verdict = byTestId("trust-check", "trust-verdict");
    await page.fill(byTestId("trust-check", "input-chain-text"), pem("chains/cases/leaf-intermediate.pem"));
    expect(await submitPanel(page, "trust-check")).toBe("result");
    expect(await page.getAttribute(verdict, "data-verdict")).toBe("trusted");

    await page.fill(byTestId("trust-check", "input-chain-text"), pem("chains/cases/unknown-ca.pem"));
    expect(await submitPanel(page, "trust-check")).toBe("result");
    expect(await page.getAttribute(verdict, "data-verdict")).toBe("untrusted");
    expect(await page.getAttribute(verdict, "data-code")).toBe("NO_TRUSTED_ISSUER");
    expect(await page.textContent(byTestId("trust-check", "trust-java-message"))).toContain(
      "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
    );

    await page.fill(byTestId("trust-check", "input-chain-text"), pem("chains/cases/leaf-intermediate.pem"));
    await page.fill(byTestId("trust-check", "input-host"), "other.example");
    expect(await submitPanel(page, "trust-check")).toBe("result");
    expect(await page.getAttribute(verdict, "data-code")).toBe("HOSTNAME_MISMATCH");
    expect(await page.textContent(byTestId("trust-check", "trust-java-message"))).toContain("other.example");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("diff: another store file and its password, side by side", async () => {
    const { page, errors } = await app.page();
    expect(await openStore(page, fixture("jks/j17-trusted.jks"), "changeit")).toBe("opened");
    await openPanel(page, "diff");
    await page.setInputFiles(byTestId("diff", "input-other-file"), fixture("chains/stores/root.jks"));
    await page.fill(byTestId("diff", "input-other-password"), "changeit");
    expect(await submitPanel(page, "diff")).toBe("result");
    const changes = await page.$$eval(`${inPanel("diff")} [data-testid="diff-table"] tbody tr`, (trs) => trs.map((tr) => tr.getAttribute("data-change")));
    expect(changes.filter((c) => c === "removed")).toHaveLength(3);
    expect(changes).toContain("added");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("axe-core: no serious or critical violations on open panel dialogs", async () => {
    const { page } = await app.page();
    expect(await openStore(page, fixture("jks/j17-keypass.jks"), "changeit")).toBe("opened");
    for (const id of ["add-certificates", "import-key-pair", "generate-key-pair", "diagnose", "trust-check", "change-passwords"]) {
      await openPanel(page, id);
      const serious = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious, `${id}: ${JSON.stringify(serious)}`).toEqual([]);
      await closeDialog(page);
    }
    // The check can fail: an unlabelled control put into a panel dialog is reported.
    await openPanel(page, "trust-check");
    await page.evaluate(() => document.querySelector('dialog[open] [data-panel="trust-check"]')!.append(Object.assign(document.createElement("input"), { type: "text" })));
    expect((await axeViolations(page)).map((v) => `${v.impact} ${v.id}`)).toContain("critical label");
    await page.close();
  });
});
