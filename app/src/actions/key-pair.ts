// Import a key pair: a PEM/DER key with its chain (buildKeyEntry), or the key entries of a PKCS#12.
import { buildKeyEntry, decodeKeystoreAsync, KeystoreError, type Keystore, type PrivateKeyEntry } from "keystorekit";
import type { OpenedStore } from "../context.js";

/** What the import form gives. */
export interface KeyPairInput {
  /** The key file (PEM text in any form readPrivateKey reads, or DER), possibly with its certificates. */
  key: Uint8Array | string;
  /** The passphrase of an encrypted key file. */
  passphrase?: string;
  /** Certificate files or pasted PEM: the leaf and its CA certificates, any order. */
  certificates: ReadonlyArray<Uint8Array | string>;
  /** The entry's alias; default: from the leaf's subject. */
  alias?: string;
  /** The key's password in the store; default (empty): the store password. */
  keyPassword?: string;
}

/** What was imported, and what buildKeyEntry noticed (incomplete chain, extra certificates). */
export interface ImportedKeys {
  aliases: string[];
  warnings: string[];
}

/** keytool's refusal of a taken alias. */
function refuseTaken(store: Keystore, alias: string): void {
  if (store.has(alias)) throw new KeystoreError("INVALID_ARGUMENT", `Key pair not imported, alias <${store.normalizeAlias(alias)}> already exists`);
}

/** Puts a key entry into the draft, with its own key password when one differs from the store's. */
function putKey(draft: OpenedStore, entry: PrivateKeyEntry, keyPassword: string | undefined): string {
  const stored = draft.store.set(entry);
  if (keyPassword && keyPassword !== draft.password) draft.keyPasswords.set(stored.alias, keyPassword);
  else draft.keyPasswords.delete(stored.alias);
  return stored.alias;
}

/** Imports a PEM/DER key and its chain; KEY_MISMATCH (the library's message) when no certificate holds the key. */
export async function importKeyPair(draft: OpenedStore, input: KeyPairInput): Promise<ImportedKeys> {
  const alias = input.alias?.trim() || undefined;
  const built = await buildKeyEntry({
    key: input.key,
    certificates: input.certificates,
    ...(input.passphrase ? { passphrase: input.passphrase } : {}),
    ...(alias ? { alias } : {}),
  });
  refuseTaken(draft.store, built.entry.alias);
  return { aliases: [putKey(draft, built.entry, input.keyPassword)], warnings: built.warnings.map((w) => w.message) };
}

/**
 * Copies the key entries of a PKCS#12 file (keytool -importkeystore): each key is decrypted with
 * the file's password (its key password is the same, as Java writes PKCS#12) and stored plain, to
 * be protected with this store's key password on save. `alias` renames the key when there is one.
 */
export async function importPkcs12Keys(draft: OpenedStore, bytes: Uint8Array, password: string, options: { alias?: string; keyPassword?: string } = {}): Promise<ImportedKeys> {
  const source = await decodeKeystoreAsync(bytes, { password });
  const keys = source.entries().filter((entry): entry is PrivateKeyEntry => entry.type === "privateKey");
  if (keys.length === 0) throw new KeystoreError("INVALID_ARGUMENT", `The ${source.format} file has no private key entry to import`);
  const rename = options.alias?.trim() || undefined;
  if (rename && keys.length > 1) throw new KeystoreError("INVALID_ARGUMENT", `The file has ${keys.length} key entries: leave the alias empty to keep theirs`);
  const plain = await Promise.all(keys.map((entry) => source.privateKeyPkcs8Async(entry.alias, password)));
  const entries = keys.map((entry, i): PrivateKeyEntry => ({ type: "privateKey", alias: rename ?? entry.alias, created: new Date(), chain: entry.chain, key: { plain: plain[i]! } }));
  for (const entry of entries) refuseTaken(draft.store, entry.alias);
  return { aliases: entries.map((entry) => putKey(draft, entry, options.keyPassword)), warnings: [] };
}
