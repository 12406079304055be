import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodePem } from "../../../src/formats/pem/decode.js";
import { encodePem } from "../../../src/formats/pem/encode.js";
import { decodeKeystore, encodeKeystore, isKeystoreError, toPem } from "../../../src/index.js";
import { corpusFile, hasCorpus } from "../../helpers/corpus.js";

describe.skipIf(!hasCorpus)("PEM bundles", () => {
  const cacerts = () => decodeKeystore(corpusFile("stores/debian/cacerts-debian.jks"), { password: "changeit" });

  it("a key followed by certificates becomes a private-key entry with that chain", () => {
    const certs = cacerts().entries().slice(0, 3).flatMap((entry) => (entry.type === "trustedCert" ? [entry.certificate] : []));
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pkcs8 = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
    const text = certs[2]!.toPem() + toPem("PRIVATE KEY", pkcs8) + certs[0]!.toPem() + certs[1]!.toPem();
    const store = decodePem(text);
    expect(store.entries().map((e) => e.type)).toEqual(["trustedCert", "privateKey"]);
    const key = store.entries()[1]!;
    expect(store.certificates(key.alias).map((c) => c.sha256)).toEqual([certs[0]!.sha256, certs[1]!.sha256]);
    expect(store.privateKeyPkcs8(key.alias)).toEqual(pkcs8);
    // And out again, then into JKS and back.
    const again = decodePem(encodePem(store, { includeKeys: true }));
    expect(again.privateKeyPkcs8(key.alias)).toEqual(pkcs8);
    const jks = decodeKeystore(encodeKeystore(store, { format: "JKS", password: "pw" }), { password: "pw" });
    expect(jks.privateKeyPkcs8(key.alias, "pw")).toEqual(pkcs8);
  });

  it("refuses encrypted and traditional keys, and text without PEM, with typed errors", () => {
    for (const text of ["-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "nothing"]) {
      try {
        decodePem(text);
        expect.unreachable();
      } catch (error) {
        expect(isKeystoreError(error)).toBe(true);
      }
    }
  });
});
