import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/index.js";
import { bksOfCertificates, upperCaseJks } from "../helpers/crafted-stores.js";
import { jdks, keytool } from "../helpers/java.js";
import { cli } from "./helpers.js";

/** `convert` and case-insensitive aliases (issue 12, items 5 and 7), checked with keytool where Java is installed. */
const SP = { SP: "changeit" };

describe("convert: aliases Java compares without case", () => {
  const dir = mkdtempSync(join(tmpdir(), "kk-aliases-"));
  const input = join(dir, "case.bks");
  writeFileSync(input, bksOfCertificates(["CaseSensitive", "casesensitive"], "changeit"));

  for (const extension of ["jks", "jceks", "p12"]) {
    it(`to .${extension}: aliases differing only in case stop the conversion, naming them`, async () => {
      const out = join(dir, `refused.${extension}`);
      const result = await cli(["convert", input, out, "--storepass-env", "SP"], SP);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("<CaseSensitive> and <casesensitive>");
      expect(result.stderr).toContain("--rename-collisions");
      expect(existsSync(out)).toBe(false);
    });

    it(`to .${extension}: --rename-collisions renames and says so`, async () => {
      const out = join(dir, `renamed.${extension}`);
      const result = await cli(["convert", input, out, "--storepass-env", "SP", "--rename-collisions"], SP);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain("Renamed <casesensitive> to <casesensitive-2>");
      expect(result.stderr).toContain("Alias <CaseSensitive> written as <casesensitive>");
      const back = decodeKeystore(new Uint8Array(readFileSync(out)), { password: "changeit" });
      expect(back.aliases().sort()).toEqual(["casesensitive", "casesensitive-2"]);
      for (const jdk of jdks) {
        const type = extension === "p12" ? "PKCS12" : extension.toUpperCase();
        for (const alias of ["casesensitive", "casesensitive-2"]) {
          expect(keytool(jdk, ["-list", "-keystore", out, "-storetype", type, "-storepass", "changeit", "-alias", alias]).status, `${jdk.name} ${alias}`).toBe(0);
        }
      }
    });
  }

  it("a pyjks upper-case trusted alias is lower-cased, reported, and Java can fetch it", async () => {
    const upper = join(dir, "upper.jks");
    writeFileSync(upper, upperCaseJks("changeit"));
    for (const jdk of jdks) expect(keytool(jdk, ["-list", "-keystore", upper, "-storepass", "changeit", "-alias", "CAcert"]).status).not.toBe(0);
    for (const extension of ["jks", "jceks"]) {
      const out = join(dir, `lower.${extension}`);
      const result = await cli(["convert", upper, out, "--storepass-env", "SP"], SP);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain("Alias <CAcert> written as <cacert>");
      expect(decodeKeystore(new Uint8Array(readFileSync(out)), { password: "changeit" }).aliases()).toEqual(["cacert"]);
      for (const jdk of jdks) {
        const listed = keytool(jdk, ["-list", "-keystore", out, "-storetype", extension.toUpperCase(), "-storepass", "changeit", "-alias", "CAcert"]);
        expect(listed.status, `${jdk.name}: ${listed.output}`).toBe(0);
      }
    }
  });

  it("convert --help documents --rename-collisions", async () => {
    const result = await cli(["convert", "--help"]);
    expect(result.stdout + result.stderr).toContain("--rename-collisions");
  });
});
