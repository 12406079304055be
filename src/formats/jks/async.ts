import { utf16be } from "../../crypto/password.js";
import { subtleCrypto } from "../../crypto/webcrypto.js";
import { errors } from "../../model/errors.js";
import type { Keystore } from "../../model/keystore.js";
import { JKS_DIALECT, readContainer, type ContainerDialect, type JksDecodeOptions } from "./decode.js";
import { JKS_ENCODE_DIALECT, writeContainerBody, type EncodeDialect, type JksEncodeOptions } from "./encode.js";
import { equalBytes, MIGHTY_APHRODITE, storeDigest } from "./integrity.js";

/**
 * The store digest through WebCrypto's native SHA-1 (many times faster than pure code on large
 * stores), or the pure digest where the runtime has no WebCrypto.
 */
export async function storeDigestAsync(password: string, body: Uint8Array): Promise<Uint8Array> {
  const subtle = subtleCrypto();
  if (!subtle) return storeDigest(password, body);
  const passwordBytes = utf16be(password);
  // WebCrypto has no streaming digest: one buffer holds the prefix and the body.
  const input = new Uint8Array(passwordBytes.length + MIGHTY_APHRODITE.length + body.length);
  input.set(passwordBytes, 0);
  input.set(MIGHTY_APHRODITE, passwordBytes.length);
  input.set(body, passwordBytes.length + MIGHTY_APHRODITE.length);
  return new Uint8Array(await subtle.digest("SHA-1", input));
}

/** Decodes the JKS/JCEKS container, checking the digest with WebCrypto. */
export async function decodeContainerAsync(
  bytes: Uint8Array,
  options: JksDecodeOptions,
  dialect: ContainerDialect,
): Promise<Keystore> {
  const { store, body, storedDigest } = readContainer(bytes, options, dialect);
  if (options.password !== undefined) {
    const stored = storedDigest();
    if (!equalBytes(await storeDigestAsync(options.password, body), stored)) throw errors.integrity();
    store.integrity = "verified";
  }
  return store;
}

/** {@link decodeJks} with the integrity digest computed by the platform's native SHA-1. */
export function decodeJksAsync(bytes: Uint8Array, options: JksDecodeOptions = {}): Promise<Keystore> {
  return decodeContainerAsync(bytes, options, JKS_DIALECT);
}

/** Encodes the JKS/JCEKS container with the digest computed by WebCrypto. */
export async function encodeContainerAsync(
  store: Keystore,
  options: JksEncodeOptions,
  dialect: EncodeDialect,
  formatName: string,
): Promise<Uint8Array> {
  const writer = writeContainerBody(store, options, dialect, formatName);
  writer.bytes(await storeDigestAsync(options.password, writer.finish()));
  return writer.finish();
}

/** {@link encodeJks} with the integrity digest computed by the platform's native SHA-1. */
export function encodeJksAsync(store: Keystore, options: JksEncodeOptions): Promise<Uint8Array> {
  return encodeContainerAsync(store, options, JKS_ENCODE_DIALECT, "JKS");
}
