import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { derExplicit, derInteger, derOctetString, derOid, derSequence, derSet } from "../../../src/binary/der.js";
import { decodePkcs12 } from "../../../src/formats/pkcs12/decode.js";
import { OID } from "../../../src/formats/pkcs12/oids.js";
import { pbeEncrypt } from "../../../src/formats/pkcs12/pbe.js";
import { Certificate, parsePem } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";

/**
 * Java writes a CA that is in several chains once per chain; the decoder keeps one Certificate per
 * distinct DER (issue 16: keys-100 has 100 copies of its CA, each parsed, named and hashed before).
 */
const pem = (file: string) => parsePem(readFileSync(join(repoRoot, "test/fixtures/pkcs12/src", file), "utf8"))[0]!.der;
const serverKey = pem("server-key.pem");
const server = pem("server.pem");
const ca = pem("ca.pem");
const spec = { scheme: "pbes2", prf: "SHA-256", cipher: "aes-128-cbc", iterations: 1, saltLength: 8, writeKeyLength: false } as const;
const localKeyId = (id: string) => derSequence(derOid(OID.localKeyId), derSet(derOctetString(new TextEncoder().encode(id))));

function keyBag(id: string): Uint8Array {
  const { algorithm, ciphertext } = pbeEncrypt(spec, serverKey, "changeit");
  return derSequence(derOid(OID.pkcs8ShroudedKeyBag), derExplicit(0, derSequence(algorithm, derOctetString(ciphertext))), derSet(localKeyId(id)));
}

function certBag(der: Uint8Array, id?: string): Uint8Array {
  const value = derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(der)));
  return derSequence(derOid(OID.certBag), derExplicit(0, value), ...(id ? [derSet(localKeyId(id))] : []));
}

/** A password-less PFX with one plain SafeContents. */
function pfx(bags: Uint8Array[]): Uint8Array {
  const data = (content: Uint8Array) => derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
  return derSequence(derInteger(3), data(derSequence(data(derSequence(...bags)))));
}

/** `der` with one byte in the middle (the public key's) changed: same length, same first and last bytes, another certificate. */
function variant(der: Uint8Array, n: number): Uint8Array {
  const copy = der.slice();
  const middle = der.length >> 1;
  copy[middle] = (copy[middle]! + n) & 0xff;
  return copy;
}

describe("PKCS#12 certificate copies (one Certificate per distinct DER)", () => {
  it("gives every chain the same CA object, and a further copy is no untrusted certificate", () => {
    const store = decodePkcs12(pfx([keyBag("a"), certBag(server, "a"), certBag(ca), keyBag("b"), certBag(server, "b"), certBag(ca), certBag(ca)]), { password: "changeit" });
    const [a, b] = [store.get("1"), store.get("2")];
    if (a?.type !== "privateKey" || b?.type !== "privateKey") throw new Error("expected two key entries");
    expect(a.chain.map((c) => c.sha256)).toEqual([new Certificate(server).sha256, new Certificate(ca).sha256]);
    expect(b.chain[1]).toBe(a.chain[1]);
    expect(b.chain[0]).toBe(a.chain[0]);
    expect(store.untrustedCertificates).toEqual([]);
  });

  it("keeps certificates apart that only share length and last bytes, also past the group limit", () => {
    const variants = [1, 2, 3, 4, 5, 6, 7].map((n) => variant(ca, n));
    expect(new Set(variants.map((v) => new Certificate(v).sha256)).size).toBe(7);
    // They fall into one group of the decoder's (length, first 40 and last 16 bytes), past its limit of 4.
    const outline = (der: Uint8Array) => `${der.length} ${der.subarray(0, 40).join()} ${der.subarray(-16).join()}`;
    expect(new Set([ca, ...variants].map(outline)).size).toBe(1);
    const store = decodePkcs12(pfx([keyBag("a"), certBag(server, "a"), certBag(ca), ...variants.map((v) => certBag(v)), ...variants.map((v) => certBag(v))]), { password: "changeit" });
    const entry = store.get("1");
    if (entry?.type !== "privateKey") throw new Error("expected a key entry");
    expect(entry.chain[1]!.der).toEqual(ca);
    // Each variant once, in bag order: the copies are recognised whether or not they were shared.
    expect(store.untrustedCertificates.map((c) => c.der)).toEqual(variants);
  });
});
