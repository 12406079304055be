import { constants, createHash, createSign, privateEncrypt, generateKeyPairSync, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HASHES, type HashName } from "../../src/crypto/hash.js";
import { modPow, toBigInt, verifyRsaPkcs1, verifyRsaPss, type RsaPublicKey } from "../../src/crypto/rsa-verify.js";

/**
 * The BigInt RSA verifier against OpenSSL (through node:crypto) as the signer: every signature
 * OpenSSL makes verifies, and any change to message, signature or key makes it fail.
 */

const NODE_NAMES: Partial<Record<HashName, string>> = {
  "SHA-1": "sha1",
  "SHA-224": "sha224",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
  "SHA-512/224": "sha512-224",
  "SHA-512/256": "sha512-256",
};
const HASH_NAMES = Object.keys(NODE_NAMES) as HashName[];

function rsaKey(bits: number): { privateKey: KeyObject; key: RsaPublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = publicKey.export({ format: "jwk" });
  const number = (b64: string) => toBigInt(new Uint8Array(Buffer.from(b64, "base64url")));
  return { privateKey, key: { n: number(jwk.n!), e: number(jwk.e!) } };
}

// 1025 and 1031 bits: the PSS encoding is one byte shorter than the modulus, or has unused top bits.
const keys = [1024, 1025, 1031, 2048].map(rsaKey);

function sign(privateKey: KeyObject, hash: HashName, message: Uint8Array, pssSalt?: number): Uint8Array {
  const signer = createSign(NODE_NAMES[hash]!);
  signer.update(message);
  const options = pssSalt === undefined ? { key: privateKey } : { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pssSalt };
  return new Uint8Array(signer.sign(options));
}

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const out = bytes.slice();
  out[index % out.length]! ^= 1 << index % 8;
  return out;
}

describe("RSA verification without WebCrypto", () => {
  it("modPow agrees with repeated multiplication", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 200n }), fc.integer({ min: 0, max: 40 }), fc.bigInt({ min: 2n, max: 1n << 128n }), (base, exponent, modulus) => {
        let expected = 1n % modulus;
        for (let i = 0; i < exponent; i++) expected = (expected * base) % modulus;
        expect(modPow(base, BigInt(exponent), modulus)).toBe(expected);
      }),
    );
  });

  it("PKCS#1 v1.5: OpenSSL's signatures verify, with every hash; damaged ones do not", () => {
    fc.assert(
      fc.property(fc.nat({ max: keys.length - 1 }), fc.constantFrom(...HASH_NAMES), fc.uint8Array({ maxLength: 300 }), fc.nat(), (k, hash, message, where) => {
        const { privateKey, key } = keys[k]!;
        const signature = sign(privateKey, hash, message);
        expect(verifyRsaPkcs1(key, HASHES[hash], message, signature)).toBe(true);
        expect(verifyRsaPkcs1(key, HASHES[hash], flipped(message.length ? message : new Uint8Array(1), where), signature)).toBe(false);
        expect(verifyRsaPkcs1(key, HASHES[hash], message, flipped(signature, where))).toBe(false);
        expect(verifyRsaPkcs1(keys[(k + 1) % keys.length]!.key, HASHES[hash], message, signature)).toBe(false);
        const other = hash === "SHA-256" ? "SHA-384" : "SHA-256";
        expect(verifyRsaPkcs1(key, HASHES[other], message, signature)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("PSS: OpenSSL's signatures verify with the salt length they were made with; damaged ones do not", () => {
    fc.assert(
      fc.property(fc.nat({ max: keys.length - 1 }), fc.constantFrom(...HASH_NAMES), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 64 }), fc.nat(), (k, hash, message, salt, where) => {
        const { privateKey, key } = keys[k]!;
        const h = HASHES[hash];
        const emLen = Math.ceil((key.n.toString(2).length - 1) / 8);
        fc.pre(emLen >= h.outputLength + salt + 2);
        const signature = sign(privateKey, hash, message, salt);
        expect(verifyRsaPss(key, h, h, salt, message, signature)).toBe(true);
        expect(verifyRsaPss(key, h, h, salt + 1, message, signature)).toBe(false);
        expect(verifyRsaPss(key, h, h, salt, flipped(message.length ? message : new Uint8Array(1), where), signature)).toBe(false);
        expect(verifyRsaPss(key, h, h, salt, message, flipped(signature, where))).toBe(false);
        expect(verifyRsaPkcs1(key, h, message, signature)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("PKCS#1 v1.5: accepts a DigestInfo without NULL parameters (RFC 4055), refuses one with other bytes", () => {
    const { privateKey, key } = keys[3]!;
    const message = new TextEncoder().encode("old signer");
    const digest = createHash("sha256").update(message).digest();
    const prefix = (hex: string) => Buffer.concat([Buffer.from(hex, "hex"), digest]);
    const raw = (digestInfo: Buffer) => new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo));
    expect(verifyRsaPkcs1(key, HASHES["SHA-256"], message, raw(prefix("302f300b0609608648016503040201" + "0420")))).toBe(true);
    expect(verifyRsaPkcs1(key, HASHES["SHA-256"], message, raw(prefix("3031300d060960864801650304020105000420")))).toBe(true);
    // BER-style long length, which a lenient parser would accept (the Bleichenbacher 2006 shape).
    expect(verifyRsaPkcs1(key, HASHES["SHA-256"], message, raw(prefix("308131300d060960864801650304020105000420")))).toBe(false);
  });

  it("refuses a signature that is not exactly as long as the modulus, or not below it", () => {
    const { privateKey, key } = keys[3]!;
    const message = new TextEncoder().encode("hello");
    const signature = sign(privateKey, "SHA-256", message);
    const padded = new Uint8Array(signature.length + 1);
    padded.set(signature, 1);
    expect(verifyRsaPkcs1(key, HASHES["SHA-256"], message, padded)).toBe(false);
    expect(verifyRsaPkcs1(key, HASHES["SHA-256"], message, signature.subarray(1))).toBe(false);
    expect(verifyRsaPkcs1(key, HASHES["SHA-256"], message, new Uint8Array(signature.length).fill(0xff))).toBe(false);
    expect(verifyRsaPkcs1({ n: 0n, e: 65537n }, HASHES["SHA-256"], message, signature)).toBe(false);
  });
});
