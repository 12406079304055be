import { aliasFromCertificate, uniqueAlias } from "../model/alias.js";
import type { Certificate } from "../model/certificate.js";
import type { Entry, TrustedCertEntry } from "../model/entry.js";
import { KeystoreError, errors } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import { readCertificates } from "./certificates.js";

/** What {@link TrustStore.add} did. */
export interface AddResult {
  /** The alias the certificate is (now) stored under. */
  alias: string;
  /** False when the certificate was already present and nothing was added. */
  added: boolean;
  /** Set when the same certificate already sits under this alias (keytool warns the same way). */
  existingAlias?: string;
}

/** One line of {@link TrustStore.diff}. */
export interface DiffItem {
  /** The entry's alias. */
  alias: string;
  /** SHA-256 fingerprint of the certificate, lowercase hex. */
  sha256: string;
  /** The certificate's subject DN. */
  subject: string;
}

/** What {@link TrustStore.diff} found. */
export interface DiffResult {
  /** In `other`, not in this store (by fingerprint). */
  added: DiffItem[];
  /** In this store, not in `other`. */
  removed: DiffItem[];
  /** Same alias, different certificate. */
  changed: {
    /** The alias both stores use. */
    alias: string;
    /** SHA-256 fingerprint in this store. */
    before: string;
    /** SHA-256 fingerprint in `other`. */
    after: string;
  }[];
}

/** One certificate of {@link TrustStore.expiring}. */
export interface ExpiringItem {
  /** Alias of the entry holding the certificate. */
  alias: string;
  /** The certificate. */
  certificate: Certificate;
  /** When its validity ends. */
  notAfter: Date;
  /** Negative when already expired. */
  daysLeft: number;
}

/** A search for entries; every given field must match. */
export interface FindQuery {
  /** The alias (looked up as {@link Keystore.resolveAlias} does). */
  alias?: string;
  /** SHA-256 or SHA-1 fingerprint, hex, with or without colons, any case; a prefix of 8+ digits is enough. */
  fingerprint?: string;
  /** Substring of the subject DN, case-insensitive. */
  subject?: string;
  /** Substring of the issuer DN, case-insensitive. */
  issuer?: string;
}

const DAY_MS = 86_400_000;

/**
 * The everyday trust-store operations over a {@link Keystore} of any format: list the anchors,
 * find, add from PEM/DER, remove, rename, merge, diff, and what expires soon. It edits the given
 * store in place; saving is the codec's (or the Node adapter's) job.
 */
export class TrustStore {
  /** The keystore this wraps and edits in place. */
  readonly store: Keystore;
  /**
   * SHA-256 → alias of the first trusted entry holding that certificate, as of `store.revision`
   * `indexedAt`. Built when first needed and after edits made around this TrustStore; kept up to
   * date by {@link add}, so that add and merge cost O(1) per certificate, not a scan of the store.
   */
  private index: Map<string, string> | undefined;
  private indexedAt = -1;

  constructor(store: Keystore) {
    this.store = store;
  }

  /** The trusted-certificate entries, in store order. */
  anchors(): TrustedCertEntry[] {
    // Entries Java's loader skips (javaIgnores) are no anchors for it.
    return this.store.entries().filter((entry): entry is TrustedCertEntry => entry.type === "trustedCert" && entry.javaIgnores === undefined);
  }

  /** The anchors' certificates (what Java's PKIX uses as trust anchors). */
  anchorCertificates(): Certificate[] {
    return this.anchors().map((entry) => entry.certificate);
  }

  /** Entries matching every field of `query` (a string is an alias or a fingerprint). */
  find(query: FindQuery | string): Entry[] {
    const q: FindQuery = typeof query === "string" ? (/^[0-9a-f:]{8,}$/i.test(query) ? { fingerprint: query } : { alias: query }) : query;
    const fingerprint = q.fingerprint?.replace(/:/g, "").toLowerCase();
    const subject = q.subject?.toLowerCase();
    const issuer = q.issuer?.toLowerCase();
    const alias = q.alias === undefined ? undefined : this.store.resolveAlias(q.alias);
    if (q.alias !== undefined && alias === undefined) return [];
    // An alias names at most one entry: look it up rather than scan the store.
    const candidates = alias === undefined ? this.store.entries() : [this.store.get(alias)!];
    return candidates.filter((entry) => {
      const certificates = certificatesOf(entry);
      const first = certificates[0];
      if (fingerprint && !certificates.some((c) => c.sha256.startsWith(fingerprint) || c.sha1.startsWith(fingerprint))) return false;
      if (subject && !(first && first.subject.toLowerCase().includes(subject))) return false;
      if (issuer && !(first && first.issuer.toLowerCase().includes(issuer))) return false;
      return true;
    });
  }

  /** The alias of the trusted entry holding exactly this certificate, if any. */
  aliasOf(certificate: Certificate): string | undefined {
    return this.fingerprintIndex().get(certificate.sha256);
  }

  private fingerprintIndex(): Map<string, string> {
    if (this.index === undefined || this.indexedAt !== this.store.revision) {
      const index = new Map<string, string>();
      for (const entry of this.store) {
        if (entry.type === "trustedCert" && !index.has(entry.certificate.sha256)) index.set(entry.certificate.sha256, entry.alias);
      }
      this.index = index;
      this.indexedAt = this.store.revision;
    }
    return this.index;
  }

