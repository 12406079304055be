import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

const fixture = (...parts: string[]) => join(repoRoot, "test", "fixtures", ...parts);
const chain = fixture("chains", "cases", "leaf-intermediate.pem");

/** A JAVA_HOME whose lib/security/cacerts is a copy of a fixture, and nothing else. */
function javaHomeWith(store: string): { env: Record<string, string>; cacerts: string } {
  const home = mkdtempSync(join(tmpdir(), "kk-verify-jh-"));
  mkdirSync(join(home, "lib", "security"), { recursive: true });
  const cacerts = join(home, "lib", "security", "cacerts");
  copyFileSync(fixture(...store.split("/")), cacerts);
  return { env: { JAVA_HOME: home, PATH: "" }, cacerts };
}

interface Opened {
  integrity: string;
  warnings: { code: string; message: string }[];
}

/** verify and list, both without a STORE: they open the default store the same way (#12 item 16). */
async function bothOn(store: string) {
  const { env, cacerts } = javaHomeWith(store);
  const verify = await cli(["verify", chain, "--json"], env);
  const list = await cli(["list", "--json"], env);
  expect(list.status).toBe(0);
  return { cacerts, verify, list, verifyJson: JSON.parse(verify.stdout) as Opened & { store: string }, listJson: JSON.parse(list.stdout) as Opened };
}

describe("verify without -keystore opens the default trust store as list does", () => {
  it('tries "changeit" first: verified, no warning, and --json says so', async () => {
    const { cacerts, verify, verifyJson, listJson } = await bothOn("chains/stores/root.jks");
    expect(verify.status).toBe(0);
    expect(verifyJson).toMatchObject({ trusted: true, store: cacerts, integrity: "verified", warnings: [] });
    expect(listJson.integrity).toBe("verified");
    expect(verify.stderr).toBe(`Opened the JVM's default trust store: ${cacerts} (found via JAVA_HOME)\n`);
  });

  it('when "changeit" does not open it: read unchecked, with the same warning as list, in --json too', async () => {
    const { cacerts, verify, verifyJson, listJson } = await bothOn("jks/j17-utf8pass.jks");
    expect(verify.status).toBe(1); // that store trusts nothing: the chain is not trusted
    expect(verifyJson.integrity).toBe("unchecked");
    expect(verifyJson.warnings).toEqual(listJson.warnings.filter((w) => w.code === "INTEGRITY_UNCHECKED"));
    expect(verifyJson.warnings).toEqual([{ code: "INTEGRITY_UNCHECKED", message: expect.stringContaining(`the default password "changeit" does not open ${cacerts}`) }]);
    expect(verify.stderr).toContain(`Warning: the default password "changeit" does not open ${cacerts}`);
  });

  it("a named store without a password is read unchecked by both, with the same warning", async () => {
    const store = fixture("chains", "stores", "root.jks");
    const verify = await cli(["verify", "-keystore", store, chain, "--json"]);
    const list = await cli(["list", store, "--json"]);
    expect(verify.status).toBe(0);
    const v = JSON.parse(verify.stdout) as Opened;
    const l = JSON.parse(list.stdout) as Opened;
    expect(v.integrity).toBe("unchecked");
    expect(l.integrity).toBe("unchecked");
    expect(v.warnings).toEqual(l.warnings.filter((w) => w.code === "INTEGRITY_UNCHECKED"));
    expect(v.warnings.map((w) => w.code)).toEqual(["INTEGRITY_UNCHECKED"]);
  });
});
