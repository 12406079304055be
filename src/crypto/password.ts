/**
 * Password → bytes, per use (keystore-formats.md §1.2). Java hands `char[]` passwords to each
 * scheme in a different encoding; these are the ones the JKS family needs.
 */

/** UTF-16BE of each UTF-16 code unit, no terminator: the JKS/JCEKS digest and the JKS key protector. */
export function utf16be(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}
