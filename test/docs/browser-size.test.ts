import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measure } from "../../scripts/bundle-size.mjs";
import { repoRoot } from "../helpers/corpus.js";

/**
 * docs/browser.md gives the size of its own example once bundled ("about N KB minified"): the
 * example (its ```js block starting `// main.js`) is bundled the way the doc says (esbuild, ESM,
 * browser, minified; gzip level 9) and both figures must be within 10% of what comes out, so it cannot go stale.
 */
describe("docs/browser.md: the example's bundle size", () => {
  it("is what the doc says", async () => {
    const doc = readFileSync(join(repoRoot, "docs", "browser.md"), "utf8");
    const example = /```js\n(\/\/ main\.js\n[\s\S]*?)```/.exec(doc)?.[1];
    const [, claim, gzipClaim] = /about (\d+) KB minified for this example, (\d+) KB gzipped/.exec(doc) ?? [];
    expect(example, "the ```js block starting // main.js").toBeDefined();
    expect(claim, 'the sentence "about N KB minified for this example, M KB gzipped"').toBeDefined();
    const { minified, gzip } = await measure({ name: "docs/browser.md example", code: example!, budget: Number.POSITIVE_INFINITY });
    const kb = minified / 1024;
    expect(Math.abs(kb - Number(claim)) / kb, `the example bundles to ${kb.toFixed(1)} KB minified; the doc says about ${claim} KB`).toBeLessThan(0.1);
    const gzipKb = gzip / 1024;
    expect(Math.abs(gzipKb - Number(gzipClaim)) / gzipKb, `${gzipKb.toFixed(1)} KB gzipped; the doc says ${gzipClaim} KB`).toBeLessThan(0.1);
  });
});
