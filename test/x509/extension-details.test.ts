import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isKeystoreError } from "../../src/model/errors.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { certificateVersion, describeExtensions, signatureAlgorithmName } from "../../src/x509/extension-details.js";

/**
 * describeExtensions, the viewer's decoding (the browser app's details): checked value by value
 * against what `openssl x509 -text` prints for a certificate with every extension it names.
 */

const hasOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;
const pem = readFileSync(join(import.meta.dirname, "..", "app", "fixtures", "extensions.pem"), "utf8");
const [certificate] = readCertificates(pem);

describe("describeExtensions", () => {
  it("decodes SAN, KU, EKU, BC, SKI, AKI, AIA, CRL DP and policies with their criticality", () => {
    const byName = Object.fromEntries(describeExtensions(certificate!).map((e) => [e.name, e]));
    expect(byName["Subject Alternative Name"]!.values).toEqual(["DNS:www.example.test", "DNS:example.test", "IP:192.0.2.7", "email:ops@example.test", "URI:https://example.test/id"]);
    expect(byName["Key Usage"]).toMatchObject({ critical: true, values: ["digitalSignature", "keyEncipherment"] });
    expect(byName["Extended Key Usage"]).toMatchObject({ critical: false, values: ["serverAuth", "clientAuth"] });
    expect(byName["Basic Constraints"]).toMatchObject({ critical: true, values: ["CA: no (end entity)"] });
    expect(byName["Authority Information Access"]!.values).toEqual(["CA Issuers: URI:http://pki.example.test/ca.crt", "OCSP: URI:http://ocsp.example.test"]);
    expect(byName["CRL Distribution Points"]!.values).toEqual(["URI:http://pki.example.test/ca.crl"]);
    expect(byName["Certificate Policies"]!.values).toEqual(["1.3.6.1.4.1.55555.1.1, CPS https://pki.example.test/cps", "2.23.140.1.2.2 (CA/B organization validated)"]);
    expect(signatureAlgorithmName(certificate!)).toBe("SHA256withECDSA");
    expect(certificateVersion(certificate!)).toBe(3);
  });

  it.skipIf(!hasOpenssl)("key identifiers and criticality are what openssl prints", () => {
    const text = execFileSync("openssl", ["x509", "-noout", "-text"], { input: pem, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    const details = describeExtensions(certificate!);
    const ski = details.find((e) => e.name === "Subject Key Identifier")!.values[0]!;
    const aki = details.find((e) => e.name === "Authority Key Identifier")!.values[0]!;
    expect(text).toContain(ski);
    expect(text).toContain(aki.replace(/^key id /, ""));
    for (const e of details) {
      const opensslCritical = new RegExp(`${e.name.replace(/ /g, "\\s")}[^\\n]*: critical`, "i").test(text.replace(/X509v3 /g, ""));
      expect(e.critical, e.name).toBe(opensslCritical);
    }
  });

  it("a certificate whose extension bytes are damaged still shows, and only typed errors escape", () => {
    const der = certificate!.der;
    fc.assert(
      fc.property(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const mutated = der.slice();
        mutated[at] = value;
        let parsed;
        try {
          parsed = readCertificates(mutated)[0];
        } catch (error) {
          expect(isKeystoreError(error), String(error)).toBe(true);
          return;
        }
        try {
          for (const e of describeExtensions(parsed!)) expect(Array.isArray(e.values)).toBe(true);
          signatureAlgorithmName(parsed!);
          certificateVersion(parsed!);
        } catch (error) {
          expect(isKeystoreError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
