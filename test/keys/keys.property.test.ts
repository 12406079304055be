import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TAG, children, derSequence, encoding, expectTlv } from "../../src/binary/der.js";
import { isKeystoreError, publicKeyOfPrivateKey, publicKeyOfSpki, readCertificateBundle, readPrivateKey, samePublicKey } from "../../src/index.js";

/**
 * Random keys made by node:crypto, written in every form node can write, read back as node's
 * PKCS#8, with the public key derived as node derives it; damaged key files raise only typed errors.
 */

type Kind = { type: "ec"; curve: "P-256" | "P-384" | "P-521" } | { type: "ed25519" | "ed448" } | { type: "rsa"; bits: 1024 | 2048 };
const kinds: Kind[] = [
  { type: "ec", curve: "P-256" },
  { type: "ec", curve: "P-384" },
  { type: "ec", curve: "P-521" },
  { type: "ed25519" },
  { type: "ed448" },
  { type: "rsa", bits: 1024 },
];

function generate(kind: Kind): KeyObject {
  if (kind.type === "ec") return generateKeyPairSync("ec", { namedCurve: kind.curve }).privateKey;
  if (kind.type === "rsa") return generateKeyPairSync("rsa", { modulusLength: kind.bits }).privateKey;
  return kind.type === "ed25519" ? generateKeyPairSync("ed25519").privateKey : generateKeyPairSync("ed448").privateKey;
}

const der = (value: string | Buffer) => new Uint8Array(value as Buffer);
const cipherArb = fc.constantFrom("aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "des-ede3-cbc");
const passphraseArb = fc.string({ minLength: 1, maxLength: 16, unit: "grapheme" });

/** The SEC1 structure without its [1] public key (as `openssl ec -no_public` writes it). */
function withoutPublicKey(sec1: Uint8Array): Uint8Array {
  const fields = children(expectTlv(sec1, 0, sec1.length, TAG.SEQUENCE, "ECPrivateKey"));
  return derSequence(...fields.filter((field) => field.tag !== 0xa1).map(encoding));
}

describe("random keys in every form", () => {
  it("read back as node's PKCS#8, with node's public key", () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), cipherArb, passphraseArb, (kind, cipher, passphrase) => {
        const key = generate(kind);
        const pkcs8 = der(key.export({ format: "der", type: "pkcs8" }));
        const spki = der(createPublicKey(key).export({ format: "der", type: "spki" }));
        const forms: { input: Uint8Array | string; passphrase?: string }[] = [
          { input: pkcs8 },
          { input: key.export({ format: "pem", type: "pkcs8" }) as string },
          { input: key.export({ format: "pem", type: "pkcs8", cipher, passphrase }) as string, passphrase },
          { input: der(key.export({ format: "der", type: "pkcs8", cipher: "aes-256-cbc", passphrase })), passphrase },
        ];
        if (kind.type === "rsa") {
          forms.push({ input: der(key.export({ format: "der", type: "pkcs1" })) });
          forms.push({ input: key.export({ format: "pem", type: "pkcs1", cipher, passphrase }) as string, passphrase });
        }
        if (kind.type === "ec") {
          forms.push({ input: der(key.export({ format: "der", type: "sec1" })) });
          forms.push({ input: key.export({ format: "pem", type: "sec1", cipher, passphrase }) as string, passphrase });
        }
        const expected = publicKeyOfSpki(spki);
        for (const form of forms) {
          const read = readPrivateKey(form.input, form.passphrase === undefined ? {} : { passphrase: form.passphrase });
          expect(read.pkcs8).toEqual(pkcs8);
          expect(samePublicKey(publicKeyOfPrivateKey(read.pkcs8), expected)).toBe(true);
        }
        if (kind.type === "ec") {
          // Without the public key in the file, it is computed: the same point.
          const bare = readPrivateKey(withoutPublicKey(der(key.export({ format: "der", type: "sec1" }))));
          expect(samePublicKey(publicKeyOfPrivateKey(bare.pkcs8), expected)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

const fixtures = join(import.meta.dirname, "../fixtures/keys");
const samples = ["rsa2048/pkcs8.der", "rsa2048/trad.pem", "ec256/trad.der", "ec384/enc-aes128-sha1.pem", "ec256/legacy-aes128.pem", "ed25519/pkcs8.pem", "rsa2048/enc-aes256-sha256.der", "chain/reply-rsa2048.p7b"];
const passphrase = readFileSync(join(fixtures, "passphrase.txt"), "utf8").trim();

function onlyTypedErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isKeystoreError(error)) throw error;
  }
}

describe("damaged key files", () => {
  it("flipped bytes, cuts and insertions give a key or a typed error, never another exception", () => {
    const files = samples.map((path) => new Uint8Array(readFileSync(join(fixtures, path))));
    const mutation = fc.record({
      file: fc.nat({ max: files.length - 1 }),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "cut", "insert")), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let bytes = files[file]!.slice();
        for (const [position, value, kind] of edits) {
          const at = position % Math.max(1, bytes.length);
          if (kind === "set") bytes[at] = value;
          else if (kind === "cut") bytes = bytes.slice(0, at);
          else bytes = Uint8Array.of(...bytes.subarray(0, at), value, ...bytes.subarray(at));
        }
        onlyTypedErrors(() => readPrivateKey(bytes, { passphrase, limits: { maxIterations: 10_000 } }));
        onlyTypedErrors(() => publicKeyOfPrivateKey(bytes));
        onlyTypedErrors(() => readCertificateBundle(bytes));
      }),
      { numRuns: 1500 },
    );
  });
});

describe("wrong passphrases", () => {
  it("are WRONG_KEY_PASSWORD, also when one gets past the padding check (about 1 in 256)", () => {
    const legacy = readFileSync(join(fixtures, "ec256/legacy-aes128.pem"), "utf8");
    let codes = new Set<string>();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((p) => p !== passphrase), (wrong) => {
        try {
          readPrivateKey(legacy, { passphrase: wrong });
          expect.unreachable();
        } catch (error) {
          if (!isKeystoreError(error)) throw error;
          codes = codes.add(error.code);
        }
      }),
      { numRuns: 2000 },
    );
    expect([...codes]).toEqual(["WRONG_KEY_PASSWORD"]);
  });
});

describe("Edwards curve constants (literals since issue 16)", () => {
  it("Ed25519 d = -121665/121666 and gy = 4/5 modulo p (RFC 8032 5.1)", async () => {
    const { EDWARDS_CURVES } = await import("../../src/keys/ec-math.js");
    const { modPow } = await import("../../src/crypto/rsa-verify.js");
    const { p, d, gy } = EDWARDS_CURVES.Ed25519;
    expect(d).toBe(((p - 121665n) * modPow(121666n, p - 2n, p)) % p);
    expect(gy).toBe((4n * modPow(5n, p - 2n, p)) % p);
  });
});
