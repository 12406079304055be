import { utf8Text } from "../../binary/encoding.js";
import { Certificate } from "../../model/certificate.js";
import type { Entry, ProtectedKey } from "../../model/entry.js";
import { errors } from "../../model/errors.js";
import type { Keystore } from "../../model/keystore.js";
import { checkLimit, type Limits } from "../../model/limits.js";
import { ChainIndex, type CertCandidate } from "./chain.js";
import { Pkcs12ProtectedKey } from "./protected-key.js";

/**
 * From a PKCS#12 file's SafeBags to keystore entries, by the rules of Java's
 * PKCS12KeyStore.loadSafeContents, and what Java skips, kept and marked `javaIgnores`.
 */

/** One SafeBag, with the attributes Java looks at. */
export interface Bag {
  /** Position of the bag within its SafeContents (Java's "first bag" rule). */
  position: number;
  kind: "key" | "shroudedKey" | "cert" | "secret";
  /** keyBag: PKCS#8; shroudedKey/secret: EncryptedPrivateKeyInfo DER; cert: certificate DER. */
  value: Uint8Array;
  /** A secretBag's secretTypeId when it is not pkcs8ShroudedKeyBag (a key neither Java nor keystorekit can read). */
  secretType?: string;
  friendlyName: string | undefined;
  localKeyId: Uint8Array | undefined;
  trusted: boolean;
  /** Inside a safeContentsBag: Java's loader does not look into those, so it sees none of it. */
  nested: boolean;
}

/** Java's localKeyId "Time <ms>" carries a key entry's creation date (Long.parseLong of the rest). */
function dateFromLocalKeyId(localKeyId: Uint8Array): Date | null {
  const text = utf8Text(localKeyId.subarray(0, 40));
  const match = /^Time ([+-]?\d{1,16})$/.exec(text);
  if (!match) return null;
  const date = new Date(Number(match[1]));
  return Number.isNaN(date.getTime()) ? null : date;
}

const JAVA_SOLE_KEY_ID = new TextEncoder().encode("01");

/** Why Java's PKCS12KeyStore skips a bag that keystorekit keeps (the entry's `javaIgnores`). */
export const JAVA_IGNORES = {
  /** Java reads only pkcs8ShroudedKeyBag; a plain keyBag (`openssl pkcs12 -export -keypbe NONE`) is skipped. */
  keyBag: "unencrypted keyBag",
  /** Java pairs only the first key without localKeyId with a certificate and drops the others. */
  unpairedKey: "private key without localKeyId (Java keeps only the first such key)",
  /** Java does not look into safeContentsBag: nothing nested is an entry (nor a chain certificate) for it. */
  nested: "inside a nested safeContentsBag",
} as const;

/** An entry whose alias or chain is known only once every bag has been seen. */
interface Draft {
  bag: Bag;
  alias: string;
  keyId: Uint8Array | undefined;
  created: Date | null;
  /** The certificate of a trusted-certificate draft. */
  certificate?: Certificate;
  javaIgnores?: string;
}

/**
 * Builds the entries as Java's PKCS12KeyStore.loadSafeContents does, in bag order: shrouded key
 * and secret bags and trusted certificate bags become entries under their friendlyName
 * (lower-cased) or a counter ("1", "2", …); a private key without localKeyId is paired by Java's
 * "01" workaround when it is the first key; chains come from {@link ChainIndex}.
 * What Java skips (plain keyBags, further keys without localKeyId, anything in a nested
 * safeContentsBag) is kept too, marked with `javaIgnores`: it takes no counter value and no alias
 * from an entry Java lists, and nested certificates join no chain of an entry Java lists.
 */
