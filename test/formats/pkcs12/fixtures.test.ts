import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, decodeKeystoreAsync, isKeystoreError, type Keystore } from "../../../src/index.js";
import { Pkcs12ProtectedKey } from "../../../src/formats/pkcs12/protected-key.js";
import { corpusFile, errorClassOf, hasCorpus, loadManifest, repoRoot, sha256Hex } from "../../helpers/corpus.js";

/**
 * PKCS#12 files made by keytool (Java 17, Temurin 25) and OpenSSL 3 decode to what Java reports
 * for them (expected/*.json, from test/fixtures/generate-pkcs12.sh). Every file is also checked
 * against its bag-by-bag view (Inspect's P12RAW, BouncyCastle): that is the oracle for the files no
 * Java loads (2-key 3DES, PBES2 with AES-192 or DES-EDE3) and for what Java hides (plain keyBags,
 * certificates outside every chain).
 */
const dir = join(repoRoot, "test/fixtures/pkcs12");

interface JavaEntry {
  alias: string;
  type: string;
  creationDate: string;
  certChainSha256?: string[];
  pkcs8Sha256?: string;
  secretKeySha256?: string;
  secretKeyAlgorithm?: string;
}
interface RawBag {
  bagType: string;
  encryption?: { oid: string };
  certSha256?: string;
  pkcs8Sha256?: string;
  secretKeySha256?: string;
  error?: unknown;
  attributes?: Record<string, string[]>;
}
interface Expected {
  id: string;
  javaVersion: string;
  load: "ok" | "error";
  storePassword: string;
  entries?: JavaEntry[];
  pkcs12: { mac: { digestAlgorithm: { name: string } } | null; authSafe: { contentType: string; encryption?: { oid: string }; error?: unknown; bags: RawBag[] }[] };
}

const expected: Expected[] = readdirSync(join(dir, "expected"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => JSON.parse(readFileSync(join(dir, "expected", file), "utf8")) as Expected);
const bytesOf = (id: string) => new Uint8Array(readFileSync(join(dir, id)));
const allBags = (e: Expected) => e.pkcs12.authSafe.flatMap((c) => c.bags);
const sorted = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined).sort();
const unique = (values: (string | undefined)[]) => [...new Set(sorted(values))];

/** Every certificate the decoded store holds, entries and set-aside ones. */
function allCertificates(store: Keystore): string[] {
  const inEntries = store.aliases().flatMap((alias) => store.certificates(alias).map((c) => c.sha256));
  return [...new Set([...inEntries, ...store.untrustedCertificates.map((c) => c.sha256)])].sort();
}

