import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { derBmpString, derExplicit, derInteger, derOctetString, derOid, derSequence, derSet } from "../../../src/binary/der.js";
import { JAVA_IGNORES } from "../../../src/formats/pkcs12/assemble.js";
import { decodePkcs12 } from "../../../src/formats/pkcs12/decode.js";
import { encodePkcs12 } from "../../../src/formats/pkcs12/encode.js";
import { OID } from "../../../src/formats/pkcs12/oids.js";
import { pbeEncrypt } from "../../../src/formats/pkcs12/pbe.js";
import { Certificate, isKeystoreError, parsePem } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";
import { inspect, jdks, keytool, keytoolEntries, requireInspect } from "../../helpers/java.js";

/**
 * Java's load-time rules for odd but real files (PKCS12KeyStore.loadSafeContents): counter aliases
 * "1", "2", … in bag order for bags without friendlyName; a key without localKeyId is kept only
 * when it is the first key ("01" workaround, also given to the first bag of a later safe), others
 * are dropped; a leaf is found by localKeyId, else by friendlyName. The files are built here and,
 * when a JDK is present, Java's own view of each is compared too.
 */
const pem = (file: string) => parsePem(readFileSync(join(repoRoot, "test/fixtures/pkcs12/src", file), "utf8"))[0]!.der;
const serverKey = pem("server-key.pem");
const server = new Certificate(pem("server.pem"));
const ca = new Certificate(pem("ca.pem"));
const PASSWORD = "changeit";
const spec = { scheme: "pbes2", prf: "SHA-256", cipher: "aes-128-cbc", iterations: 1, saltLength: 8, writeKeyLength: false } as const;

interface BagSpec {
  /** key: pkcs8ShroudedKeyBag; keyBag: the key in the clear (Java skips it); nested: a safeContentsBag of `bags`. */
  kind: "key" | "keyBag" | "cert" | "trusted" | "nested" | "secret";
  /** A secret bag's secretTypeId (its value: 16 zero bytes). */
  secretType?: string;
  name?: string;
  id?: string;
  cert?: Certificate;
  bags?: BagSpec[];
}

function bag({ kind, name, id, cert, bags, secretType }: BagSpec): Uint8Array {
  if (kind === "nested") return derSequence(derOid(OID.safeContentsBag), derExplicit(0, derSequence(...bags!.map(bag))));
  const attributes: Uint8Array[] = [];
  if (name !== undefined) attributes.push(derSequence(derOid(OID.friendlyName), derSet(derBmpString(name))));
  if (id !== undefined) attributes.push(derSequence(derOid(OID.localKeyId), derSet(derOctetString(new TextEncoder().encode(id)))));
  if (kind === "trusted") attributes.push(derSequence(derOid(OID.javaTrustedKeyUsage), derSet(derOid(OID.anyExtendedKeyUsage))));
  let type: string = OID.certBag;
  let value: Uint8Array;
  if (kind === "key") {
    const { algorithm, ciphertext } = pbeEncrypt(spec, serverKey, PASSWORD);
    type = OID.pkcs8ShroudedKeyBag;
    value = derSequence(algorithm, derOctetString(ciphertext));
  } else if (kind === "secret") {
    type = OID.secretBag;
    value = derSequence(derOid(secretType!), derExplicit(0, derOctetString(new Uint8Array(16))));
  } else if (kind === "keyBag") {
    type = OID.keyBag;
    value = serverKey;
  } else {
    value = derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(cert!.der)));
  }
  return derSequence(derOid(type), derExplicit(0, value), ...(attributes.length ? [derSet(...attributes)] : []));
}

/** A password-less PFX (no MAC, plain data safes), one SafeContents per inner list. */
function pfx(safes: BagSpec[][]): Uint8Array {
  const data = (content: Uint8Array) => derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
  const authSafe = derSequence(...safes.map((safe) => data(derSequence(...safe.map(bag)))));
  return derSequence(derInteger(3), data(authSafe));
}

