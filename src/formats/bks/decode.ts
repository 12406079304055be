import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { ByteReader } from "../../binary/reader.js";
import { PaddingError } from "../../crypto/padding.js";
import { PKCS12_IV_ID, PKCS12_KEY_ID, PKCS12_MAC_ID, bmpPasswordCandidates, pkcs12Kdf } from "../../crypto/pkcs12-kdf.js";
import { twofishCbcDecrypt } from "../../crypto/twofish.js";
import type { Entry, KeystoreFormat } from "../../model/entry.js";
import { KeystoreError, errors } from "../../model/errors.js";
import { Keystore } from "../../model/keystore.js";
import { IterationBudget, checkLimit, resolveLimits, type Limits } from "../../model/limits.js";
import { equalBytes } from "../jks/integrity.js";
import { readEntryStream, sealedKeyEntry } from "./entries.js";
import { BksSealedKey } from "./sealed-key.js";

/** Options for reading BouncyCastle BKS and UBER stores. */
export interface BksDecodeOptions {
  /**
   * Store password. BKS: given (even ""), the HMAC is verified, also for "" where BouncyCastle skips
   * the check; omitted, the store loads with `integrity: "unchecked"`. UBER: required (the whole
   * store is encrypted under it).
   */
  password?: string;
  /**
   * Key passwords by alias, to open those sealed keys at load. A sealed BKS key hides whether it is a
   * private, public or secret key inside its encryption; unopened, its entry is what Java lists (a
   * private key when it has a chain, else a secret key) and `bksKind` is learnt when the key is
   * decrypted. Keys named here are opened after the HMAC check (where a store password is given), to give them their exact
   * entry type (a secret key that has a chain, say); one that its password does not open keeps the
   * listed type. Other sealed keys are never decrypted at load, not even with the store password.
   */
  keyPasswords?: Readonly<Record<string, string>>;
  /** Which of the two formats sharing the version-1 header to try first (BKS by default). */
  format?: KeystoreFormat;
  /** Decoding safety limits overriding {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
}

const MAC_LENGTH = 20;
const SALT_LIMIT = 4096;

interface Header {
  version: number;
  salt: Uint8Array;
  iterations: number;
  /** Offset of the first byte after the header. */
  end: number;
}

function readHeader(bytes: Uint8Array, limits: Limits): Header {
  const reader = new ByteReader(bytes);
  const version = reader.i32("the version");
  const saltLength = reader.i32("the salt length");
  if (saltLength <= 0 || saltLength > SALT_LIMIT) throw errors.malformed(`Invalid salt detected (length ${saltLength})`);
  const salt = reader.take(saltLength, "the salt");
  const iterations = reader.i32("the iteration count");
  if (iterations < 0) throw errors.malformed(`negative iteration count ${iterations}`);
  checkLimit(iterations, limits.maxIterations, "the iteration count");
  return { version, salt, iterations, end: reader.offset };
}

/**
 * Decodes a BouncyCastle BKS (versions 0–2) or UBER store. BKS v1 and UBER share their header
 * (keystore-formats.md §1.3): the preferred format (`options.format`, else BKS) is tried first, then
 * the other; an integrity failure in either attempt is reported as INTEGRITY, since that is what a
 * wrong password looks like in both.
 */
export function decodeBks(bytes: Uint8Array, options: BksDecodeOptions = {}): Keystore {
  const limits = resolveLimits(options.limits);
  const header = readHeader(bytes, limits);
  const budget = new IterationBudget(limits.maxTotalIterations);
  if (header.version === 2) return decodeBksBody(bytes, header, options, limits, budget);
  if (header.version !== 0 && header.version !== 1) throw errors.unsupported(`BKS/UBER version ${header.version} (Wrong version of key store.)`);

  const order: Array<"BKS" | "UBER"> = options.format === "UBER" ? ["UBER", "BKS"] : ["BKS", "UBER"];
  const failures: KeystoreError[] = [];
  for (const format of order) {
    try {
      return format === "BKS" ? decodeBksBody(bytes, header, options, limits, budget) : decodeUberBody(bytes, header, options, limits, budget);
    } catch (error) {
      if (!(error instanceof KeystoreError) || error.code === "LIMIT" || error.code === "PASSWORD_REQUIRED") throw error;
      failures.push(error);
    }
  }
  throw failures.find((e) => e.code === "INTEGRITY") ?? failures[0]!;
}

/** Decodes an UBER store (BouncyCastle's Twofish-encrypted variant of BKS). */
export function decodeUber(bytes: Uint8Array, options: BksDecodeOptions = {}): Keystore {
  const limits = resolveLimits(options.limits);
  return decodeUberBody(bytes, readHeader(bytes, limits), options, limits, new IterationBudget(limits.maxTotalIterations));
}

/**
 * The BKS body: the entry stream (sealed keys stay sealed), then the HMAC over it, checked before
 * anything is decrypted, so a wrong password costs one key derivation whatever the file holds.
 */
