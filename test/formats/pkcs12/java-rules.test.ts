import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { derBmpString, derExplicit, derInteger, derOctetString, derOid, derSequence, derSet } from "../../../src/binary/der.js";
import { decodePkcs12 } from "../../../src/formats/pkcs12/decode.js";
import { OID } from "../../../src/formats/pkcs12/oids.js";
import { pbeEncrypt } from "../../../src/formats/pkcs12/pbe.js";
import { Certificate, isKeystoreError, parsePem } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";
import { inspect, jdks, requireInspect } from "../../helpers/java.js";

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
  kind: "key" | "cert" | "trusted";
  name?: string;
  id?: string;
  cert?: Certificate;
}

function bag({ kind, name, id, cert }: BagSpec): Uint8Array {
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

const cases: { name: string; safes: BagSpec[][]; want: [alias: string, type: string, chain: Certificate[]][] }[] = [
  {
    name: "bags without friendlyName are named 1, 2, … in bag order",
    safes: [[{ kind: "trusted", cert: ca }, { kind: "key", id: "k" }, { kind: "cert", id: "k", cert: server }, { kind: "trusted", cert: server }]],
    want: [["1", "trustedCert", [ca]], ["2", "privateKey", [server, ca]], ["3", "trustedCert", [server]]],
  },
  {
    name: "the first key without localKeyId pairs by friendlyName; a second one is dropped",
    safes: [[{ kind: "key", name: "a" }, { kind: "key", name: "b" }], [{ kind: "cert", name: "A", cert: server }]],
    want: [["a", "privateKey", [server]]],
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
      expect(store.entries().map((e) => [e.alias, e.type, store.certificates(e.alias).map((x) => x.sha256)])).toEqual(
        c.want.map(([alias, type, chain]) => [alias, type, chain.map((x) => x.sha256)]),
      );
      for (const [alias, type] of c.want) if (type === "privateKey") expect(store.privateKeyPkcs8(alias, PASSWORD)).toEqual(serverKey);
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
      expect(java.entries!.map((e) => [e.alias, e.type, e.certChainSha256]), c.name).toEqual(c.want.map(([alias, type, chain]) => [alias, type, chain.map((x) => x.sha256)]));
    });
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