export function assemble(store: Keystore, bags: Bag[], limits: Limits): void {
  let unnamed = 0;
  let privateKeys = 0;
  const certificateOf = sharedCertificates();
  const aliasOf = (bag: Bag) => (bag.friendlyName ?? String(++unnamed)).toLowerCase();
  const certs: CertCandidate[] = []; // the certificate bags Java sees
  const nestedCerts: CertCandidate[] = [];
  const drafts: Draft[] = [];
  const slots: (Entry | { draft: number })[] = [];
  const draft = (d: Draft) => {
    slots.push({ draft: drafts.length });
    drafts.push(d);
  };

  for (const bag of bags) {
    checkLimit(bag.value.length, limits.maxObjectBytes, "a PKCS#12 bag");
    const created = bag.localKeyId ? dateFromLocalKeyId(bag.localKeyId) : null;
    if (bag.nested) {
      let certificate: Certificate | undefined;
      if (bag.kind === "cert") {
        certificate = bag.trusted ? new Certificate(bag.value) : certificateOf(bag.value);
        nestedCerts.push({ certificate, localKeyId: bag.localKeyId, friendlyName: bag.friendlyName, trusted: bag.trusted });
        if (!bag.trusted) continue;
      }
      draft({ bag, alias: "", keyId: bag.localKeyId, created: bag.kind === "cert" ? null : created, certificate, javaIgnores: JAVA_IGNORES.nested });
      continue;
    }
    if (bag.kind === "cert") {
      // Java's workaround for files with one key and no ids: the first bag of a safe gets "01".
      const localKeyId = bag.localKeyId ?? (privateKeys === 1 && bag.position === 0 ? JAVA_SOLE_KEY_ID : undefined);
      // Only chain candidates are shared: a trusted bag is an entry of its own, never a copy to skip.
      const cert: CertCandidate = { certificate: bag.trusted ? new Certificate(bag.value) : certificateOf(bag.value), localKeyId, friendlyName: bag.friendlyName, trusted: bag.trusted };
      certs.push(cert);
      // Java dates trusted certificates at load time; the model says "no date in the file".
      if (bag.trusted) slots.push({ type: "trustedCert", alias: aliasOf(bag), created: null, certificate: cert.certificate });
      continue;
    }
    if (bag.kind === "secret") {
      const alias = aliasOf(bag);
      slots.push({ type: "secretKey", alias, created, algorithm: null, key: { protected: secretKeyOf(bag, alias, limits) } });
      continue;
    }
    if (bag.kind === "key") {
      // Not a key for Java: no alias, no count towards the "01" workaround.
      draft({ bag, alias: "", keyId: bag.localKeyId, created, javaIgnores: JAVA_IGNORES.keyBag });
      continue;
    }
    privateKeys++;
    if (bag.localKeyId) draft({ bag, alias: aliasOf(bag), keyId: bag.localKeyId, created });
    else if (privateKeys === 1) draft({ bag, alias: aliasOf(bag), keyId: JAVA_SOLE_KEY_ID, created: null });
    else draft({ bag, alias: "", keyId: undefined, created: null, javaIgnores: JAVA_IGNORES.unpairedKey });
  }
  nameIgnored(drafts, slots, () => String(++unnamed));

  const hasKeys = drafts.some((d) => d.bag.kind === "key" || d.bag.kind === "shroudedKey");
  const javaIndex = hasKeys ? new ChainIndex(certs) : null;
  // Keys Java skips take their chain from every certificate of the file, nested ones included.
  const everyIndex = hasKeys && nestedCerts.length > 0 ? new ChainIndex([...certs, ...nestedCerts]) : javaIndex;
  const inChains = new Set<CertCandidate>();
  for (const slot of slots) {
    if (!("draft" in slot)) {
      store.addDecoded(slot);
      continue;
    }
    const { bag, alias, keyId, created, certificate, javaIgnores } = drafts[slot.draft]!;
    const ignores = javaIgnores ? { javaIgnores } : {};
    if (certificate) {
      store.addDecoded({ type: "trustedCert", alias, created, certificate, ...ignores });
    } else if (bag.kind === "secret") {
      store.addDecoded({ type: "secretKey", alias, created, algorithm: null, key: { protected: secretKeyOf(bag, alias, limits) }, ...ignores });
    } else {
      const index = javaIgnores ? everyIndex! : javaIndex!;
      const chain = index.buildChain(index.findLeaf(keyId, alias), limits.maxChainLength);
      for (const cert of chain) inChains.add(cert);
      const key = bag.kind === "key" ? { plain: bag.value } : { protected: new Pkcs12ProtectedKey(bag.value, "private", alias, limits.maxIterations) };
      store.addDecoded({ type: "privateKey", alias, created, chain: chain.map((c) => c.certificate), key, ...ignores });
    }
  }
  setAsideUnusedCertificates(store, [...certs, ...nestedCerts], inChains);
}

/**
 * One Certificate per distinct DER within a file: Java writes a CA that is in several chains once
 * per chain (keys-100: 100 copies of one CA), and each copy would otherwise be parsed, its names
 * canonicalised and its fingerprint taken again. Bags are grouped by length, first 40 bytes (which
 * hold the serial number) and last 16 (the signature's), and compared in full; a group stops
 * growing at a few members, so files made to collide stay linear (their copies are just not shared).
 */
