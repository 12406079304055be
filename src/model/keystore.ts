import type { Certificate } from "./certificate.js";
import type { Entry, KeystoreFormat, PrivateKeyEntry, ProtectedKey, SecretKeyEntry } from "./entry.js";
import { AliasSuffixes } from "./alias-suffixes.js";
import { KeystoreError, errors } from "./errors.js";
import { readPrivateKeyInfo } from "../keys/private-key-info.js";

/**
 * Whether the store's integrity check (digest or MAC) was verified on load: "verified" (checked
 * with the store password), "unchecked" (read from a file without it, as Java's `load(in, null)`),
 * or "none" (nothing to check: a store built in memory, or PEM text, which has no integrity check).
 */
export type IntegrityStatus = "verified" | "unchecked" | "none";

/** Settings for a new {@link Keystore}. */
export interface KeystoreInit {
  /** The store's format. */
  format: KeystoreFormat;
  /** Whether the store's integrity was verified; default "none" (built in memory: nothing to check). Decoders set it. */
  integrity?: IntegrityStatus;
  /**
   * Java lower-cases aliases of JKS, JCEKS and PKCS#12 on add and lookup; BouncyCastle's BKS and
   * UBER keep them exact. Default: false (Java's rule).
   */
  caseSensitiveAliases?: boolean;
}

/**
 * A keystore in memory: aliases mapped to entries, in the order the file had them (new entries go
 * last). It is format-neutral; codecs decode into it and encode from it.
 */
export class Keystore {
  /** The format the store was read from (or is meant to be written as). */
  format: KeystoreFormat;
  /** "verified" when the load checked the digest/MAC with a password, "unchecked" when read without one, "none" when built in memory or read from PEM. */
  integrity: IntegrityStatus;
  /** Whether aliases are kept exact (BKS, UBER) rather than lower-cased as Java does. */
  readonly caseSensitiveAliases: boolean;
  /**
   * Certificates the file holds that Java does not list as entries: PKCS#12 certificate bags
   * without Java's trusted-certificate attribute (or nested in a safeContentsBag, where Java does
   * not look) and outside every key's chain. Java ignores them,
   * so a trust store made only of such certificates fails with "the trustAnchors parameter must
   * be non-empty"; they are kept here so that tools can say why.
   */
  readonly untrustedCertificates: Certificate[] = [];
  /**
   * True for a PKCS#12 read without integrity check and with its certificates in the clear (JDK
   * 18+ cacerts, `--profile passwordless`): Java opens it without a password. Writing PKCS#12
   * without a profile keeps it so; an edit must not add a MAC and hide the certificates.
   */
  passwordless = false;
  /** Alias → the entry's slot. */
  private readonly table = new Map<string, Slot>();
  /** The slots in store order: renaming swaps a slot's entry, so it keeps its place in O(1). */
  private readonly order = new Set<Slot>();
  private readonly suffixes: AliasSuffixes;
  private edits = 0;

  constructor(init: KeystoreInit) {
    this.format = init.format;
    this.integrity = init.integrity ?? "none";
    this.caseSensitiveAliases = init.caseSensitiveAliases ?? false;
    this.suffixes = new AliasSuffixes((alias) => this.normalizeAlias(alias));
  }

  /**
   * A number that changes whenever an entry is added, replaced, removed or renamed, so that what
   * is derived from the entries (such as TrustStore's fingerprint index) knows when it is stale.
   */
  get revision(): number {
    return this.edits;
  }

  /** Number of entries. */
  get size(): number {
    return this.table.size;
  }

  /** Aliases in store order, as stored. */
  aliases(): string[] {
    return Array.from(this.order, (slot) => slot.entry.alias);
  }

  /** Entries in store order. */
  entries(): Entry[] {
    return Array.from(this.order, (slot) => slot.entry);
  }

  /** Iterates over the entries in store order. */
  *[Symbol.iterator](): IterableIterator<Entry> {
    for (const slot of this.order) yield slot.entry;
  }

  /** The alias under which `alias` is stored: lower-cased lookup first (Java's rule), then exact. */
  resolveAlias(alias: string): string | undefined {
    if (this.caseSensitiveAliases) return this.table.has(alias) ? alias : undefined;
    const lower = alias.toLowerCase();
    if (this.table.has(lower)) return lower;
    return this.table.has(alias) ? alias : undefined;
  }

  /** Whether an entry is stored under `alias` (same lookup as {@link resolveAlias}). */
  has(alias: string): boolean {
    return this.resolveAlias(alias) !== undefined;
  }

