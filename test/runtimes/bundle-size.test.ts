import { describe, expect, it } from "vitest";
import { CASES, PKIX_PACKAGES, formatTable, measure, measureAll, type BundleResult } from "../../scripts/bundle-size.mjs";

describe("bundle-size budgets (esbuild, browser, minified + gzip)", () => {
  let results: BundleResult[] = [];

  it("measures every case within its budget and without forbidden packages", async () => {
    results = await measureAll();
    console.log(formatTable(results));
    expect(results.length).toBe(CASES.length);
    for (const r of results) {
      expect.soft(r.gzip, `${r.name}: ${r.gzip} B gzip > budget ${r.budget} B`).toBeLessThanOrEqual(r.budget);
      expect.soft(r.forbidden, r.name).toEqual([]);
    }
  });

  it("keeps pkijs/asn1js out of reading and writing JKS", () => {
    const jks = results.find((r) => r.name === "keystorekit/jks (read+write)");
    expect(jks).toBeDefined();
    for (const name of PKIX_PACKAGES) expect(jks?.loaded).not.toContain(name);
    expect(jks?.packages).toEqual(["@noble/hashes"]);
  });

  it("detects a forbidden package (the check itself works)", async () => {
    // Nothing of ours loads pkijs any more (issue 16: signatures go through WebCrypto directly).
    const r = await measure({ name: "pkijs itself", code: `export { Certificate } from "pkijs";`, budget: 1e9, forbid: ["pkijs"] });
    expect(r.forbidden).toEqual(["pkijs"]);
  });
});
