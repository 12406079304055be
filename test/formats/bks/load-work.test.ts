import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ByteWriter } from "../../../src/binary/writer.js";
import { PKCS12_MAC_ID, bmpPassword, pkcs12Kdf } from "../../../src/crypto/pkcs12-kdf.js";
import { BksSealedKey, bksEntryKind, decodeBks, decodeKeystore, isKeystoreError, type SecretKeyEntry } from "../../../src/index.js";
import { repoRoot, sha256Hex } from "../../helpers/corpus.js";
import { readInspectLines } from "../../helpers/java.js";

/**
 * What a BKS/UBER load costs (issue 12, items 11 and 12): the HMAC is checked before anything is
 * decrypted, sealed keys are decrypted only when asked for, and the key derivations of one load are
 * bounded by limits.maxTotalIterations, refused before they run. Work is counted by wrapping the
 * PKCS#12 KDF that BKS uses, never by timing.
 */
const kdf = vi.hoisted(() => ({ calls: 0, rounds: 0 }));
vi.mock("../../../src/crypto/pkcs12-kdf.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../../src/crypto/pkcs12-kdf.js")>();
  return {
    ...original,
    pkcs12Kdf: (...args: Parameters<typeof original.pkcs12Kdf>) => {
      kdf.calls++;
      kdf.rounds += args[3];
      return original.pkcs12Kdf(...args);
    },
  };
});
beforeEach(() => {
  kdf.calls = 0;
  kdf.rounds = 0;
});

const STORE_ROUNDS = 1000;
const KEY_ROUNDS = 1000;

/** A BKS v2 store of `keys` sealed keys (random ciphertext: never opened here) with a valid HMAC under `password`. */
function craftedBks(keys: number, password: string): Uint8Array {
  const salt = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
  const body = new ByteWriter();
  for (let i = 0; i < keys; i++) {
    const blob = new ByteWriter().i32(20).bytes(salt).i32(KEY_ROUNDS).bytes(new Uint8Array(64).fill(i)).finish();
    body.u8(4).utf(`key${i}`).i64(0).i32(0).i32(blob.length).bytes(blob);
  }
  body.u8(0);
  const entries = body.finish();
  const key = realKdf(bmpPassword(password), salt);
  return new ByteWriter().i32(2).i32(salt.length).bytes(salt).i32(STORE_ROUNDS).bytes(entries).bytes(hmac(sha1, key, entries)).finish();
}

/** The BKS HMAC key, derived without counting it. */
function realKdf(password: Uint8Array, salt: Uint8Array): Uint8Array {
  const before = { ...kdf };
  const key = pkcs12Kdf("SHA-1", password, salt, STORE_ROUNDS, PKCS12_MAC_ID, 20);
  Object.assign(kdf, before);
  return key;
}

const fixtures = join(repoRoot, "test/fixtures/bks");
const expected = readInspectLines(join(fixtures, "expected.jsonl"));

describe("BKS loads: HMAC first, keys when asked", () => {
  it("a wrong password costs one HMAC derivation, however many sealed keys the file has", () => {
    const bytes = craftedBks(50, "right");
    try {
      decodeBks(bytes, { password: "wrong" });
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "INTEGRITY")).toBe(true);
    }
    expect(kdf).toEqual({ calls: 1, rounds: STORE_ROUNDS });
  });

  it("the right password opens the store without decrypting a key", () => {
    const store = decodeBks(craftedBks(50, "right"), { password: "right" });
    expect(store.integrity).toBe("verified");
    expect(store.size).toBe(50);
    expect(kdf).toEqual({ calls: 1, rounds: STORE_ROUNDS });
  });

  it("a real store: keys are decrypted when asked, and their BKS kind is known from then on", () => {
    const java = expected.find((e) => e.id === "bc.bks")!;
    const store = decodeKeystore(new Uint8Array(readFileSync(join(fixtures, "bc.bks"))), { password: "changeit" });
    expect(kdf.calls).toBe(1);
    const aes = store.entry("aes128") as SecretKeyEntry;
    expect(aes.type).toBe("secretKey");
    expect(bksEntryKind(aes)).toBe("secretKey");
    expect((aes as unknown as { bksKindResolved: boolean }).bksKindResolved).toBe(false);
    const want = java.entries!.find((e) => e.alias === "aes128")!;
    expect(sha256Hex(store.secretKey("aes128", want.keyPassword))).toBe(want.secretKeySha256);
    expect(kdf.calls).toBe(3); // + key and IV of that one key
    expect(aes.key.protected).toBeInstanceOf(BksSealedKey);
    expect((aes as unknown as { bksKindResolved: boolean }).bksKindResolved).toBe(true);
    expect(aes.key.protected!.keyAlgorithm).toBe("AES");
    // A copy made after decryption keeps what was learnt (as `convert` copies entries).
    expect(bksEntryKind({ ...aes, key: { plain: new Uint8Array(16) } })).toBe("secretKey");
  });

  it("keys named in keyPasswords are opened at load, after the HMAC check", () => {
    try {
      decodeBks(craftedBks(3, "right"), { password: "wrong", keyPasswords: { key0: "k", key1: "k" } });
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "INTEGRITY")).toBe(true);
    }
    expect(kdf.calls).toBe(1);
    kdf.calls = 0;
    const store = decodeBks(craftedBks(3, "right"), { password: "right", keyPasswords: { key0: "k", key1: "k" } });
    expect(store.size).toBe(3);
    expect(kdf.calls).toBe(1 + 2 * 2); // the HMAC, then key and IV of the two named keys (which "k" does not open)
  });
});

describe("BKS loads: limits.maxTotalIterations", () => {
  it("a store whose HMAC derivation is over the limit is refused before it runs", () => {
    const bytes = craftedBks(2, "right");
    for (const password of ["right", "wrong"]) {
      try {
        decodeBks(bytes, { password, limits: { maxTotalIterations: STORE_ROUNDS - 1 } });
        expect.unreachable();
      } catch (error) {
        expect(isKeystoreError(error, "LIMIT")).toBe(true);
        expect((error as Error).message).toContain("maxTotalIterations");
      }
    }
    expect(kdf.calls).toBe(0);
    expect(decodeBks(bytes, { password: "right", limits: { maxTotalIterations: STORE_ROUNDS } }).integrity).toBe("verified");
  });

  it("keys asked for at load count too, all before the first is opened", () => {
    const keyPasswords = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, "k"]));
    try {
      decodeBks(craftedBks(20, "right"), { password: "right", keyPasswords, limits: { maxTotalIterations: STORE_ROUNDS + 19 * 2 * KEY_ROUNDS } });
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "LIMIT")).toBe(true);
    }
    expect(kdf).toEqual({ calls: 1, rounds: STORE_ROUNDS }); // the HMAC only
  });

  it("UBER counts its store key and IV", () => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, "bc.uber")));
    const rounds = new DataView(bytes.buffer, bytes.byteOffset).getInt32(8 + new DataView(bytes.buffer, bytes.byteOffset).getInt32(4));
    try {
      decodeKeystore(bytes, { password: "changeit", format: "UBER", limits: { maxTotalIterations: 2 * rounds - 1 } });
      expect.unreachable();
    } catch (error) {
      expect(isKeystoreError(error, "LIMIT")).toBe(true);
    }
    expect(kdf.calls).toBe(0);
    expect(decodeKeystore(bytes, { password: "changeit", format: "UBER", limits: { maxTotalIterations: 2 * rounds } }).format).toBe("UBER");
  });
});
