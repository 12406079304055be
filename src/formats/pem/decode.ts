import { parsePem, utf8Text } from "../../binary/encoding.js";
import { aliasFromCertificate, uniqueAlias } from "../../model/alias.js";
import { Certificate } from "../../model/certificate.js";
import { errors } from "../../model/errors.js";
import { Keystore } from "../../model/keystore.js";
import { checkLimit, resolveLimits, type Limits } from "../../model/limits.js";

/**
 * PEM bundles as a keystore (format "PEM"): every CERTIFICATE block becomes a trusted-certificate
 * entry named after its subject (as OpenSSL's ca-bundle files are used), except that a PRIVATE KEY
 * block takes the certificates that follow it as its chain (the usual server.pem layout).
 * Encrypted PEM keys are UNSUPPORTED; PEM has no integrity check, so integrity is "none".
 */
export function decodePem(input: Uint8Array | string, options: { limits?: Partial<Limits> } = {}): Keystore {
  const limits = resolveLimits(options.limits);
  const text = typeof input === "string" ? input : utf8Text(input);
  const blocks = parsePem(text);
  checkLimit(blocks.length, limits.maxEntries, "the number of PEM blocks");
  const store = new Keystore({ format: "PEM" });
  let pendingKey: { pkcs8: Uint8Array; chain: Certificate[] } | null = null;

  const flushKey = () => {
    if (!pendingKey) return;
    const leaf = pendingKey.chain[0];
    const alias = uniqueAlias(store, leaf ? aliasFromCertificate(leaf) : "key");
    store.set({ type: "privateKey", alias, created: null, chain: pendingKey.chain, key: { plain: pendingKey.pkcs8 } });
    pendingKey = null;
  };

  for (const block of blocks) {
    switch (block.label) {
      case "CERTIFICATE":
      case "TRUSTED CERTIFICATE":
      case "X509 CERTIFICATE": {
        const certificate = new Certificate(block.der);
        if (pendingKey) pendingKey.chain.push(certificate);
        else store.set({ type: "trustedCert", alias: uniqueAlias(store, aliasFromCertificate(certificate)), created: null, certificate });
        break;
      }
      case "PRIVATE KEY":
        flushKey();
        pendingKey = { pkcs8: block.der, chain: [] };
        break;
      case "ENCRYPTED PRIVATE KEY":
        throw errors.unsupported("encrypted PEM private keys: decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)");
      case "RSA PRIVATE KEY":
      case "EC PRIVATE KEY":
        throw errors.unsupported(`"${block.label}" (traditional) PEM keys: convert to PKCS#8 first (openssl pkcs8 -topk8 -nocrypt)`);
      default:
        // Other blocks (CRLs, parameters, public keys) are not keystore entries.
        break;
    }
  }
  flushKey();
  if (blocks.length === 0) throw errors.malformed("no PEM blocks found");
  return store;
}