  /** The entry for `alias`, or undefined. */
  get(alias: string): Entry | undefined {
    const key = this.resolveAlias(alias);
    return key === undefined ? undefined : this.table.get(key)!.entry;
  }

  /** The entry for `alias`; NOT_FOUND when there is none. */
  entry(alias: string): Entry {
    const entry = this.get(alias);
    if (!entry) throw errors.notFound(alias);
    return entry;
  }

  /** The alias an added entry gets: lower-cased, as Java stores it, unless aliases are case-sensitive. */
  normalizeAlias(alias: string): string {
    return this.caseSensitiveAliases ? alias : alias.toLowerCase();
  }

  /**
   * `base` when no entry has it, else the first free of `base-2`, `base-3`, … (aliases for
   * certificates that come without one). Numbers already passed are remembered, so naming n
   * entries alike costs O(n) lookups in all; removals make their numbers available again.
   */
  uniqueAlias(base: string): string {
    if (!this.has(base)) return base;
    return this.suffixes.firstFree(base, (alias) => this.has(alias));
  }

  /**
   * Adds or replaces an entry. The alias is normalised (lower-cased for Java formats); an existing
   * entry under the same alias is replaced in place, keeping its position (and its alias, where a
   * decoder stored it exactly as `entry.alias`).
   *
   * A private-key entry needs a certificate chain (Java: "Private key must be accompanied by
   * certificate chain"), and plain key bytes must be a PKCS#8 private key; both are
   * INVALID_ARGUMENT otherwise. A key that is only protected (encrypted) is taken as it is: it
   * can only be checked once decrypted. (Decoders use {@link addDecoded}, which keeps what the
   * file holds.)
   */
  set(entry: Entry): Entry {
    if (entry.alias.length === 0) throw errors.invalidArgument("an alias must not be empty");
    if (entry.type === "privateKey") checkPrivateKeyEntry(entry);
    // An entry replacing one stored under exactly its alias (a decoded "CAcert") keeps that alias:
    // encoders write it as the format wants (java-aliases.ts), and a second entry is not made.
    const alias = this.table.has(entry.alias) ? entry.alias : this.normalizeAlias(entry.alias);
    const existing = this.resolveAlias(alias);
    const stored = alias === entry.alias ? entry : { ...entry, alias };
    this.edits++;
    const slot = existing === undefined ? undefined : this.table.get(existing)!;
    if (!slot) {
      this.append(stored);
    } else {
      slot.entry = stored;
      if (existing !== alias) this.rekey(existing!, alias, slot);
    }
    return stored;
  }

  /**
   * Puts an entry exactly as a decoder read it (no alias normalisation). A second entry with the
   * same alias is MALFORMED: Java would silently drop one, and a lost certificate should not be
   * silent.
   */
  addDecoded(entry: Entry): void {
    if (this.table.has(entry.alias)) {
      throw errors.malformed(`duplicate alias "${entry.alias}" (Java would silently keep only the last entry)`);
    }
    this.edits++;
    this.append(entry);
  }

  /** Removes `alias`; returns whether it was present. */
  delete(alias: string): boolean {
    const key = this.resolveAlias(alias);
    if (key === undefined) return false;
    this.edits++;
    this.order.delete(this.table.get(key)!);
    this.table.delete(key);
    this.suffixes.removed(key);
    return true;
  }

  /**
   * Renames an entry, keeping its position; the target alias must be free. An alias stored exactly
   * as `from` is taken before the lower-cased lookup (a decoded "CAcert" beside "cacert").
   */
  rename(from: string, to: string): Entry {
    const key = this.table.has(from) ? from : this.resolveAlias(from);
    if (key === undefined) throw errors.notFound(from);
    const target = this.normalizeAlias(to);
    if (target.length === 0) throw errors.invalidArgument("an alias must not be empty");
    const clash = this.resolveAlias(target);
    if (clash !== undefined && clash !== key) {
      throw new KeystoreError("INVALID_ARGUMENT", `Alias <${to}> already exists`);
    }
    this.edits++;
    const slot = this.table.get(key)!;
    slot.entry = { ...slot.entry, alias: target };
    if (target !== key) this.rekey(key, target, slot);
    return slot.entry;
  }

  /** A new entry, last in store order. */
  private append(entry: Entry): void {
    const slot: Slot = { entry };
    this.table.set(entry.alias, slot);
    this.order.add(slot);
  }

  /** Moves `slot` from alias `from` to `to`; its place in store order stays. */
  private rekey(from: string, to: string, slot: Slot): void {
    this.table.delete(from);
    this.table.set(to, slot);
    this.suffixes.removed(from);
  }

