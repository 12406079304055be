// keystorekit without node:crypto: the same calls as suites/keystorekit.mjs with the native-digest
// switch off (setNativeDigest(null)), so the JKS store digest and certificate fingerprints run in
// pure JS (@noble/hashes), as in a runtime without node:crypto. The switch is turned off inside
// each timed call and back on after it (two assignments), so the other suites are unaffected.
// PKCS#12 load and save do not use the switch (their MAC, KDFs and AES are pure JS in both rows),
// so only list is timed for PKCS#12.
import { setNativeDigest } from "../../dist/crypto/digest.js";
import { useNodeCrypto } from "../../dist/node/index.js";
import * as keystorekit from "./keystorekit.mjs";

export const name = "keystorekit-pure";

export function available() {
  return true;
}

const pure = (fn) => (value) => {
  setNativeDigest(null);
  try {
    return fn(value);
  } finally {
    useNodeCrypto();
  }
};

export function cases(input, context) {
  // Above 1k entries: left out to keep the run short; the 1k file already shows what pure hashing adds to a PKCS#12 list.
  if (input.format === "PKCS12" && (input.entries ?? 0) > 1_000) return [];
  return keystorekit.cases(input, context, { variant: "pure" }).map((testCase) => ({
    ...testCase,
    fn: pure(testCase.fn),
    setup: testCase.setup && pure(testCase.setup),
  }));
}
