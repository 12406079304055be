// The floor any JKS load must pay: one pass of the platform's native SHA-1 over the file's bytes
// (the store digest covers the whole body), and a plain copy of the bytes.
import { createHash } from "node:crypto";

export const name = "lower-bound";

export function available() {
  return true;
}

export function cases(_input, { bytes }) {
  const data = new Uint8Array(bytes);
  return [
    { op: "sha1-native", fn: () => createHash("sha1").update(data).digest() },
    { op: "copy", fn: () => Uint8Array.prototype.slice.call(data) },
  ];
}