  /**
   * Adds a trusted certificate (a Certificate, DER bytes or PEM text holding one certificate).
   * Without `alias` one is derived from the subject. A certificate already trusted under another
   * alias is not added twice unless `allowDuplicate`; the result names the existing alias. An
   * alias that is taken is an error unless `replace`.
   */
  add(
    input: Certificate | Uint8Array | string,
    options: { alias?: string; created?: Date; allowDuplicate?: boolean; replace?: boolean } = {},
  ): AddResult {
    const certificate = toCertificate(input);
    const existingAlias = this.aliasOf(certificate);
    if (existingAlias !== undefined && !options.allowDuplicate) {
      return { alias: existingAlias, added: false, existingAlias };
    }
    let alias: string;
    if (options.alias !== undefined) {
      alias = this.store.normalizeAlias(options.alias);
      if (this.store.has(alias) && !options.replace) {
        throw new KeystoreError("INVALID_ARGUMENT", `Certificate not imported, alias <${alias}> already exists`);
      }
    } else {
      alias = uniqueAlias(this.store, this.store.normalizeAlias(aliasFromCertificate(certificate)));
    }
    const index = this.fingerprintIndex();
    const appended = !this.store.has(alias);
    const stored = this.store.set({ type: "trustedCert", alias, created: options.created ?? new Date(), certificate });
    if (appended && this.indexedAt === this.store.revision - 1) {
      // A new last entry: it is the first holder of its certificate only if none came before.
      if (!index.has(certificate.sha256)) index.set(certificate.sha256, stored.alias);
      this.indexedAt = this.store.revision;
    } // A replaced entry may have been the first holder of its old certificate: rebuild when next needed.
    return existingAlias === undefined ? { alias: stored.alias, added: true } : { alias: stored.alias, added: true, existingAlias };
  }

  /** Removes an entry by alias or fingerprint; NOT_FOUND when nothing matches. */
  remove(aliasOrFingerprint: string): Entry {
    const [entry, ...more] = this.find(aliasOrFingerprint);
    if (!entry) throw errors.notFound(aliasOrFingerprint);
    if (more.length > 0) throw errors.invalidArgument(`"${aliasOrFingerprint}" matches ${more.length + 1} entries: give the alias`);
    this.store.delete(entry.alias);
    return entry;
  }

  /** Renames an entry, keeping its position; the target alias must be free (see {@link Keystore.rename}). */
  rename(from: string, to: string): Entry {
    return this.store.rename(from, to);
  }

  /**
   * Adds the trusted certificates of `other` that this store lacks (by fingerprint). Alias
   * clashes get a numbered alias. Returns what was added.
   */
  merge(other: TrustStore | Keystore): AddResult[] {
    const source = other instanceof TrustStore ? other : new TrustStore(other);
    const results: AddResult[] = [];
    for (const entry of source.anchors()) {
      if (this.aliasOf(entry.certificate) !== undefined) continue;
      const alias = uniqueAlias(this.store, this.store.normalizeAlias(entry.alias));
      results.push(this.add(entry.certificate, { alias, ...(entry.created ? { created: entry.created } : {}) }));
    }
    return results;
  }

  /** What `other` adds, removes and changes relative to this store, by certificate fingerprint. */
  diff(other: TrustStore | Keystore): DiffResult {
    const theirs = other instanceof TrustStore ? other : new TrustStore(other);
    const item = (entry: TrustedCertEntry): DiffItem => ({ alias: entry.alias, sha256: entry.certificate.sha256, subject: entry.certificate.subject });
    const mine = this.anchors();
    const yours = theirs.anchors();
    const mineByPrint = new Set(mine.map((entry) => entry.certificate.sha256));
    const yoursByPrint = new Set(yours.map((entry) => entry.certificate.sha256));
    const changed: DiffResult["changed"] = [];
    for (const entry of mine) {
      const counterpart = theirs.store.get(entry.alias);
      if (counterpart?.type === "trustedCert" && counterpart.certificate.sha256 !== entry.certificate.sha256) {
        changed.push({ alias: entry.alias, before: entry.certificate.sha256, after: counterpart.certificate.sha256 });
      }
    }
    return {
      added: yours.filter((entry) => !mineByPrint.has(entry.certificate.sha256)).map(item),
      removed: mine.filter((entry) => !yoursByPrint.has(entry.certificate.sha256)).map(item),
      changed,
    };
  }

  /** Certificates (anchors and key chains) whose validity ends within `days` of `at`, soonest first. */
  expiring(days: number, at: Date = new Date()): ExpiringItem[] {
    const limit = at.getTime() + days * DAY_MS;
    const items: ExpiringItem[] = [];
    for (const entry of this.store) {
      for (const certificate of certificatesOf(entry)) {
        const notAfter = certificate.notAfter;
        if (notAfter.getTime() <= limit) {
          items.push({ alias: entry.alias, certificate, notAfter, daysLeft: Math.floor((notAfter.getTime() - at.getTime()) / DAY_MS) });
        }
      }
    }
    return items.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
  }

  /** All anchors as one PEM bundle, each preceded by a comment line with its alias. */
  toPemBundle(): string {
    return this.anchors()
      .map((entry) => `# ${entry.alias}\n${entry.certificate.toPem()}`)
      .join("");
  }
}

/** The certificates of an entry, as {@link Keystore.certificates} gives them, without a lookup by alias. */
function certificatesOf(entry: Entry): readonly Certificate[] {
  if (entry.type === "trustedCert") return [entry.certificate];
  if (entry.type === "privateKey") return entry.chain;
  return [];
}

function toCertificate(input: Certificate | Uint8Array | string): Certificate {
  if (typeof input !== "string" && !(input instanceof Uint8Array)) return input;
  const certificates = readCertificates(input);
  if (certificates.length !== 1) {
    throw errors.invalidArgument(`expected one certificate, found ${certificates.length}: add them one by one or merge a bundle`);
  }
  return certificates[0]!;
}
