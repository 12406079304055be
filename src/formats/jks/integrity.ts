import { digestParts } from "../../crypto/digest.js";
import { utf16be } from "../../crypto/password.js";

/** The salt Sun chose for the store digest: the ASCII bytes of the film title "Mighty Aphrodite". */
export const MIGHTY_APHRODITE = new TextEncoder().encode("Mighty Aphrodite");

/**
 * The JKS/JCEKS store digest: SHA-1(UTF-16BE(password) ‖ "Mighty Aphrodite" ‖ body), where body is
 * every byte of the file before the digest. Hashing the three parts in turn avoids copying the body.
 */
export function storeDigest(password: string, body: Uint8Array): Uint8Array {
  return digestParts("sha1", [utf16be(password), MIGHTY_APHRODITE, body]);
}

/** Constant-time comparison of two byte strings of equal length (false when lengths differ). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
