// jks-js (JKS to PEM converter, read-only): parseJks verifies the store digest when given the
// password; toPem also renders PEM and decrypts keys. It cannot write stores.
import { createRequire } from "node:module";
import { nodeMemory } from "../lib/memory.mjs";

const require = createRequire(import.meta.url);
export const name = "jks-js";
let jks;

export function available() {
  try {
    jks = require("jks-js");
    return true;
  } catch {
    return "jks-js is not installed (npm install)";
  }
}

/** Memory of one parseJks of each JKS input, in a fresh process. */
export function memory(inputs) {
  return inputs.filter((input) => input.format === "JKS").map((input) => nodeMemory(name, input));
}

/** jks-js toPem merges entries with Object.assign in a reduce: quadratic; 10,000 entries take ~35 s. */
const TO_PEM_MAX_ENTRIES = 1_000;

export function cases(input, { bytes, slow }) {
  if (input.format !== "JKS") return []; // a JKS reader only
  const { password } = input;
  const list = [{ op: "load", fn: () => jks.parseJks(bytes, password) }];
  const entries = input.entries ?? 0;
  if (entries > TO_PEM_MAX_ENTRIES && !slow) {
    list.push({ op: "to-pem", skip: `quadratic in the entry count (>30 s at 10k); run with --slow` });
  } else {
    list.push({ op: "to-pem", fn: () => jks.toPem(bytes, password), timing: { minRuns: 1 } });
  }
  if (input.kind === "keys") {
    list.push({
      op: "decrypt-keys",
      setup: () => jks.parseJks(bytes, password),
      fn: (entries) => entries.filter((entry) => entry.protectedPrivateKey).map((entry) => jks.decrypt(entry.protectedPrivateKey, password)),
    });
  }
  list.push({ op: "parse-certs", skip: "jks-js has no certificate parser (parseJks keeps the DER; toPem only base64-encodes it)" });
  list.push({ op: "save", skip: "jks-js cannot write keystores" });
  return list;
}