function sharedCertificates(): (der: Uint8Array) => Certificate {
  const groups = new Map<number, Certificate[]>();
  return (der) => {
    const key = outlineHash(der);
    const group = groups.get(key);
    const same = group?.find((certificate) => sameBytes(certificate.der, der));
    if (same) return same;
    const certificate = new Certificate(der);
    if (!group) groups.set(key, [certificate]);
    else if (group.length < MAX_SHARED_GROUP) group.push(certificate);
    return certificate;
  };
}

const MAX_SHARED_GROUP = 4;

/** FNV-1a over the length, the first 40 and the last 16 bytes: a small-integer Map key (no strings to allocate). */
function outlineHash(der: Uint8Array): number {
  let hash = Math.imul(0x811c9dc5 ^ der.length, 0x01000193);
  const head = Math.min(40, der.length);
  for (let i = 0; i < head; i++) hash = Math.imul(hash ^ der[i]!, 0x01000193);
  for (let i = Math.max(head, der.length - 16); i < der.length; i++) hash = Math.imul(hash ^ der[i]!, 0x01000193);
  return hash >>> 0;
}

/** Byte equality that stops at the first difference (public data: no need for constant time). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function secretKeyOf(bag: Bag, alias: string, limits: Limits): ProtectedKey {
  return bag.secretType ? new UnreadableSecret(bag.secretType, bag.value, alias) : new Pkcs12ProtectedKey(bag.value, "secret", alias, limits.maxIterations);
}

/**
 * A secretBag of a type other than pkcs8ShroudedKeyBag. Java loads the store and lists it, and its
 * getKey then fails; so does {@link decrypt} here (and so saving it again, which needs the key).
 */
class UnreadableSecret implements ProtectedKey {
  constructor(
    /** The secretTypeId. */
    readonly algorithm: string,
    readonly encoded: Uint8Array,
    private readonly alias: string,
  ) {}

  decrypt(): Uint8Array {
    throw errors.unsupported(
      `the secret key "${this.alias}" is a PKCS#12 secret bag of type ${this.algorithm}, which Java cannot read either (getKey: "UnrecoverableKeyException: Private key not stored as PKCS#8 EncryptedPrivateKeyInfo"); only pkcs8ShroudedKeyBag secrets are keys`,
    );
  }
}

/**
 * Aliases for the entries Java skips, chosen after Java's own names so that they change none of
 * them: the friendlyName, else the next counter value; "-2", "-3", … appended when that is taken.
 */
function nameIgnored(drafts: Draft[], slots: readonly (Entry | { draft: number })[], nextCounter: () => string): void {
  const taken = new Set<string>();
  for (const slot of slots) if (!("draft" in slot)) taken.add(slot.alias);
  for (const d of drafts) if (!d.javaIgnores) taken.add(d.alias);
  const nextSuffix = new Map<string, number>(); // per name, so that many equal names stay linear
  for (const d of drafts) {
    if (!d.javaIgnores) continue;
    const base = (d.bag.friendlyName ?? nextCounter()).toLowerCase();
    let alias = base;
    for (let n = nextSuffix.get(base) ?? 2; taken.has(alias); n++) {
      alias = `${base}-${n}`;
      nextSuffix.set(base, n + 1);
    }
    taken.add(alias);
    d.alias = alias;
  }
}

/**
 * Certificates that are neither trusted entries nor in a chain go to `store.untrustedCertificates`.
 * They are compared by fingerprint, since Java writes a CA that is also a key's own certificate
 * twice (once per chain); trust stores, where every bag is trusted, skip the hashing altogether.
 */
function setAsideUnusedCertificates(store: Keystore, certs: readonly CertCandidate[], inChains: ReadonlySet<CertCandidate>): void {
  const usedObjects = new Set<Certificate>();
  for (const cert of certs) if (cert.trusted || inChains.has(cert)) usedObjects.add(cert.certificate);
  // A copy of a used certificate is the same object (sharedCertificates): no hashing for those.
  const leftovers = certs.filter((c) => !c.trusted && !inChains.has(c) && !usedObjects.has(c.certificate));
  if (leftovers.length === 0) return;
  const used = new Set<string>();
  for (const certificate of usedObjects) used.add(certificate.sha256);
  for (const cert of leftovers) {
    if (used.has(cert.certificate.sha256)) continue;
    used.add(cert.certificate.sha256);
    store.untrustedCertificates.push(cert.certificate);
  }
}
