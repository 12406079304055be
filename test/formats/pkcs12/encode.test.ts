import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../../src/formats/pkcs12/decode.js";
import { encodePkcs12 } from "../../../src/formats/pkcs12/encode.js";
import { PKCS12_PROFILES, withIterations, type Pkcs12ProfileName } from "../../../src/formats/pkcs12/profiles.js";
import { Certificate, Keystore, decodeKeystore, encodeKeystore, isKeystoreError, parsePem } from "../../../src/index.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";
import { inspect, jdks, requireInspect } from "../../helpers/java.js";
import { runTool } from "../../helpers/tools.js";

const fixtures = join(repoRoot, "test/fixtures/pkcs12");
const pem = (file: string) => parsePem(readFileSync(join(fixtures, "src", file), "utf8"))[0]!.der;
const serverKey = pem("server-key.pem");
const server = new Certificate(pem("server.pem"));
const ca = new Certificate(pem("ca.pem"));
const created = new Date("2025-01-02T03:04:05.678Z");

/** A store with a key and its chain, a trusted CA and an AES key. */
function sampleStore(): Keystore {
  const store = new Keystore({ format: "PKCS12" });
  store.set({ type: "privateKey", alias: "Server", created, chain: [server, ca], key: { plain: serverKey } });
  store.set({ type: "trustedCert", alias: "ca", created, certificate: ca });
  store.set({ type: "secretKey", alias: "aes", created, algorithm: "AES", key: { plain: Uint8Array.from({ length: 32 }, (_, i) => i) } });
  return store;
}

const profiles = Object.keys(PKCS12_PROFILES) as Pkcs12ProfileName[];
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