/** `want`: the entries Java lists; `ignored`: the keys keystorekit keeps beside them, marked `javaIgnores`. */
const cases: { name: string; safes: BagSpec[][]; want: [alias: string, type: string, chain: Certificate[]][]; ignored?: [alias: string, reason: string][] }[] = [
  {
    name: "bags without friendlyName are named 1, 2, … in bag order",
    safes: [[{ kind: "trusted", cert: ca }, { kind: "key", id: "k" }, { kind: "cert", id: "k", cert: server }, { kind: "trusted", cert: server }]],
    want: [["1", "trustedCert", [ca]], ["2", "privateKey", [server, ca]], ["3", "trustedCert", [server]]],
  },
  {
    name: "the first key without localKeyId pairs by friendlyName; Java drops a second one",
    safes: [[{ kind: "key", name: "a" }, { kind: "key", name: "b" }], [{ kind: "cert", name: "A", cert: server }]],
    want: [["a", "privateKey", [server]]],
    ignored: [["b", JAVA_IGNORES.unpairedKey]],
  },
  {
    name: "an unencrypted keyBag is not an entry for Java, nor are the certificates of its chain",
    safes: [[{ kind: "keyBag", name: "server", id: "k" }, { kind: "cert", name: "server", id: "k", cert: server }, { kind: "cert", cert: ca }]],
    want: [],
    ignored: [["server", JAVA_IGNORES.keyBag]],
  },
  {
    name: "a keyBag takes no counter value: the next unnamed bag is still \"1\"",
    safes: [[{ kind: "keyBag" }, { kind: "trusted", cert: ca }]],
    want: [["1", "trustedCert", [ca]]],
    ignored: [["2", JAVA_IGNORES.keyBag]],
  },
  {
    name: "a keyBag is not counted as a key: a shrouded key without localKeyId after it is still Java's first",
    safes: [[{ kind: "keyBag", name: "a" }, { kind: "key", name: "b" }], [{ kind: "cert", cert: server }, { kind: "cert", cert: ca }]],
    want: [["b", "privateKey", [server, ca]]],
    ignored: [["a", JAVA_IGNORES.keyBag]],
  },
  {
    name: "Java does not look into a nested safeContentsBag: its entries are not Java's, its certificates join no chain of Java's",
    safes: [
      [
        { kind: "key", name: "outer", id: "o" },
        { kind: "cert", id: "o", cert: server },
        { kind: "nested", bags: [{ kind: "trusted", name: "ca", cert: ca }, { kind: "key", name: "inner", id: "i" }, { kind: "cert", id: "i", cert: server }] },
      ],
    ],
    want: [["outer", "privateKey", [server]]],
    ignored: [["ca", JAVA_IGNORES.nested], ["inner", JAVA_IGNORES.nested]],
  },
  {
    name: "a secret bag of another type than pkcs8ShroudedKeyBag is still a secret-key entry for Java",
    safes: [[{ kind: "secret", name: "odd", secretType: OID.x509Certificate }, { kind: "trusted", name: "ca", cert: ca }]],
    want: [["odd", "secretKey", []], ["ca", "trustedCert", [ca]]],
  },
  {
    name: "a keyBag named like an entry Java lists gets a free alias instead",
    safes: [[{ kind: "keyBag", name: "server", id: "k" }, { kind: "trusted", name: "server", cert: ca }]],
    want: [["server", "trustedCert", [ca]]],
    ignored: [["server-2", JAVA_IGNORES.keyBag]],
  },
  {
    name: "a sole key without localKeyId takes the first certificate of the next safe (Java's \"01\")",
    safes: [[{ kind: "key", name: "k" }], [{ kind: "cert", cert: server }, { kind: "cert", cert: ca }]],
    want: [["k", "privateKey", [server, ca]]],
  },
  {
    name: "localKeyId wins over friendlyName, and mixed-case names are lower-cased",
    safes: [[{ kind: "key", name: "Key", id: "x" }, { kind: "cert", name: "key", id: "y", cert: ca }, { kind: "cert", id: "x", cert: server }]],
    want: [["key", "privateKey", [server, ca]]],
  },
];