function decodeBksBody(bytes: Uint8Array, header: Header, options: BksDecodeOptions, limits: Limits, budget: IterationBudget): Keystore {
  const reader = new ByteReader(bytes, header.end);
  const entries = readEntryStream(reader, { limits });
  const body = bytes.subarray(header.end, reader.offset);
  const stored = reader.take(MAC_LENGTH, "the HMAC");
  const store = new Keystore({ format: "BKS", caseSensitiveAliases: true, integrity: "unchecked" });
  if (options.password !== undefined) {
    // BouncyCastle asks for a MAC key of 20 *bits* in versions 0 and 1, which its generator rounds to 2 bytes.
    const keyLength = header.version === 2 ? MAC_LENGTH : 2;
    const rounds = Math.max(1, header.iterations);
    const candidates = bmpPasswordCandidates(options.password);
    budget.spend(rounds * candidates.length, "the BKS HMAC key");
    const verified = candidates.some((password) => {
      const key = pkcs12Kdf("SHA-1", password, header.salt, rounds, PKCS12_MAC_ID, keyLength);
      return equalBytes(hmac(sha1, key, body), stored);
    });
    if (!verified) throw errors.integrity("KeyStore integrity check failed (wrong store password, or the store was altered)");
    store.integrity = "verified";
  }
  for (const entry of openAskedKeys(entries, options, limits, budget)) store.addDecoded(entry);
  return store;
}

/**
 * The entries, with the sealed keys `options.keyPasswords` names opened and typed by what they hold.
 * Their derivations are counted against the load's budget before the first one runs.
 */
function openAskedKeys(entries: Entry[], options: BksDecodeOptions, limits: Limits, budget: IterationBudget): Entry[] {
  const asked = options.keyPasswords ?? {};
  const sealedOf = (entry: Entry) => (entry.type !== "trustedCert" && entry.key.protected instanceof BksSealedKey && Object.hasOwn(asked, entry.alias) ? entry.key.protected : null);
  for (const entry of entries) {
    const sealed = sealedOf(entry);
    if (sealed) budget.spend(sealed.work(asked[entry.alias]!), `the sealed key "${entry.alias}"`);
  }
  return entries.map((entry) => {
    const sealed = sealedOf(entry);
    if (!sealed || sealed.kind !== null) return entry;
    try {
      sealed.unseal(asked[entry.alias]!);
    } catch (error) {
      // A wrong password or a damaged blob: the key keeps its listed type, and says why when asked for.
      if (error instanceof KeystoreError && error.code !== "LIMIT") return entry;
      throw error;
    }
    return sealedKeyEntry(sealed, entry.alias, entry.created!, entry.type === "privateKey" ? [...entry.chain] : []);
  });
}

function decodeUberBody(bytes: Uint8Array, header: Header, options: BksDecodeOptions, limits: Limits, budget: IterationBudget): Keystore {
  if (header.version === 0) throw errors.unsupported("UBER version 0 (its cipher was broken and replaced in BouncyCastle's version 1)");
  if (options.password === undefined) {
    throw new KeystoreError("PASSWORD_REQUIRED", "An UBER keystore is encrypted as a whole: give the store password");
  }
  const ciphertext = bytes.subarray(header.end);
  const rounds = Math.max(1, header.iterations);
  const candidates = bmpPasswordCandidates(options.password);
  budget.spend(2 * rounds * candidates.length, "the UBER store key and IV");
  let last: KeystoreError = errors.integrity("KeyStore integrity check failed (wrong store password, or the store was altered)");
  for (const password of candidates) {
    const key = pkcs12Kdf("SHA-1", password, header.salt, rounds, PKCS12_KEY_ID, 32);
    const iv = pkcs12Kdf("SHA-1", password, header.salt, rounds, PKCS12_IV_ID, 16);
    let plain: Uint8Array;
    try {
      plain = twofishCbcDecrypt(key, iv, ciphertext);
    } catch (error) {
      if (error instanceof PaddingError) continue;
      throw error;
    }
    try {
      return readUberPlaintext(plain, options, limits, budget);
    } catch (error) {
      if (!(error instanceof KeystoreError) || error.code === "LIMIT") throw error;
      last = error;
    }
  }
  throw last;
}

/** The decrypted UBER body: the BKS entry stream, then SHA-1 of that stream. */
function readUberPlaintext(plain: Uint8Array, options: BksDecodeOptions, limits: Limits, budget: IterationBudget): Keystore {
  const reader = new ByteReader(plain);
  let entries;
  try {
    entries = readEntryStream(reader, { limits });
  } catch (error) {
    // Garbage that survived the padding check: almost certainly a wrong password.
    if (error instanceof KeystoreError && error.code !== "LIMIT") {
      throw errors.integrity("KeyStore integrity check failed (wrong store password, or the store was altered)");
    }
    throw error;
  }
  const body = plain.subarray(0, reader.offset);
  if (reader.remaining !== MAC_LENGTH || !equalBytes(sha1(body), reader.take(MAC_LENGTH))) {
    throw errors.integrity("KeyStore integrity check failed (the UBER store's inner hash does not match)");
  }
  const store = new Keystore({ format: "UBER", caseSensitiveAliases: true, integrity: "verified" });
  for (const entry of openAskedKeys(entries, options, limits, budget)) store.addDecoded(entry);
  return store;
}
