import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setNativePbkdf2 } from "../../../src/crypto/pbkdf2.js";
import { PKCS12_PROFILES, type Pkcs12ProfileName } from "../../../src/formats/pkcs12/profiles.js";
import { Certificate, Keystore, decodeKeystore, encodeKeystore, encodeKeystoreAsync, encodePkcs12Async, parsePem } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";

/**
 * encodePkcs12Async (encodeKeystoreAsync for PKCS12) prepares the certificate safe's salt, IV and
 * PBKDF2 key (WebCrypto) and the MAC's salt and key ahead: with the same random bytes its output
 * is the sync encoder's, byte for byte, so everything the sync encoder's tests prove (Java and
 * OpenSSL read it) holds for it too.
 */
const fixtures = join(repoRoot, "test/fixtures/pkcs12");
const pem = (file: string) => parsePem(readFileSync(join(fixtures, "src", file), "utf8"))[0]!.der;
const server = new Certificate(pem("server.pem"));
const ca = new Certificate(pem("ca.pem"));
const created = new Date("2025-01-02T03:04:05.678Z");
/** Every draw the same bytes, so the order in which the two encoders draw does not matter. */
const fixedRandom = (n: number) => new Uint8Array(n).fill(0x5a);

function stores() {
  const full = new Keystore({ format: "PKCS12" });
  full.set({ type: "privateKey", alias: "server", created, chain: [server, ca], key: { plain: pem("server-key.pem") } });
  full.set({ type: "trustedCert", alias: "ca", created, certificate: ca });
  full.set({ type: "secretKey", alias: "aes", created, algorithm: "AES", key: { plain: new Uint8Array(16).fill(1) } });
  const trusted = new Keystore({ format: "PKCS12" });
  trusted.set({ type: "trustedCert", alias: "ca", created, certificate: ca });
  const secretOnly = new Keystore({ format: "PKCS12" });
  secretOnly.set({ type: "secretKey", alias: "aes", created, algorithm: "AES", key: { plain: new Uint8Array(16).fill(2) } });
  return { full, trusted, secretOnly, empty: new Keystore({ format: "PKCS12" }) };
}

describe("encodePkcs12Async", () => {
  for (const profile of Object.keys(PKCS12_PROFILES) as Pkcs12ProfileName[]) {
    for (const [name, store] of Object.entries(stores())) {
      it(`${profile}, ${name} store: the sync encoder's bytes`, async () => {
        const options = { format: "PKCS12" as const, password: "changeit", profile, random: fixedRandom };
        const sync = encodeKeystore(store, options);
        expect(await encodeKeystoreAsync(store, options)).toEqual(sync);
      });
    }
  }

  it("writes a store that reads back, with fresh random salts", async () => {
    const bytes = await encodePkcs12Async(stores().full, { password: "changeit" });
    const store = decodeKeystore(bytes, { password: "changeit" });
    expect(store.integrity).toBe("verified");
    expect(store.aliases().sort()).toEqual(["aes", "ca", "server"]);
    expect(store.certificates("server").map((c) => c.sha256)).toEqual([server.sha256, ca.sha256]);
  });

  it("derives the certificate safe's key through WebCrypto, not the sync PBKDF2", async () => {
    const store = stores().trusted;
    setNativePbkdf2(() => {
      throw new Error("the sync PBKDF2 ran");
    });
    try {
      const bytes = await encodePkcs12Async(store, { password: "changeit" });
      expect(() => encodeKeystore(store, { format: "PKCS12", password: "changeit" })).toThrow("the sync PBKDF2 ran"); // the trap works
      setNativePbkdf2(null);
      expect(decodeKeystore(bytes, { password: "changeit" }).aliases()).toEqual(["ca"]);
    } finally {
      setNativePbkdf2(null);
    }
  });
});