describe("Java's rules for keys, names and chains", () => {
  const files = cases.map((c) => pfx(c.safes));

  cases.forEach((c, i) => {
    it(c.name, () => {
      const store = decodePkcs12(files[i]!, { password: PASSWORD });
      const listed = store.entries().filter((e) => e.javaIgnores === undefined);
      expect(listed.map((e) => [e.alias, e.type, store.certificates(e.alias).map((x) => x.sha256)])).toEqual(
        c.want.map(([alias, type, chain]) => [alias, type, chain.map((x) => x.sha256)]),
      );
      for (const [alias, type] of c.want) if (type === "privateKey") expect(store.privateKeyPkcs8(alias, PASSWORD)).toEqual(serverKey);
      const ignored = store.entries().filter((e) => e.javaIgnores !== undefined);
      expect(ignored.map((e) => [e.alias, e.javaIgnores])).toEqual(c.ignored ?? []);
      // Kept so that the file can be converted: the key itself reads.
      for (const e of ignored) if (e.type === "privateKey") expect(store.privateKeyPkcs8(e.alias, PASSWORD)).toEqual(serverKey);
    });
  });

  it("Java 17 reads each of these files the same way", (context) => {
    requireInspect(context);
    const dir = mkdtempSync(join(tmpdir(), "kk-p12-rules-"));
    const paths = files.map((bytes, i) => {
      const path = join(dir, `case${i}.p12`);
      writeFileSync(path, bytes);
      return path;
    });
    const results = inspect(jdks[0]!, paths.map((file) => ({ file, type: "PKCS12" as const, storePassword: PASSWORD, keyPasswords: [PASSWORD] })));
    cases.forEach((c, i) => {
      const java = results[i]!;
      expect(java.load, c.name).toBe("ok");
      expect(java.entries!.map((e) => [e.alias, e.type, e.certChainSha256 ?? []]), c.name).toEqual(c.want.map(([alias, type, chain]) => [alias, type, chain.map((x) => x.sha256)]));
    });
  });

  // keytool needs no BouncyCastle, so this comparison runs wherever a JDK is installed (one JDK:
  // a launch per file; Java 17 and Temurin 25 agreed on every case when this was written).
  for (const jdk of jdks.slice(0, 1)) {
    it(`${jdk.name}: keytool -list -v shows exactly the entries not marked javaIgnores, with their chain lengths`, { timeout: 120_000 }, () => {
      const dir = mkdtempSync(join(tmpdir(), "kk-p12-keytool-"));
      cases.forEach((c, i) => {
        const path = join(dir, `case${i}.p12`);
        writeFileSync(path, files[i]!);
        const { status, output } = keytool(jdk, ["-list", "-v", "-keystore", path, "-storetype", "PKCS12", "-storepass", PASSWORD]);
        expect(status, output).toBe(0);
        const want = c.want.map(([alias, type, chain]) => `${alias} ${type}${type === "privateKey" ? ` chain ${chain.length}` : ""}`);
        expect(keytoolEntries(output), c.name).toEqual(want.sort());
      });
    });
  }

  it("the key of such a secret bag is UNSUPPORTED, as Java's getKey fails on it; writing it again is refused too", () => {
    const store = decodePkcs12(pfx([[{ kind: "secret", name: "odd", secretType: OID.keyBag }]]), { password: PASSWORD });
    for (const attempt of [() => store.secretKey("odd", PASSWORD), () => encodePkcs12(store, { password: PASSWORD })]) {
      try {
        attempt();
        expect.unreachable();
      } catch (error) {
        expect(isKeystoreError(error, "UNSUPPORTED"), String(error)).toBe(true);
        expect((error as Error).message).toContain('"odd"');
      }
    }
  });

  it("oversized bags are a LIMIT error", () => {
    try {
      decodePkcs12(files[0]!, { password: PASSWORD, limits: { maxObjectBytes: 100 } });
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "LIMIT")).toBe(true);
    }
  });
});
