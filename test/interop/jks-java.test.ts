import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Keystore, decodeKeystore, encodeJks } from "../../src/index.js";
import { corpusFile, hasCorpus, sha256Hex } from "../helpers/corpus.js";
import { inspect, jdks, keytool, requireInspect } from "../helpers/java.js";

/** What keystorekit writes, Java reads: keytool lists it and KeyStore.getKey recovers every key. */

function pkcs8(type: "rsa" | "ec" | "ed25519" | "dsa"): Uint8Array {
  const options = type === "rsa" ? { modulusLength: 2048 } : type === "ec" ? { namedCurve: "P-256" } : type === "dsa" ? { modulusLength: 2048 } : {};
  const { privateKey } = generateKeyPairSync(type as "rsa", options as { modulusLength: number });
  return new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
}

describe.skipIf(!hasCorpus)("JKS written by keystorekit, read by Java", () => {
  const cacerts = hasCorpus ? decodeKeystore(corpusFile("stores/debian/cacerts-debian.jks"), { password: "changeit" }) : null;
  const certs = cacerts ? cacerts.entries().flatMap((entry) => cacerts.certificates(entry.alias)).slice(0, 4) : [];

  // Built only where the corpus is there (the describe body runs even when skipped).
  const created = new Date("2024-02-29T12:34:56.789Z");
  const keys = { rsa: pkcs8("rsa"), ec: pkcs8("ec"), ed25519: pkcs8("ed25519") };
  const file = join(mkdtempSync(join(tmpdir(), "kk-jks-")), "written.jks");
  const store = new Keystore({ format: "JKS" });
  if (certs.length === 4) {
    store.set({ type: "privateKey", alias: "RSA-Key", created, chain: certs.slice(0, 3), key: { plain: keys.rsa } });
    store.set({ type: "privateKey", alias: "ec", created, chain: certs.slice(0, 1), key: { plain: keys.ec } });
    store.set({ type: "privateKey", alias: "ed25519", created, chain: certs.slice(1, 2), key: { plain: keys.ed25519 } });
    store.set({ type: "trustedCert", alias: "Café 日本 😀", created, certificate: certs[3]! });
    store.set({ type: "trustedCert", alias: "nul\u0000inside", created, certificate: certs[2]! });
    writeFileSync(file, encodeJks(store, { password: "store-pw", keyPasswords: { ec: "ec-key-pw" } }));
  }

  for (const jdk of jdks) {
    it(`${jdk.name}: KeyStore.load verifies the digest and getKey recovers every key`, (context) => {
      requireInspect(context);
      const [result] = inspect(jdk, [{ file, type: "JKS", storePassword: "store-pw", keyPasswords: ["store-pw", "ec-key-pw"] }]);
      expect(result?.load).toBe("ok");
      const entries = new Map(result!.entries!.map((entry) => [entry.alias, entry]));
      expect([...entries.keys()].sort()).toEqual(store.aliases().sort());
      expect(entries.get("café 日本 😀")?.certChainSha256).toEqual([certs[3]!.sha256]);
      expect(entries.get("nul\u0000inside")?.type).toBe("trustedCert");
      expect(entries.get("rsa-key")?.certChainSha256).toEqual(certs.slice(0, 3).map((c) => c.sha256));
      expect(entries.get("rsa-key")?.pkcs8Sha256).toBe(sha256Hex(keys.rsa));
      expect(entries.get("rsa-key")?.creationDate).toBe(created.toISOString());
      expect(entries.get("ec")?.keyAlgorithm).toBe("EC");
      expect(entries.get("ed25519")?.keyAlgorithm).toMatch(/Ed25519|EdDSA/);
    });

    it(`${jdk.name}: a wrong store password is refused with Java's tampered message`, (context) => {
      requireInspect(context);
      const [result] = inspect(jdk, [{ file, type: "JKS", storePassword: "wrong" }]);
      expect(result?.load).toBe("error");
      expect(JSON.stringify(result)).toContain("Keystore was tampered with, or password was incorrect");
    });

    it(`${jdk.name}: keytool -list shows all entries`, () => {
      const { status, output } = keytool(jdk, ["-list", "-keystore", file, "-storepass", "store-pw", "-storetype", "JKS"]);
      expect(status).toBe(0);
      expect(output).toContain("Your keystore contains 5 entries");
      expect(output).toContain("rsa-key");
    });
  }
});
