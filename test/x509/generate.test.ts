import { afterEach, describe, expect, it, vi } from "vitest";
import { children, content, readTlv } from "../../src/binary/der.js";
import { isKeystoreError } from "../../src/model/errors.js";
import { generateKeyPair, generateSecretKey, javaEcPkcs8 } from "../../src/keys/generate.js";
import { defaultSignatureAlgorithm } from "../../src/x509/signature.js";

/**
 * Key generation follows keytool's defaults (measured: `keytool -genkeypair -keyalg X` without
 * -keysize/-sigalg/-validity, Java 17.0.15 and Temurin 25) and writes PKCS#8 as Java does; the
 * byte-for-byte comparison with Java's getEncoded() is in builders-tools.test.ts.
 */

afterEach(() => vi.restoreAllMocks());

describe("keytool's defaults", () => {
  it("keytool 25: RSA 3072 / SHA384withRSA, EC secp384r1 / SHA384withECDSA, Ed25519", async () => {
    const rsa = await generateKeyPair({ algorithm: "RSA" });
    expect([rsa.size, rsa.signatureAlgorithm]).toEqual([3072, "SHA384withRSA"]);
    const ec = await generateKeyPair({ algorithm: "ec" });
    expect([ec.curve, ec.signatureAlgorithm]).toEqual(["P-384", "SHA384withECDSA"]);
    expect((await generateKeyPair({ algorithm: "Ed25519" })).signatureAlgorithm).toBe("Ed25519");
  });

  it("keytool 17: RSA 2048 / SHA256withRSA, EC secp256r1 / SHA256withECDSA", async () => {
    const rsa = await generateKeyPair({ algorithm: "RSA", defaults: 17 });
    expect([rsa.size, rsa.signatureAlgorithm]).toEqual([2048, "SHA256withRSA"]);
    const ec = await generateKeyPair({ algorithm: "EC", defaults: 17 });
    expect([ec.curve, ec.signatureAlgorithm]).toEqual(["P-256", "SHA256withECDSA"]);
  });

  it("signature algorithm by key size, as each keytool printed it", () => {
    const rsa = (size: number) => ({ family: "RSA" as const, size, keyBits: new Uint8Array() });
    const ec = (size: number) => ({ family: "EC" as const, size, keyBits: new Uint8Array() });
    // keytool 25: "Generating 2048-bit RSA key pair and self-signed certificate (SHA384withRSA)", …
    expect([1024, 2048, 4096].map((n) => defaultSignatureAlgorithm(rsa(n), 25))).toEqual(["SHA384withRSA", "SHA384withRSA", "SHA384withRSA"]);
    expect([256, 384, 521].map((n) => defaultSignatureAlgorithm(ec(n), 25))).toEqual(["SHA384withECDSA", "SHA384withECDSA", "SHA512withECDSA"]);
    expect([1024, 2048, 4096].map((n) => defaultSignatureAlgorithm(rsa(n), 17))).toEqual(["SHA256withRSA", "SHA256withRSA", "SHA384withRSA"]);
    expect([256, 384, 521].map((n) => defaultSignatureAlgorithm(ec(n), 17))).toEqual(["SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"]);
  });
});

describe("Java's EC PKCS#8", () => {
  it("drops WebCrypto's public key from ECPrivateKey: { version 1, d } only, d as long as the field", async () => {
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-521" }, true, ["sign"]);
    const webCrypto = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
    const inner = (pkcs8: Uint8Array) => {
      const octets = content(children(readTlv(pkcs8, 0))[2]!);
      return children(readTlv(octets, 0));
    };
    expect(inner(webCrypto).some((part) => part.tag === 0xa1)).toBe(true);
    const java = javaEcPkcs8(webCrypto, 521);
    const [version, d, ...rest] = inner(java);
    expect(content(version!)).toEqual(Uint8Array.of(1));
    expect(content(d!).length).toBe(66);
    expect(rest).toEqual([]);
    // Still a key WebCrypto signs with.
    await crypto.subtle.importKey("pkcs8", new Uint8Array(java), { name: "ECDSA", namedCurve: "P-521" }, false, ["sign"]);
  });
});

describe("refusals", () => {
  it("a runtime without the algorithm gives UNSUPPORTED naming the runtime", async () => {
    vi.spyOn(crypto.subtle, "generateKey").mockRejectedValue(Object.assign(new Error("Unrecognized name."), { name: "NotSupportedError" }));
    const error = await generateKeyPair({ algorithm: "Ed448" }).catch((e: unknown) => e);
    expect(isKeystoreError(error, "UNSUPPORTED")).toBe(true);
    expect(String(error)).toMatch(/Node\.js .* cannot generate Ed448 keys/);
  });

  it("sizes and names keytool does not offer are INVALID_ARGUMENT", async () => {
    for (const options of [{ algorithm: "DSA" }, { algorithm: "RSA", size: 1024 }, { algorithm: "EC", size: 255 }, { algorithm: "EC", curve: "secp256k1" }, { algorithm: "EC", curve: "P-256", size: 384 }]) {
      const error = await generateKeyPair(options).catch((e: unknown) => e);
      expect(isKeystoreError(error, "INVALID_ARGUMENT"), JSON.stringify(options)).toBe(true);
    }
    expect(() => generateSecretKey({ algorithm: "AES" })).toThrow(/Please provide -keysize/);
    expect(() => generateSecretKey({ algorithm: "AES", size: 100 })).toThrow(/use 128, 192, 256/);
    expect(() => generateSecretKey({ algorithm: "DES", size: 56 })).toThrow(/Unsupported secret key/);
  });

  it("secret keys have the asked length, from the random source", () => {
    expect(generateSecretKey({ algorithm: "AES", size: 192, random: (n) => new Uint8Array(n).fill(7) })).toEqual({ algorithm: "AES", key: new Uint8Array(24).fill(7) });
    expect(generateSecretKey({ algorithm: "hmacsha384" }).key.length).toBe(48);
  });
});
