import { toPem } from "../../binary/encoding.js";
import { errors } from "../../model/errors.js";
import { checkPrivateKeyEntry, type Keystore } from "../../model/keystore.js";

/**
 * A PEM bundle of the store's certificates: trusted certificates, and with `includeKeys` each
 * private key (PKCS#8, unencrypted) followed by its chain. Keys still protected need `keyPassword`.
 * Each block is preceded by a comment line naming the alias, as ca-bundle files do. Trusted
 * certificates come first: on reading, certificates that follow a key are that key's chain.
 */
export function encodePem(store: Keystore, options: { includeKeys?: boolean; keyPassword?: string } = {}): string {
  const parts: string[] = [];
  const ordered = [...store.entries().filter((e) => e.type === "trustedCert"), ...store.entries().filter((e) => e.type !== "trustedCert")];
  for (const entry of ordered) {
    if (entry.type === "trustedCert") {
      parts.push(`# ${entry.alias}\n${entry.certificate.toPem()}`);
    } else if (entry.type === "privateKey" && options.includeKeys) {
      const pkcs8 = store.privateKeyPkcs8(entry.alias, options.keyPassword);
      // What decodePem would refuse (no certificate, bytes that are no PKCS#8 key) is not written.
      checkPrivateKeyEntry({ ...entry, key: { plain: pkcs8 } });
      parts.push(`# ${entry.alias}\n${toPem("PRIVATE KEY", pkcs8)}${entry.chain.map((c) => c.toPem()).join("")}`);
    } else if (entry.type === "secretKey" && options.includeKeys) {
      throw errors.unsupported(`PEM cannot hold the secret key "${entry.alias}"`);
    }
  }
  return parts.join("");
}
