/**
 * PKCS#5 / PKCS#7 block padding, shared by every CBC cipher in this folder (DES, Triple DES, RC2,
 * Twofish, AES).
 *
 * Padding failures are reported as a {@link PaddingError}, not a `KeystoreError`: whether a bad pad
 * means "wrong key password", "store tampered with" or "wrong store password" depends on which
 * layer decrypted, so the format codecs catch it and convert it to the right code.
 */

/**
 * Decryption produced bytes that do not end in a valid PKCS#5/#7 pad, or the ciphertext length
 * was not a positive multiple of the block size. Usually means a wrong key (password).
 */
export class PaddingError extends Error {
  constructor(message = "Given final block not properly padded") {
    super(message);
    this.name = "PaddingError";
  }
}

/**
 * Appends a PKCS#7 pad: 1…blockSize bytes, each equal to the pad length. A full extra block is
 * added when the input is already aligned, so the pad is always removable. PKCS#5 is the same
 * rule for 8-byte blocks.
 */
export function pkcs7Pad(data: Uint8Array, blockSize: number): Uint8Array {
  const padLength = blockSize - (data.length % blockSize);
  const out = new Uint8Array(data.length + padLength);
  out.set(data);
  out.fill(padLength, data.length);
  return out;
}

/**
 * Checks and strips a PKCS#7 pad, returning a view into `data` (no copy).
 *
 * Every pad byte is compared (not just the last one) as Java's `PKCS5Padding` does, so that a
 * wrong key is detected with probability ≈ 1 − 1/256 rather than 1 − 1/16. The comparison is
 * done without early exit to avoid an obvious timing signal, though CBC padding checks on
 * unauthenticated data are an oracle regardless.
 */
export function pkcs7Unpad(data: Uint8Array, blockSize: number): Uint8Array {
  const length = data.length;
  if (length === 0 || length % blockSize !== 0) {
    throw new PaddingError(`Input length must be a positive multiple of ${blockSize} when decrypting with padded cipher`);
  }
  const padLength = data[length - 1] ?? 0;
  let bad = padLength === 0 || padLength > blockSize ? 1 : 0;
  const checked = Math.min(padLength, blockSize);
  for (let i = 1; i <= checked; i++) {
    bad |= (data[length - i] ?? 0) ^ padLength;
  }
  if (bad !== 0) throw new PaddingError();
  return data.subarray(0, length - padLength);
}

/** Throws a {@link PaddingError} unless `length` is a positive multiple of `blockSize`. */
export function assertCiphertextLength(length: number, blockSize: number): void {
  if (length === 0 || length % blockSize !== 0) {
    throw new PaddingError(`Input length must be a positive multiple of ${blockSize} when decrypting with padded cipher`);
  }
}
