import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseBer, sequence, explicit, octets } from "../../../src/binary/ber.js";
import { derExplicit, derInteger, derOctetString, derOid, derSequence } from "../../../src/binary/der.js";
import { HASHES } from "../../../src/crypto/hash.js";
import { setNativePbkdf2 } from "../../../src/crypto/pbkdf2.js";
import { computeMac, type MacSpec } from "../../../src/formats/pkcs12/mac.js";
import { OID } from "../../../src/formats/pkcs12/oids.js";
import type { PbeSpec } from "../../../src/formats/pkcs12/pbe.js";
import { PKCS12_PROFILES, type Pkcs12Profile } from "../../../src/formats/pkcs12/profiles.js";
import { fixtureCertificate } from "../../helpers/crafted-stores.js";
import { Certificate, DEFAULT_LIMITS, Keystore, decodeKeystore, decodeKeystoreAsync, encodeKeystore, isKeystoreError } from "../../../src/index.js";

/**
 * A PKCS#12 load runs one key derivation per encrypted safe, and the file chooses how many safes it
 * has (issue 12, item 12). limits.maxTotalIterations bounds their sum with the MAC's, refused with
 * LIMIT before the first derivation. Work is counted through the PBKDF2 hook, never by timing.
 */
const pbkdf2Work = { calls: 0, iterations: 0 };
beforeEach(() => {
  pbkdf2Work.calls = 0;
  pbkdf2Work.iterations = 0;
  setNativePbkdf2((request) => {
    pbkdf2Work.calls++;
    pbkdf2Work.iterations += request.iterations;
    return pbkdf2(HASHES[request.prf].noble, request.password, request.salt, { c: request.iterations, dkLen: request.length });
  });
});
afterEach(() => setNativePbkdf2(null));

const SAFE_ITERATIONS = 100;
const safeSpec: PbeSpec = { scheme: "pbes2", prf: "SHA-256", cipher: "aes-128-cbc", iterations: SAFE_ITERATIONS, saltLength: 8, writeKeyLength: false };
const CERT = new Certificate(fixtureCertificate("ca.pem"));

/** The encrypted certificate safe (a ContentInfo) of a one-certificate store saved with `spec`. */
function encryptedSafe(alias: string, password: string, spec: PbeSpec): Uint8Array {
  const store = new Keystore({ format: "PKCS12" });
  store.set({ type: "trustedCert", alias, created: null, certificate: CERT });
  const profile: Pkcs12Profile = { ...PKCS12_PROFILES.passwordless, certificates: spec };
  const saved = setNativePbkdf2Paused(() => encodeKeystore(store, { format: "PKCS12", password, profile }));
  const [, authSafe] = sequence(parseBer(saved), "PFX");
  const content = octets(explicit(sequence(authSafe, "authSafe")[1], "content"), "content");
  return sequence(parseBer(content), "AuthenticatedSafe")[0]!.encoded;
}

/** A PKCS#12 of the given ContentInfos, with no MAC or with `mac` over them. */
function pfx(contentInfos: Uint8Array[], password: string, mac: MacSpec | null = null): Uint8Array {
  const authSafe = derSequence(...contentInfos);
  const parts = [derInteger(3), derSequence(derOid(OID.data), derExplicit(0, derOctetString(authSafe)))];
  if (mac) parts.push(setNativePbkdf2Paused(() => computeMac(mac, authSafe, password)));
  return derSequence(...parts);
}

/** A PKCS#12 of `safes` encrypted safes, each holding one trusted certificate ("ca0", "ca1", …). */
function manySafes(safes: number, password: string, mac: MacSpec | null = null): Uint8Array {
  return pfx(Array.from({ length: safes }, (_, i) => encryptedSafe(`ca${i}`, password, safeSpec)), password, mac);
}

/** Runs `make` without counting its PBKDF2 work. */
function setNativePbkdf2Paused<T>(make: () => T): T {
  const before = { ...pbkdf2Work };
  const result = make();
  Object.assign(pbkdf2Work, before);
  return result;
}

function expectLimit(run: () => unknown): void {
  try {
    run();
    expect.unreachable("the load went through");
  } catch (error) {
    expect(isKeystoreError(error, "LIMIT")).toBe(true);
    expect((error as Error).message).toContain("limits.maxTotalIterations");
  }
}

describe("PKCS#12 loads: limits.maxTotalIterations", () => {
  it("counts every encrypted safe, and refuses before the first derivation", () => {
    const bytes = manySafes(50, "pw");
    const total = 50 * SAFE_ITERATIONS;
    expectLimit(() => decodeKeystore(bytes, { password: "pw", limits: { maxTotalIterations: total - 1 } }));
    expectLimit(() => decodeKeystore(bytes, { password: "wrong", limits: { maxTotalIterations: total - 1 } }));
    expect(pbkdf2Work.calls).toBe(0);
    const store = decodeKeystore(bytes, { password: "pw", limits: { maxTotalIterations: total } });
    expect(store.size).toBe(50);
    expect(pbkdf2Work).toEqual({ calls: 50, iterations: total });
  });

  it("counts the MAC too", () => {
    const mac: MacSpec = { hash: "SHA-256", iterations: 7, saltLength: 8 };
    const bytes = manySafes(3, "pw", mac);
    expectLimit(() => decodeKeystore(bytes, { password: "pw", limits: { maxTotalIterations: 3 * SAFE_ITERATIONS + 6 } }));
    expect(decodeKeystore(bytes, { password: "pw", limits: { maxTotalIterations: 3 * SAFE_ITERATIONS + 7 } }).integrity).toBe("verified");
  });

  it("the async decoder refuses before deriving anything, too", async () => {
    const bytes = manySafes(20, "pw");
    await expect(decodeKeystoreAsync(bytes, { password: "pw", limits: { maxTotalIterations: 20 * SAFE_ITERATIONS - 1 } })).rejects.toMatchObject({ code: "LIMIT" });
    expect(pbkdf2Work.calls).toBe(0);
  });

  it("the default limit refuses 1,001 safes at Java's 10,000 iterations, and loads them without a password", () => {
    expect(DEFAULT_LIMITS.maxTotalIterations).toBe(10_000_000);
    // One safe at Java's default count, repeated (the load is refused before the repeated aliases matter).
    const safe = encryptedSafe("ca", "pw", { ...safeSpec, iterations: 10_000 });
    const bytes = pfx(Array.from({ length: 1001 }, () => safe), "pw");
    expectLimit(() => decodeKeystore(bytes, { password: "pw" }));
    expect(pbkdf2Work.calls).toBe(0);
    // Without a password, as Java's load(in, null), encrypted safes are skipped: nothing to derive.
    expect(decodeKeystore(bytes).size).toBe(0);
    // Two such safes, as a real store might have, are well within the default.
    const two = pfx([safe, encryptedSafe("cb", "pw", { ...safeSpec, iterations: 10_000 })], "pw");
    expect(decodeKeystore(two, { password: "pw" }).aliases()).toEqual(["ca", "cb"]);
    expect(pbkdf2Work).toEqual({ calls: 2, iterations: 20_000 });
  });
});