  /** Certificates of an entry: the chain of a private key (leaf first), the one trusted certificate, or none. */
  certificates(alias: string): readonly Certificate[] {
    const entry = this.entry(alias);
    if (entry.type === "trustedCert") return [entry.certificate];
    if (entry.type === "privateKey") return entry.chain;
    return [];
  }

  /**
   * The PKCS#8 `PrivateKeyInfo` DER of a private-key entry, decrypting it with `password` when the
   * key is still protected. WRONG_KEY_PASSWORD when the password does not open it.
   */
  privateKeyPkcs8(alias: string, password?: string): Uint8Array {
    return unlockKey(this.privateKeyEntry(alias), password);
  }

  /**
   * {@link privateKeyPkcs8} through WebCrypto where the key's protection allows (PKCS#12 PBES2):
   * native PBKDF2 in every runtime, and in Node off the main thread, so that
   * `Promise.all(aliases.map((a) => store.privateKeyPkcs8Async(a, password)))` decrypts in parallel.
   */
  async privateKeyPkcs8Async(alias: string, password?: string): Promise<Uint8Array> {
    return unlockKeyAsync(this.privateKeyEntry(alias), password);
  }

  /** The entry of `alias`, which must be a private key (INVALID_ARGUMENT otherwise). */
  private privateKeyEntry(alias: string): PrivateKeyEntry {
    const entry = this.entry(alias);
    if (entry.type !== "privateKey") {
      throw errors.invalidArgument(`Alias <${entry.alias}> is a ${entry.type} entry, not a private key`);
    }
    return entry;
  }

  /** The raw bytes of a secret-key entry, decrypting with `password` when needed. */
  secretKey(alias: string, password?: string): Uint8Array {
    const entry = this.entry(alias);
    if (entry.type !== "secretKey") {
      throw errors.invalidArgument(`Alias <${entry.alias}> is a ${entry.type} entry, not a secret key`);
    }
    return unlockKey(entry, password);
  }
}

/**
 * The checks of {@link Keystore.set} on a private-key entry (a chain; plain bytes that are a
 * PKCS#8 private key). Encoders whose readers go through `set` (PEM) run it before writing.
 */
export function checkPrivateKeyEntry(entry: PrivateKeyEntry): void {
  if (entry.chain.length === 0) {
    throw errors.invalidArgument(`Private key must be accompanied by certificate chain: the key entry "${entry.alias}" has no certificate`);
  }
  if (!entry.key.plain) {
    if (!entry.key.protected) throw errors.invalidArgument(`The key entry "${entry.alias}" has no key material`);
    return;
  }
  try {
    readPrivateKeyInfo(entry.key.plain);
  } catch (error) {
    if (!(error instanceof KeystoreError) || error.code === "UNSUPPORTED") throw error;
    throw new KeystoreError("INVALID_ARGUMENT", `The key of entry "${entry.alias}" is not a PKCS#8 private key: ${error.message}`, { cause: error });
  }
}

/** Where an entry sits in the store; the entry changes on rename and replace, the slot does not. */
interface Slot {
  entry: Entry;
}

/** The plain key bytes of a key entry: already plain, or decrypted with `password`. */
export function unlockKey(entry: PrivateKeyEntry | SecretKeyEntry, password: string | undefined): Uint8Array {
  if (entry.key.plain) return entry.key.plain;
  const locked = lockedKey(entry, password);
  return locked.key.decrypt(locked.password);
}

/** {@link unlockKey} through the protection's async path when it has one. */
export async function unlockKeyAsync(entry: PrivateKeyEntry | SecretKeyEntry, password: string | undefined): Promise<Uint8Array> {
  if (entry.key.plain) return entry.key.plain;
  const { key, password: given } = lockedKey(entry, password);
  return key.decryptAsync ? key.decryptAsync(given) : key.decrypt(given);
}

/** The protected key of an entry without plain material, and the password; PASSWORD_REQUIRED without one. */
function lockedKey(entry: PrivateKeyEntry | SecretKeyEntry, password: string | undefined): { key: ProtectedKey; password: string } {
  if (!entry.key.protected) throw errors.malformed(`entry "${entry.alias}" has no key material`);
  if (password === undefined) {
    throw new KeystoreError(
      "PASSWORD_REQUIRED",
      `The key of alias "${entry.alias}" is protected: give its password (default: the store password)`,
    );
  }
  return { key: entry.key.protected, password };
}
