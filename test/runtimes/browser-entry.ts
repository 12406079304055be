// Browser entry of the portable suite (bundled by browser.test.ts): runs it and publishes the result.
import { runPortableSuite, type SuiteResult } from "./portable-suite.js";

declare global {
  // eslint-disable-next-line no-var
  var __portableSuite: Promise<SuiteResult> | undefined;
}

const pre = document.createElement("pre");
document.body.append(pre);
globalThis.__portableSuite = runPortableSuite((line) => {
  pre.textContent += `${line}\n`;
});