describe("PKCS#12 fixtures from keytool and OpenSSL", () => {
  it("has the fixtures", () => expect(expected.length).toBeGreaterThanOrEqual(25));

  for (const want of expected.filter((e) => e.load === "ok" && e.id !== "openssl-noenc.p12")) {
    it(`${want.id}: ${want.entries!.length} entries as Java ${want.javaVersion} sees them`, () => {
      const password = want.storePassword;
      const store = decodeKeystore(bytesOf(want.id), { password });
      expect(store.format).toBe("PKCS12");
      expect(store.integrity).toBe(want.pkcs12.mac ? "verified" : "none");
      // Java's entry order is the file's bag order; keystorekit keeps it.
      expect(store.aliases()).toEqual(want.entries!.map((e) => e.alias));
      for (const javaEntry of want.entries!) {
        const entry = store.entry(javaEntry.alias);
        expect(entry.type).toBe(javaEntry.type);
        expect(store.certificates(javaEntry.alias).map((c) => c.sha256)).toEqual(javaEntry.certChainSha256 ?? []);
        // Java reports the load time where the file has no date; where it has one, they agree.
        if (entry.created) expect(entry.created.toISOString()).toBe(javaEntry.creationDate);
        if (javaEntry.type === "privateKey") expect(sha256Hex(store.privateKeyPkcs8(javaEntry.alias, password))).toBe(javaEntry.pkcs8Sha256);
        if (entry.type === "secretKey") {
          expect(sha256Hex(store.secretKey(javaEntry.alias, password))).toBe(javaEntry.secretKeySha256);
          expect(entry.key.protected?.keyAlgorithm).toBe(javaEntry.secretKeyAlgorithm);
        }
      }
      // What Java does not list: certificates outside every chain and without the trusted attribute.
      const listed = new Set(want.entries!.flatMap((e) => e.certChainSha256 ?? []));
      const unlisted = unique(allBags(want).map((b) => b.certSha256).filter((sha) => sha && !listed.has(sha)));
      expect(store.untrustedCertificates.map((c) => c.sha256).sort()).toEqual(unlisted);
    });
  }

  for (const want of expected) {
    it(`${want.id}: every bag as BouncyCastle decrypts it${want.load === "ok" ? "" : " (no Java loads this file)"}`, () => {
      const bags = allBags(want);
      expect(want.pkcs12.authSafe.every((c) => !c.error) && bags.every((b) => !b.error)).toBe(true);
      const password = want.storePassword;
      const store = decodeKeystore(bytesOf(want.id), { password });
      expect(allCertificates(store)).toEqual(unique(bags.map((b) => b.certSha256)));
      const keys = store.entries().filter((e) => e.type === "privateKey");
      expect(sorted(keys.map((e) => sha256Hex(store.privateKeyPkcs8(e.alias, password))))).toEqual(sorted(bags.map((b) => b.pkcs8Sha256)));
      const secrets = store.entries().filter((e) => e.type === "secretKey");
      expect(sorted(secrets.map((e) => sha256Hex(store.secretKey(e.alias, password))))).toEqual(sorted(bags.map((b) => b.secretKeySha256)));
      // Each key keeps its stored protection, under the scheme the file names.
      const schemes = store.entries().flatMap((e) => (e.type !== "trustedCert" && e.key.protected instanceof Pkcs12ProtectedKey ? [e.key.protected.algorithm] : []));
      expect(schemes.sort()).toEqual(sorted(bags.map((b) => b.encryption?.oid)));
    });
  }

  it("OpenSSL's unencrypted keyBag: Java ignores it (an empty store), keystorekit keeps the key", () => {
    const want = expected.find((e) => e.id === "openssl-noenc.p12")!;
    expect(want.entries).toEqual([]);
    const store = decodeKeystore(bytesOf(want.id), { password: "changeit" });
    expect(store.entries().map((e) => [e.alias, e.type])).toEqual([["server", "privateKey"]]);
    expect(store.certificates("server")).toHaveLength(2);
  });

  it("a certificates-only OpenSSL file: no entries for Java, the certificate kept aside as untrusted", () => {
    const store = decodeKeystore(bytesOf("openssl-nokeys.p12"), { password: "changeit" });
    expect(store.size).toBe(0);
    expect(store.untrustedCertificates.map((c) => c.subject)).toEqual(["O=keystorekit,CN=keystorekit test CA"]);
  });

  it("CA key rollover: the issuer is the same-name CA whose key id the leaf names, as in Java", () => {
    const store = decodeKeystore(bytesOf("openssl-twins.p12"), { password: "changeit" });
    const chain = store.certificates("twin");
    expect(chain).toHaveLength(2);
    expect(store.untrustedCertificates).toHaveLength(1); // the other twin
    expect(store.untrustedCertificates[0]!.subject).toBe(chain[1]!.subject);
  });

  it("wrong passwords: INTEGRITY for the store, WRONG_KEY_PASSWORD for a key", () => {
    const bytes = bytesOf("j17-default.p12");
    expect(() => decodeKeystore(bytes, { password: "wrong" })).toThrow(/password was incorrect/);
    // OpenSSL's -nomac also leaves the certificates in the clear: any password opens the store
    // (as in Java), and only the key then refuses it.
    const nomac = decodeKeystore(bytesOf("openssl-nomac.p12"), { password: "wrong" });
    expect(nomac.integrity).toBe("none");
    expect(() => nomac.privateKeyPkcs8("server", "wrong")).toThrow(/Get Key failed/);
    const store = decodeKeystore(bytes, { password: "changeit" });
    try {
      store.privateKeyPkcs8("server", "wrong");
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "WRONG_KEY_PASSWORD")).toBe(true);
    }
  });

  it("UTF-8 passwords: BMPString for the PKCS#12 KDF, UTF-8 bytes for PBKDF2 (as OpenSSL and Java 25)", () => {
    for (const id of ["openssl-utf8pass.p12", "j25-utf8pass.p12"]) {
      expect(decodeKeystore(bytesOf(id), { password: "pässwörd€" }).integrity).toBe("verified");
      expect(() => decodeKeystore(bytesOf(id), { password: "passwort" })).toThrow(/password was incorrect/);
    }
  });

  it("the empty password: OpenSSL's file opens with \"\" (BMP 00 00, Java's retry rule) and not with another", () => {
    expect(decodeKeystore(bytesOf("openssl-emptypass.p12"), { password: "" }).integrity).toBe("verified");
    expect(() => decodeKeystore(bytesOf("openssl-emptypass.p12"), { password: "x" })).toThrow(/password was incorrect/);
  });

  it("without a password, like Java: MAC unchecked, encrypted certificate safes skipped", () => {
    const store = decodeKeystore(bytesOf("j17-default.p12"));
    expect(store.integrity).toBe("unchecked");
    expect(store.aliases().sort()).toEqual(["aes", "hmac", "server"]);
    expect(store.certificates("server")).toEqual([]);
    // A password-less store needs none: everything but the keys' plaintext is readable.
    const open = decodeKeystore(bytesOf("j17-passwordless.p12"));
    expect(open.aliases()).toEqual(["server", "aes", "hmac", "ca"]);
    expect(open.certificates("server")).toHaveLength(1);
  });
});

