// The checks: diagnose findings, "would Java trust this chain?", and a diff of two stores.
import { decodeKeystoreAsync, diagnose, KeystoreError, readCertificateBundle, TrustStore, trustAnchorsOf, verifyChain, type DiffResult, type Finding, type Keystore, type VerifyResult } from "keystorekit";
import type { OpenedStore } from "../context.js";
import { hasWebCrypto } from "./keys.js";

/** The library's findings for the open store used as a trust store or a key store, errors first. */
export function findingsFor(opened: OpenedStore, role: "truststore" | "keystore", at?: Date): Finding[] {
  return diagnose(opened.store, {
    role,
    untrustedCertificates: opened.store.untrustedCertificates,
    ...(opened.password ? { storePassword: opened.password } : { passwordProblem: "missing" as const }),
    ...(at ? { at } : {}),
  });
}

/** A trust verdict, or why none can be given here. */
export type TrustAnswer =
  | { kind: "verdict"; result: VerifyResult }
  | { kind: "unchecked"; message: string };

/** What the page says where signatures cannot be checked (no WebCrypto: a plain-http page). */
export const NO_WEBCRYPTO_MESSAGE =
  "Signatures cannot be checked here: this page has no WebCrypto (crypto.subtle), which browsers offer only on https:// or localhost pages. No verdict is given, rather than a false failure.";

/**
 * Would Java trust `chain` (PEM, DER or PKCS#7; leaf first, as a server sends it) with the open
 * store as its trust store? verifyChain with the store's anchors (trustAnchorsOf, as Java's trust
 * manager) and, given `host`, Java's host-name check. A signature the platform cannot check is
 * "unchecked", never a failure.
 */
export async function checkTrust(store: Keystore, chain: Uint8Array | string, options: { host?: string; at?: Date } = {}): Promise<TrustAnswer> {
  const certificates = readCertificateBundle(chain);
  const host = options.host?.trim() || undefined;
  try {
    const result = await verifyChain(certificates, trustAnchorsOf(store), { ...(host ? { host } : {}), ...(options.at ? { at: options.at } : {}) });
    return { kind: "verdict", result };
  } catch (error) {
    if (error instanceof KeystoreError && error.code === "UNSUPPORTED") {
      return { kind: "unchecked", message: hasWebCrypto() ? `Signatures cannot be checked here: ${error.message}` : NO_WEBCRYPTO_MESSAGE };
    }
    throw error;
  }
}

/** The diff's rows, side by side: what only this store has, what only the other has, what changed. */
export interface DiffRow {
  change: "removed" | "added" | "changed";
  alias: string;
  /** This store's side ("" when it lacks the entry). */
  left: string;
  /** The other store's side. */
  right: string;
}

/** Opens the other store (its password checks its integrity; none: read unchecked, where the format allows). */
export async function openOther(bytes: Uint8Array, password: string | undefined): Promise<Keystore> {
  return decodeKeystoreAsync(bytes, password ? { password } : {});
}

/** TrustStore.diff of the open store against `other`, as rows. */
export function diffRows(store: Keystore, other: Keystore): { diff: DiffResult; rows: DiffRow[] } {
  const diff = new TrustStore(store).diff(other);
  const rows: DiffRow[] = [
    ...diff.removed.map((item): DiffRow => ({ change: "removed", alias: item.alias, left: `${item.subject} (SHA-256 ${item.sha256.slice(0, 16)}…)`, right: "" })),
    ...diff.added.map((item): DiffRow => ({ change: "added", alias: item.alias, left: "", right: `${item.subject} (SHA-256 ${item.sha256.slice(0, 16)}…)` })),
    ...diff.changed.map((item): DiffRow => ({ change: "changed", alias: item.alias, left: `SHA-256 ${item.before.slice(0, 16)}…`, right: `SHA-256 ${item.after.slice(0, 16)}…` })),
  ];
  return { diff, rows };
}
