// Change the store password and a key's password, on the draft's OpenedStore.password and
// keyPasswords (the shell saves with them). Keys are opened first, so a password that does not
// open them is refused before anything changes.
import { KeystoreError, type PrivateKeyEntry, type SecretKeyEntry } from "keystorekit";
import type { OpenedStore } from "../context.js";
import { keyPasswordOf } from "./keys.js";

/** keytool's rule for new store and key passwords. */
function checkNew(password: string, what: string): void {
  if (password.length < 6) throw new KeystoreError("INVALID_ARGUMENT", `${what} password is too short - must be at least 6 characters`);
}

type KeyEntry = PrivateKeyEntry | SecretKeyEntry;

/** The entry with only its plain key: the save protects it again with the password the shell passes for it. */
async function plainCopy(draft: OpenedStore, entry: KeyEntry, password: string | undefined): Promise<KeyEntry> {
  const plain = entry.type === "privateKey" ? await draft.store.privateKeyPkcs8Async(entry.alias, password) : draft.store.secretKey(entry.alias, password);
  return { ...entry, key: { plain } } as KeyEntry;
}

/**
 * Changes the store password (keytool -storepasswd). PKCS#12: every key is protected with the
 * store password, so each is opened with its current password and will be protected with the new
 * one (a key that does not open stops the change). JKS/JCEKS: keys keep their own passwords, as
 * keytool leaves them; keys that used the old store password are recorded under it, and named in
 * the returned notes (javax.net.ssl.keyStore needs them equal: change them too).
 */
export async function changeStorePassword(draft: OpenedStore, fresh: string): Promise<string[]> {
  if (draft.store.format === "PEM") throw new KeystoreError("INVALID_ARGUMENT", "A PEM file has no store password: save it as a keystore format to give it one");
  checkNew(fresh, "Keystore");
  const old = draft.password;
  const keys = draft.store.entries().filter((entry): entry is KeyEntry => entry.type !== "trustedCert");
  const notes: string[] = [];
  if (draft.store.format === "PKCS12") {
    const opened = await Promise.all(keys.map((entry) => plainCopy(draft, entry, keyPasswordOf(draft, entry.alias))));
    for (const entry of opened) {
      draft.store.set(entry);
      draft.keyPasswords.delete(entry.alias);
    }
  } else {
    for (const entry of keys) {
      if (draft.keyPasswords.has(entry.alias) || old === undefined) continue;
      draft.keyPasswords.set(entry.alias, old);
      notes.push(`Key <${entry.alias}> keeps its key password (the old store password), as keytool leaves it; Java's key manager needs it equal to the store password: change the key password too`);
    }
  }
  draft.password = fresh;
  return notes;
}

/**
 * Changes the password of key `alias` (keytool -keypasswd): the key is opened with `current`
 * (default: its known password, else the store password; WRONG_KEY_PASSWORD if it does not open)
 * and protected with `fresh` on save. PKCS#12 keeps one password for store and keys, as keytool.
 */
export async function changeKeyPassword(draft: OpenedStore, alias: string, fresh: string, current?: string): Promise<string> {
  const entry = draft.store.entry(alias);
  if (entry.type === "trustedCert") throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> is a trusted certificate entry: it has no key password`);
  if (draft.store.format === "PKCS12" || draft.store.format === "PEM") {
    throw new KeystoreError("UNSUPPORTED", `${draft.store.format === "PEM" ? "PEM" : "PKCS12"} keeps one password for the store and its keys (keytool: "-keypasswd commands not supported if -storetype is PKCS12"): change the store password`);
  }
  checkNew(fresh, "Key");
  const plain = await plainCopy(draft, entry, current || keyPasswordOf(draft, alias));
  const stored = draft.store.set(plain);
  if (fresh === draft.password) draft.keyPasswords.delete(stored.alias);
  else draft.keyPasswords.set(stored.alias, fresh);
  return stored.alias;
}
