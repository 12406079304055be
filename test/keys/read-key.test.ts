import { generateKeyPairSync } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TAG, children, derSequence, encoding, expectTlv } from "../../src/binary/der.js";
import { readCertificates, toPem } from "../../src/index.js";
import { keyMatchesCertificate, publicKeyOfPrivateKey, publicKeyOfSpki, samePublicKey } from "../../src/keys/public-key.js";
import { readPrivateKey } from "../../src/keys/read-key.js";
import { isKeystoreError, type KeystoreErrorCode } from "../../src/model/errors.js";

/** Every key form OpenSSL writes (test/fixtures/keys/generate.sh) reads as OpenSSL's own PKCS#8. */

const root = join(import.meta.dirname, "../fixtures/keys");
const passphrase = readFileSync(join(root, "passphrase.txt"), "utf8").trim();
const names = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "chain" && d.name !== "mtls").map((d) => d.name);
const keyFiles = (name: string) => readdirSync(join(root, name)).filter((file) => !file.startsWith("expected") && file !== "cert.pem");
const bytes = (name: string, file: string) => new Uint8Array(readFileSync(join(root, name, file)));
const text = (name: string, file: string) => readFileSync(join(root, name, file), "utf8");

function codeOf(run: () => unknown): KeystoreErrorCode | "none" {
  try {
    run();
    return "none";
  } catch (error) {
    if (isKeystoreError(error)) return error.code;
    throw error;
  }
}

describe("readPrivateKey on OpenSSL's files", () => {
  it("has the fixtures", () => {
    expect(names.sort()).toEqual(["ec256", "ec384", "ec521", "ed25519", "ed448", "rsa2048", "rsa3072"]);
  });

  for (const name of names) {
    describe(name, () => {
      const certificate = readCertificates(bytes(name, "cert.pem"))[0]!;
      for (const file of keyFiles(name)) {
        it(`${file} → the PKCS#8 of openssl pkcs8 -topk8, matching the certificate`, () => {
          const expected = bytes(name, file.includes("nopub") ? "expected-nopub.der" : "expected.der");
          const key = readPrivateKey(bytes(name, file), { passphrase });
          expect(key.pkcs8).toEqual(expected);
          expect(key.encrypted).toBe(/^(enc|legacy)-/.test(file));
          expect(keyMatchesCertificate(key.pkcs8, certificate)).toBe(true);
          // The same from text as from bytes.
          if (file.endsWith(".pem")) expect(readPrivateKey(text(name, file), { passphrase }).pkcs8).toEqual(expected);
        });
        if (/^(enc|legacy)-/.test(file)) {
          it(`${file}: a wrong passphrase is WRONG_KEY_PASSWORD, none is PASSWORD_REQUIRED`, () => {
            expect(codeOf(() => readPrivateKey(bytes(name, file), { passphrase: passphrase + "x" }))).toBe("WRONG_KEY_PASSWORD");
            expect(codeOf(() => readPrivateKey(bytes(name, file)))).toBe("PASSWORD_REQUIRED");
          });
        }
      }
      it("another key's certificate does not match", () => {
        const other = readCertificates(bytes(names.find((n) => n !== name && n.slice(0, 2) === name.slice(0, 2)) ?? "rsa2048", "cert.pem"))[0]!;
        expect(keyMatchesCertificate(bytes(name, "expected.der"), other)).toBe(false);
      });
    });
  }
});

describe("public keys", () => {
  it("a SEC1 key without its public key gets it computed: the same point as the certificate's", () => {
    for (const name of names.filter((n) => n.startsWith("ec"))) {
      const computed = publicKeyOfPrivateKey(bytes(name, "expected-nopub.der"));
      const stored = publicKeyOfPrivateKey(bytes(name, "expected.der"));
      expect(samePublicKey(computed, stored)).toBe(true);
      expect(samePublicKey(computed, publicKeyOfSpki(readCertificates(bytes(name, "cert.pem"))[0]!.subjectPublicKeyInfo))).toBe(true);
    }
  });
});

describe("damaged key files", () => {
  const pem = text("rsa2048", "pkcs8.pem");
  it("a PEM cut short is TRUNCATED", () => {
    expect(codeOf(() => readPrivateKey(pem.slice(0, pem.length / 2)))).toBe("TRUNCATED");
  });
  it("one PEM scanner: the shared parsePem, which skips an unclosed block, still gives TRUNCATED and MALFORMED for key files", () => {
    // After a complete certificate, the key cut short: TRUNCATED, not "no key in the file".
    const cert = text("rsa2048", "cert.pem");
    expect(codeOf(() => readPrivateKey(`${cert}${pem.slice(0, pem.length - 40)}`))).toBe("TRUNCATED");
    // BEGIN PRIVATE KEY closed by another label.
    expect(codeOf(() => readPrivateKey(pem.replace("END PRIVATE KEY", "END RSA PRIVATE KEY")))).toBe("MALFORMED");
    // A body that is not base64.
    expect(codeOf(() => readPrivateKey(pem.replace(/\n[A-Za-z0-9+/]{8}/, "\n!!!!!!!!")))).toBe("MALFORMED");
  });
  it("DER cut short is TRUNCATED, trailing bytes MALFORMED", () => {
    const der = bytes("ec256", "pkcs8.der");
    expect(codeOf(() => readPrivateKey(der.subarray(0, der.length - 5)))).toBe("TRUNCATED");
    expect(codeOf(() => readPrivateKey(Uint8Array.of(...der, 0)))).toBe("MALFORMED");
  });
  it("text without a key is INVALID_ARGUMENT, naming what it found", () => {
    expect(() => readPrivateKey(text("ec256", "cert.pem"))).toThrow(/No private key found: the text has only "CERTIFICATE" blocks/);
  });
  it("two keys in one text are refused", () => {
    expect(codeOf(() => readPrivateKey(pem + pem))).toBe("INVALID_ARGUMENT");
  });
});

describe("less common shapes", () => {
  it("a SEC1 key without [0] parameters takes its curve from an EC PARAMETERS block, and is MALFORMED without one", () => {
    const sec1 = bytes("ec256", "trad.der");
    const fields = children(expectTlv(sec1, 0, sec1.length, TAG.SEQUENCE, "ECPrivateKey"));
    const bare = derSequence(...fields.filter((field) => field.tag !== 0xa0).map(encoding));
    const curve = encoding(children(fields.find((field) => field.tag === 0xa0)!)[0]!);
    const pem = toPem("EC PARAMETERS", curve) + toPem("EC PRIVATE KEY", bare);
    expect(readPrivateKey(pem).pkcs8).toEqual(bytes("ec256", "expected.der"));
    expect(() => readPrivateKey(toPem("EC PRIVATE KEY", bare))).toThrow(/does not name its curve/);
  });

  it("a DSA key's public key is g^x mod p, as in its certificate", () => {
    const { privateKey, publicKey } = generateKeyPairSync("dsa", { modulusLength: 1024, divisorLength: 160 });
    const pkcs8 = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
    const spki = new Uint8Array(publicKey.export({ format: "der", type: "spki" }));
    expect(readPrivateKey(pkcs8).algorithm).toBe("DSA");
    expect(samePublicKey(publicKeyOfPrivateKey(pkcs8), publicKeyOfSpki(spki))).toBe(true);
  });
});