describe("PKCS#12 write profiles", () => {
  const dir = mkdtempSync(join(tmpdir(), "kk-p12-"));
  const written = new Map<Pkcs12ProfileName, string>();
  for (const name of profiles) {
    const file = join(dir, `${name}.p12`);
    writeFileSync(file, encodePkcs12(sampleStore(), { password: "changeit", profile: name }));
    written.set(name, file);
  }

  for (const name of profiles) {
    it(`${name}: reads back with aliases, dates, chain and keys`, () => {
      const store = decodeKeystore(new Uint8Array(readFileSync(written.get(name)!)), { password: "changeit" });
      expect(store.format).toBe("PKCS12");
      expect(store.integrity).toBe(name === "passwordless" ? "none" : "verified");
      // Java's layout puts key bags before certificate bags, so keys come first on reading.
      expect(store.aliases()).toEqual(["server", "aes", "ca"]);
      expect(store.certificates("server").map((c) => c.sha256)).toEqual([server.sha256, ca.sha256]);
      expect(store.entry("server").created?.toISOString()).toBe(created.toISOString());
      expect(store.privateKeyPkcs8("server", "changeit")).toEqual(serverKey);
      expect(store.secretKey("aes", "changeit")).toEqual(Uint8Array.from({ length: 32 }, (_, i) => i));
      // Saving again keeps every key's protection byte for byte: no key password needed.
      const again = decodePkcs12(encodePkcs12(store, { password: "changeit", profile: name }), { password: "changeit" });
      expect(again.privateKeyPkcs8("server", "changeit")).toEqual(serverKey);
    });

    it.skipIf(!hasOpenssl)(`${name}: OpenSSL reads it`, () => {
      const legacy = name.endsWith("legacy") ? ["-legacy"] : [];
      const out = runTool("openssl", ["pkcs12", "-in", written.get(name)!, "-passin", "pass:changeit", "-nodes", ...legacy]);
      expect(out).toContain("BEGIN PRIVATE KEY");
      expect(out.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    });
  }

  for (const jdk of jdks) {
    it(`${jdk.name} reads every profile, with the CA as a trust anchor and every key recovered`, (context) => {
      requireInspect(context);
      const results = inspect(jdk, profiles.map((name) => ({ file: written.get(name)!, type: "PKCS12" as const, storePassword: "changeit", keyPasswords: ["changeit"] })));
      profiles.forEach((name, i) => {
        const result = results[i];
        expect(result?.load, `${name}: ${JSON.stringify(result)}`).toBe("ok");
        const entries = new Map(result!.entries!.map((e) => [e.alias, e]));
        expect([...entries.keys()].sort()).toEqual(["aes", "ca", "server"]);
        expect(entries.get("ca")?.type).toBe("trustedCert");
        expect(entries.get("server")?.pkcs8Sha256).toBe(sha256Hex(serverKey));
        expect(entries.get("server")?.certChainSha256).toEqual([server.sha256, ca.sha256]);
        expect(entries.get("server")?.creationDate).toBe(created.toISOString());
        expect(entries.get("aes")?.secretKeySha256).toBe(sha256Hex(Uint8Array.from({ length: 32 }, (_, i) => i)));
      });
    });
  }

  it("converts JKS → PKCS#12 → JKS keeping aliases, dates, chains and keys", () => {
    const jks = new Keystore({ format: "JKS" });
    jks.set({ type: "privateKey", alias: "server", created, chain: [server, ca], key: { plain: serverKey } });
    jks.set({ type: "trustedCert", alias: "ca", created, certificate: ca });
    const fromJks = decodeKeystore(encodeKeystore(jks, { format: "JKS", password: "storepw", keyPasswords: { server: "keypw" } }), { password: "storepw" });
    const p12 = decodeKeystore(encodeKeystore(fromJks, { format: "PKCS12", password: "storepw", keyPasswords: { server: "keypw" } }), { password: "storepw" });
    expect(p12.privateKeyPkcs8("server", "storepw")).toEqual(serverKey);
    const back = decodeKeystore(encodeKeystore(p12, { format: "JKS", password: "storepw" }), { password: "storepw" });
    expect(back.aliases()).toEqual(["server", "ca"]);
    expect(back.privateKeyPkcs8("server", "storepw")).toEqual(serverKey);
    expect(back.entry("server").created?.getTime()).toBe(created.getTime());
    expect(back.certificates("server").map((c) => c.sha256)).toEqual([server.sha256, ca.sha256]);
  });

  it("random stores round-trip through every profile (low iteration counts)", () => {
    const aliasArb = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.constantFrom(...profiles),
        fc.uniqueArray(aliasArb, { minLength: 1, maxLength: 4, selector: (a) => a.toLowerCase() }),
        fc.string({ maxLength: 10 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (name, aliases, password, secret) => {
          const store = new Keystore({ format: "PKCS12" });
          aliases.forEach((alias, i) => {
            if (i % 3 === 0) store.set({ type: "trustedCert", alias, created: null, certificate: i % 2 ? ca : server });
            else if (i % 3 === 1) store.set({ type: "privateKey", alias, created, chain: [server], key: { plain: serverKey } });
            else store.set({ type: "secretKey", alias, created, algorithm: "AES", key: { plain: secret } });
          });
          const profile = withIterations(PKCS12_PROFILES[name], 1);
          const back = decodePkcs12(encodePkcs12(store, { password, profile }), { password });
          expect(back.aliases().sort()).toEqual(store.aliases().sort());
          for (const entry of store) {
            if (entry.type === "privateKey") expect(back.privateKeyPkcs8(entry.alias, password)).toEqual(serverKey);
            if (entry.type === "secretKey") expect(back.secretKey(entry.alias, password)).toEqual(secret);
            if (entry.type === "trustedCert") expect(back.certificates(entry.alias)[0]!.sha256).toBe(entry.certificate.sha256);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("mutated and truncated files raise only KeystoreError", () => {
    const original = encodePkcs12(sampleStore(), { password: "pw", profile: withIterations(PKCS12_PROFILES.java, 1) });
    const attempt = (bytes: Uint8Array) => {
      try {
        const store = decodePkcs12(bytes, { password: "pw" });
        for (const entry of store) {
          store.certificates(entry.alias).forEach((c) => c.subject);
          if (entry.type === "privateKey") store.privateKeyPkcs8(entry.alias, "pw");
          if (entry.type === "secretKey") store.secretKey(entry.alias, "pw");
        }
      } catch (error) {
        if (!isKeystoreError(error)) throw error;
      }
    };
    for (let length = 0; length < original.length; length += 7) attempt(original.subarray(0, length));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const bytes = original.slice();
        for (const [at, xor] of edits) bytes[at]! ^= xor;
        attempt(bytes);
      }),
      { numRuns: 1500 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => attempt(Uint8Array.from([0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03, ...bytes]))), { numRuns: 1500 });
  });

  it("iteration counts above the limit are refused before any work", () => {
    const bytes = encodePkcs12(sampleStore(), { password: "pw", profile: withIterations(PKCS12_PROFILES.java, 2) });
    expect([...bytes.subarray(bytes.length - 3)]).toEqual([0x02, 0x01, 0x02]); // MacData ends with INTEGER 2
    // LIMIT even with a wrong password: the count is checked before the MAC is computed.
    expect(() => decodePkcs12(bytes, { password: "wrong", limits: { maxIterations: 1 } })).toThrow(/limit/i);
    expect(() => decodePkcs12(bytes, { password: "pw", limits: { maxIterations: 1 } })).toThrow(/limit/i);
    expect(decodePkcs12(bytes, { password: "pw", limits: { maxIterations: 2 } }).integrity).toBe("verified");
  });
});
