// Key material of the open store's entries, for actions that sign with a key entry (CSR, sign a CSR).
import { createSigner, KeystoreError, type Keystore, type PrivateKeyEntry, type Signer } from "keystorekit";
import type { OpenedStore } from "../context.js";

/** The password that opens `alias`'s key: its own, as the user typed it, else the store password. */
export function keyPasswordOf(opened: OpenedStore, alias: string): string | undefined {
  return opened.keyPasswords.get(opened.store.resolveAlias(alias) ?? alias) ?? opened.password;
}

/** The private-key entry under `alias`; INVALID_ARGUMENT for another kind of entry, NOT_FOUND for none. */
export function keyEntry(store: Keystore, alias: string): PrivateKeyEntry {
  const entry = store.entry(alias);
  if (entry.type !== "privateKey") {
    throw new KeystoreError("INVALID_ARGUMENT", `Alias <${entry.alias}> is a ${entry.type === "trustedCert" ? "trusted certificate" : "secret key"} entry, not a private key entry`);
  }
  return entry;
}

/** A signer for the key of `alias` (decrypting it with `password`, default: its known password). */
export async function signerFor(opened: OpenedStore, alias: string, password?: string): Promise<{ entry: PrivateKeyEntry; signer: Signer }> {
  const entry = keyEntry(opened.store, alias);
  const pkcs8 = await opened.store.privateKeyPkcs8Async(entry.alias, password || keyPasswordOf(opened, alias));
  const leaf = entry.chain[0];
  const signer = await createSigner(pkcs8, leaf ? { publicKey: leaf.subjectPublicKeyInfo } : {});
  return { entry, signer };
}

/** The aliases of the store's private-key entries, in store order (for "choose a key entry" lists). */
export function keyAliases(store: Keystore): string[] {
  return store.entries().filter((entry) => entry.type === "privateKey").map((entry) => entry.alias);
}

/** Whether the platform has WebCrypto (absent on plain-http pages): key generation and EC/EdDSA signatures need it. */
export function hasWebCrypto(): boolean {
  return (globalThis as { crypto?: { subtle?: unknown } }).crypto?.subtle !== undefined;
}
