// keystorekit through its public API (dist/index.js), as a user calls it.
import { decodeKeystore, encodeKeystore, toPem } from "../../dist/index.js";

export const name = "keystorekit";

export function available() {
  return true;
}

/** Every private key of a decoded store, decrypted with the store password. */
function decryptAll(store, password) {
  const keys = [];
  for (const entry of store) if (entry.type === "privateKey") keys.push(store.privateKeyPkcs8(entry.alias, password));
  return keys;
}

export function cases(input, { bytes }) {
  const data = new Uint8Array(bytes); // a plain Uint8Array, as a browser or Deno caller would pass
  const { password } = input;
  const load = () => decodeKeystore(data, { password });
  const list = [
    // Load with the integrity check (the password is given).
    { op: "load", fn: load },
    // What `keystorekit list` needs: aliases and every certificate's SHA-256 (fresh load each run:
    // fingerprints are cached on the Certificate).
    {
      op: "list",
      fn: () => {
        const store = load();
        const out = [];
        for (const entry of store) {
          const certificates = entry.type === "trustedCert" ? [entry.certificate] : entry.type === "privateKey" ? entry.chain : [];
          out.push(entry.alias, ...certificates.map((certificate) => certificate.sha256));
        }
        return out;
      },
    },
    // Same work as jks-js toPem: load, every certificate to PEM, every key decrypted to PEM.
    {
      op: "to-pem",
      fn: () => {
        const store = load();
        const out = {};
        for (const entry of store) {
          if (entry.type === "trustedCert") out[entry.alias] = { ca: entry.certificate.toPem() };
          else if (entry.type === "privateKey") {
            out[entry.alias] = {
              cert: entry.chain.map((certificate) => certificate.toPem()).join("\n"),
              key: toPem("PRIVATE KEY", store.privateKeyPkcs8(entry.alias, password)),
            };
          }
        }
        return out;
      },
    },
    // Save a loaded store (keys keep their stored protection: no key password work).
    { op: "save", setup: load, fn: (store) => encodeKeystore(store, { format: "JKS", password }) },
  ];
  if (input.kind === "keys") {
    // Decrypt every key of an already loaded store (Java: the getKey loop).
    list.push({ op: "decrypt-keys", setup: load, fn: (store) => decryptAll(store, password) });
  }
  return list;
}
