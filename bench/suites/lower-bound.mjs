// The floor a load must pay, with the platform's native primitives:
//   sha1-native  one pass of native SHA-1 over the file's bytes (the JKS store digest covers the
//                whole body)
//   copy         a plain copy of the bytes
//   p12-native   (PKCS#12 files with a MAC, "java" profile) the same KDF, MAC and cipher work a
//                PKCS#12 load with the password does, done with node:crypto: the MAC key (PKCS#12
//                KDF, SHA-256, 10,000 iterations = 10,000 compressions, timed as native PBKDF2 with
//                5,000 iterations, which costs the same 10,000 compressions), HMAC-SHA256 over the
//                file, the certificate-safe key (PBKDF2-HMAC-SHA256, 10,000 iterations) and
//                AES-256-CBC decryption of the file's bytes. What keystorekit's PKCS#12 load would
//                cost if its KDF, MAC and cipher were native.
import { createDecipheriv, createHash, createHmac, pbkdf2Sync } from "node:crypto";

export const name = "lower-bound";

export function available() {
  return true;
}

const SALT = new Uint8Array(20).fill(7);
const KEY = new Uint8Array(32).fill(1);
const IV = new Uint8Array(16).fill(2);

export function cases(input, { bytes }) {
  const data = new Uint8Array(bytes);
  const list = [
    { op: "sha1-native", fn: () => createHash("sha1").update(data).digest() },
    { op: "copy", fn: () => Uint8Array.prototype.slice.call(data) },
  ];
  if (input.format === "PKCS12" && input.profile === "java") {
    const body = data.subarray(0, data.length - (data.length % 16)); // whole AES blocks
    list.push({
      op: "p12-native",
      fn: () => {
        const macKey = pbkdf2Sync("changeit", SALT, 5_000, 32, "sha256");
        const mac = createHmac("sha256", macKey).update(data).digest();
        const safeKey = pbkdf2Sync("changeit", SALT, 10_000, 32, "sha256");
        const decipher = createDecipheriv("aes-256-cbc", KEY, IV).setAutoPadding(false);
        return [mac, safeKey, decipher.update(body), decipher.final()];
      },
    });
  }
  return list;
}
