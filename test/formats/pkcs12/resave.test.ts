import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../../src/formats/pkcs12/decode.js";
import { encodePkcs12 } from "../../../src/formats/pkcs12/encode.js";
import { OID } from "../../../src/formats/pkcs12/oids.js";
import { PKCS12_PROFILES, withIterations, type Pkcs12ProfileName } from "../../../src/formats/pkcs12/profiles.js";
import { Pkcs12ProtectedKey } from "../../../src/formats/pkcs12/protected-key.js";
import { Certificate, Keystore, isKeystoreError, parsePem } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";

/**
 * Re-saving PKCS#12 files: stored key protection kept or renewed on request, certificates outside
 * Java's view kept; keytool lists what each profile writes; hostile edits of real files (legacy
 * ciphers, password-less layouts) raise only KeystoreError.
 */
const dir = join(repoRoot, "test/fixtures/pkcs12");
const bytesOf = (id: string) => new Uint8Array(readFileSync(join(dir, id)));
const fast = (name: Pkcs12ProfileName) => withIterations(PKCS12_PROFILES[name], 1);
const keyScheme = (store: Keystore, alias: string) => {
  const entry = store.entry(alias);
  return entry.type === "privateKey" && entry.key.protected instanceof Pkcs12ProtectedKey ? entry.key.protected.algorithm : null;
};

describe("re-saving PKCS#12", () => {
  it("keeps a key's stored protection byte for byte unless re-protection is asked", () => {
    const legacy = decodePkcs12(bytesOf("openssl-legacy.p12"), { password: "changeit" });
    expect(keyScheme(legacy, "server")).toBe(OID.pbeWithSha1And3KeyTripleDesCbc);
    const kept = decodePkcs12(encodePkcs12(legacy, { password: "changeit", profile: fast("java") }), { password: "changeit" });
    expect(keyScheme(kept, "server")).toBe(OID.pbeWithSha1And3KeyTripleDesCbc);
    const renewed = decodePkcs12(encodePkcs12(legacy, { password: "changeit", profile: fast("java"), reprotectKeys: true }), { password: "changeit" });
    expect(keyScheme(renewed, "server")).toBe(OID.pbes2);
    expect(renewed.privateKeyPkcs8("server", "changeit")).toEqual(legacy.privateKeyPkcs8("server", "changeit"));
    expect(renewed.certificates("server").map((c) => c.sha256)).toEqual(legacy.certificates("server").map((c) => c.sha256));
  });

  it("keeps certificates that are not Java entries, still without the trusted attribute", () => {
    const nokeys = decodePkcs12(bytesOf("openssl-nokeys.p12"), { password: "changeit" });
    for (const profile of ["java", "passwordless"] as const) {
      const again = decodePkcs12(encodePkcs12(nokeys, { password: "pw", profile: fast(profile) }), { password: "pw" });
      expect(again.size).toBe(0);
      expect(again.untrustedCertificates.map((c) => c.sha256)).toEqual(nokeys.untrustedCertificates.map((c) => c.sha256));
    }
    // Once the certificate is made a trusted entry it is written once, as a trust anchor.
    nokeys.set({ type: "trustedCert", alias: "ca", created: null, certificate: nokeys.untrustedCertificates[0]! });
    const trusted = decodePkcs12(encodePkcs12(nokeys, { password: "pw", profile: fast("java") }), { password: "pw" });
    expect(trusted.aliases()).toEqual(["ca"]);
    expect(trusted.untrustedCertificates).toEqual([]);
  });
});

const keytool = spawnSync("keytool", ["-help"], { stdio: "ignore" }).status === 0 ? "keytool" : null;

describe.skipIf(!keytool)("keytool -list reads every profile", () => {
  const pem = (file: string) => new Certificate(parsePem(readFileSync(join(dir, "src", file), "utf8"))[0]!.der);
  const key = parsePem(readFileSync(join(dir, "src/server-key.pem"), "utf8"))[0]!.der;
  const store = new Keystore({ format: "PKCS12" });
  store.set({ type: "privateKey", alias: "server", created: new Date(0), chain: [pem("server.pem"), pem("ca.pem")], key: { plain: key } });
  store.set({ type: "trustedCert", alias: "ca", created: null, certificate: pem("ca.pem") });
  const tmp = mkdtempSync(join(tmpdir(), "kk-p12-keytool-"));

  for (const name of Object.keys(PKCS12_PROFILES) as Pkcs12ProfileName[]) {
    it(name, () => {
      const file = join(tmp, `${name}.p12`);
      writeFileSync(file, encodePkcs12(store, { password: "changeit", profile: name }));
      const run = spawnSync(keytool!, ["-list", "-keystore", file, "-storepass", "changeit"], { encoding: "utf8" });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Keystore type: PKCS12/i);
      expect(run.stdout).toMatch(/contains 2 entries/);
      expect(run.stdout).toMatch(/server, .*PrivateKeyEntry/);
      expect(run.stdout).toMatch(/ca, .*trustedCertEntry/);
      if (name === "passwordless") {
        // keytool sees a password-less store and does not ask for one.
        const open = spawnSync(keytool!, ["-list", "-keystore", file], { encoding: "utf8", input: "" });
        expect(open.status, open.stdout + open.stderr).toBe(0);
        expect(open.stdout).toMatch(/contains 2 entries/);
      }
    });
  }
});

describe("hostile edits of real files raise only KeystoreError", () => {
  // Files whose inner structures are reachable without passing a MAC first, and legacy ciphers.
  for (const id of ["openssl-nomac.p12", "openssl-noenc.p12", "j17-passwordless.p12", "openssl-rc4.p12", "openssl-2des.p12"]) {
    it(id, () => {
      const original = bytesOf(id);
      const attempt = (bytes: Uint8Array) => {
        try {
          const store = decodePkcs12(bytes, { password: "changeit", limits: { maxIterations: 20_000 } });
          for (const entry of store) {
            store.certificates(entry.alias).forEach((c) => c.subject);
            if (entry.type === "privateKey") store.privateKeyPkcs8(entry.alias, "changeit");
            if (entry.type === "secretKey") store.secretKey(entry.alias, "changeit");
          }
          store.untrustedCertificates.forEach((c) => c.issuer);
        } catch (error) {
          if (!isKeystoreError(error)) throw error;
        }
      };
      for (let length = 0; length < original.length; length += 97) attempt(original.subarray(0, length));
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
          const bytes = original.slice();
          for (const [at, xor] of edits) bytes[at]! ^= xor;
          attempt(bytes);
        }),
        { numRuns: 60 },
      );
    });
  }
});
