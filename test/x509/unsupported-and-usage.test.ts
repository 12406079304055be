import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/keys/generate.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { chooseSignatureAlgorithm } from "../../src/x509/signature.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";
import { cli } from "../cli/helpers.js";

/**
 * RSASSA-PSS is not generated or signed yet: -keyalg RSASSA-PSS and -sigalg RSASSA-PSS are a typed
 * UNSUPPORTED that says what to use instead (not "unknown algorithm", which would read as a typo).
 * And a bad -dname or -ext is a usage error (exit 2) naming the bad part, before any key is made.
 */

const dir = mkdtempSync(join(tmpdir(), "kk-x509-usage-"));
let count = 0;
const fresh = (name: string) => join(dir, `${count++}-${name}`);
const PSS_MESSAGE = /^Unsupported: -(keyalg|sigalg) RSASSA-PSS is not available in keystorekit yet .*Use -keyalg RSA with -sigalg SHA256withRSA/;

describe("RSASSA-PSS: UNSUPPORTED, with what to use instead", () => {
  it("generateKeyPair({ algorithm: 'RSASSA-PSS' }) (any case)", async () => {
    for (const algorithm of ["RSASSA-PSS", "rsassa-pss"]) {
      const error = await generateKeyPair({ algorithm }).catch((e: unknown) => e);
      expect(isKeystoreError(error, "UNSUPPORTED"), String(error)).toBe(true);
      expect((error as Error).message).toMatch(PSS_MESSAGE);
    }
  });

  it("-sigalg RSASSA-PSS for an RSA key, in createSigner and chooseSignatureAlgorithm", async () => {
    const pair = await generateKeyPair({ algorithm: "RSA", size: 2048 });
    const error = await createSigner(pair.privateKey, { sigalg: "RSASSA-PSS" }).catch((e: unknown) => e);
    expect(isKeystoreError(error, "UNSUPPORTED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("-sigalg RSASSA-PSS");
    expect(() => chooseSignatureAlgorithm(pair.publicKey, "rsassa-pss")).toThrow(PSS_MESSAGE);
  });

  it("the CLI: genkeypair -keyalg RSASSA-PSS and -sigalg RSASSA-PSS fail (exit 1) with that message and write no store", async () => {
    for (const extra of [["-keyalg", "RSASSA-PSS"], ["-keyalg", "RSA", "-sigalg", "RSASSA-PSS"]]) {
      const path = fresh("pss.p12");
      const result = await cli(["genkeypair", "-keystore", path, "-storepass", "changeit", "-alias", "pss", "-dname", "CN=pss", ...extra]);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/Unsupported: -(keyalg|sigalg) RSASSA-PSS is not available in keystorekit yet/);
      expect(existsSync(path)).toBe(false);
    }
  });
});

describe("a bad -dname or -ext is a usage error naming the bad part", () => {
  const cases: [string, string[], RegExp][] = [
    ["an attribute lost to Java's quirk", ["-dname", "OU=a\\\\+O=b"], /"OU=a\\\\\+O=b" has an unescaped "\+"/],
    ["no '='", ["-dname", "CN=x, Example"], /" Example" has no "=" between the attribute and its value/],
    ["an unknown keyword", ["-dname", "CN=x, COLOUR=blue"], /unknown attribute "COLOUR"/],
    ["bad hex", ["-dname", "CN=#zz"], /"CN=#zz" has "z" where a hex digit belongs/],
    ["an unknown SAN type", ["-dname", "CN=x", "-ext", "SAN=host:x.example"], /Invalid -ext "SAN=host:x\.example"/],
    ["a bad IP address", ["-dname", "CN=x", "-ext", "SAN=ip:999.1.1.1"], /999\.1\.1\.1/],
    ["an unknown EKU", ["-dname", "CN=x", "-ext", "EKU=flying"], /Invalid -ext "EKU=flying".*flying/],
    // keytool reads "ca:maybe" as false and ignores an unknown ":x" criticality: accepted there, and here.
    ["a pathlen that is no number", ["-dname", "CN=x", "-ext", "BC=ca:true,pathlen:two"], /Invalid -ext "BC=ca:true,pathlen:two".*two/],
    ["one bad usage in a list", ["-dname", "CN=x", "-ext", "KU=digitalSignature,keyEncipherment,bogus"], /Invalid -ext "KU=digitalSignature,keyEncipherment,bogus".*bogus/],
  ];
  for (const [what, extra, message] of cases) {
    it(what, async () => {
      const path = fresh("bad.p12");
      const result = await cli(["genkeypair", "-keystore", path, "-storepass", "changeit", "-alias", "x", "-keyalg", "EC", ...extra]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(path)).toBe(false);
    });
  }
});