describe.skipIf(!hasCorpus)("peer corpus: PKCS#12", () => {
  const manifest = loadManifest();
  for (const s of manifest.stores.filter((store) => store.format === "PKCS12")) {
    it(`${s.file} → ${s.expected.entryCount} entries`, () => {
      const store = decodeKeystore(corpusFile(s.file), { password: s.storePassword });
      expect(store.aliases().sort()).toEqual(s.entries.map((e) => e.alias).sort());
      expect(store.size).toBe(s.expected.entryCount);
      for (const e of s.entries) {
        expect(store.entry(e.alias).type).toBe(e.type);
        expect(store.certificates(e.alias).map((c) => c.sha256)).toEqual(e.certChainSha256);
        expect(store.certificates(e.alias).map((c) => c.subject)).toEqual(e.certChainSubjects);
        if (e.creationDate) expect(store.entry(e.alias).created?.toISOString()).toBe(e.creationDate);
        if (e.pkcs8DecryptedSha256) expect(sha256Hex(store.privateKeyPkcs8(e.alias, e.keyPassword ?? s.storePassword))).toBe(e.pkcs8DecryptedSha256);
      }
    });
  }
  for (const c of manifest.passwordChecks.filter((check) => check.file.endsWith(".p12"))) {
    it(`password check ${c.file} → ${c.expected.errorClass ?? "ok"}`, () => {
      const run = () => decodeKeystore(corpusFile(c.file), { password: c.storePassword });
      if (c.expected.result === "ok") return expect(run).not.toThrow();
      try {
        run();
        expect.unreachable();
      } catch (error) {
        expect(isKeystoreError(error) && errorClassOf(error.code)).toBe(c.expected.errorClass);
      }
    });
  }
});

describe("PKCS#12 async decoding (WebCrypto PBKDF2)", () => {
  it("gives the same entries and keys as the sync decoder, and the same errors", async () => {
    for (const want of expected) {
      const bytes = bytesOf(want.id);
      const password = want.storePassword;
      const [sync, async] = [decodeKeystore(bytes, { password }), await decodeKeystoreAsync(bytes, { password })];
      expect(async.aliases()).toEqual(sync.aliases());
      expect(async.integrity).toBe(sync.integrity);
      for (const alias of sync.aliases()) expect(async.certificates(alias).map((c) => c.sha256)).toEqual(sync.certificates(alias).map((c) => c.sha256));
    }
    await expect(decodeKeystoreAsync(bytesOf("j17-default.p12"), { password: "nope" })).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});
