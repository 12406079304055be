import type { RandomSource } from "../crypto/random.js";
import type { KeystoreFormat } from "../model/entry.js";
import { KeystoreError, errors } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import type { Limits } from "../model/limits.js";
import { decodeJks } from "./jks/decode.js";
import { encodeJks } from "./jks/encode.js";
import { decodeJceks } from "./jceks/decode.js";
import { encodeJceks } from "./jceks/encode.js";
import { decodeBks, decodeUber } from "./bks/decode.js";
import { decodeJksAsync, encodeJksAsync } from "./jks/async.js";
import { decodePem } from "./pem/decode.js";
import { decodePkcs12 } from "./pkcs12/decode.js";
import { decodePkcs12Async, encodePkcs12Async } from "./pkcs12/async.js";
import { encodePkcs12 } from "./pkcs12/encode.js";
import type { Pkcs12Profile, Pkcs12ProfileName } from "./pkcs12/profiles.js";
import { encodePem } from "./pem/encode.js";
import { sniffFormat } from "./sniff.js";

/** Options for {@link decodeKeystore}. */
export interface DecodeOptions {
  /** Store password; omitted: integrity is not checked (where the format allows reading without it). */
  password?: string;
  /**
   * The format the caller expects (for example from `-storetype`). The bytes decide: when they are
   * another format, that format is decoded and `store.format` says so.
   */
  format?: KeystoreFormat;
  /** Decoding safety limits overriding {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
}

/** Options for {@link encodeKeystore}. */
export interface EncodeOptions {
  /** Target format. */
  format: KeystoreFormat;
  /** Store password. */
  password: string;
  /** Key passwords by alias (default: the store password). */
  keyPasswords?: Readonly<Record<string, string>>;
  /** PKCS#12 write profile (default "java"). */
  profile?: Pkcs12ProfileName | Pkcs12Profile;
  /** Re-encrypt every key even where its stored protection could be kept. */
  reprotectKeys?: boolean;
  /** Random source for salts and IVs (default: WebCrypto). */
  random?: RandomSource;
}

type Decoder = (bytes: Uint8Array, options: DecodeOptions) => Keystore;
type Encoder = (store: Keystore, options: EncodeOptions) => Uint8Array;

/** The codecs available, by format. Formats missing here are recognised but not supported yet. */
const decoders: Partial<Record<KeystoreFormat, Decoder>> = {
  JKS: (bytes, options) => decodeJks(bytes, options),
  PEM: (bytes, options) => decodePem(bytes, options),
  PKCS12: (bytes, options) => decodePkcs12(bytes, options),
  JCEKS: (bytes, options) => decodeJceks(bytes, options),
  // BKS v1 and UBER share a header; decodeBks tells them apart, preferring options.format.
  BKS: (bytes, options) => decodeBks(bytes, options),
  UBER: (bytes, options) => decodeUber(bytes, options),
};
const encoders: Partial<Record<KeystoreFormat, Encoder>> = {
  JKS: (store, options) => encodeJks(store, options),
  PKCS12: (store, options) => encodePkcs12(store, options),
  PEM: (store, options) => {
    // An empty bundle would be an empty file, which no reader takes for a keystore (decodeKeystore
    // refuses it, as OpenSSL refuses an empty CAfile): refused here instead (docs/api.md).
    if (store.size === 0) throw errors.invalidArgument("the store is empty, and an empty PEM file cannot be read back as a keystore: add a certificate first, or write another format");
    return new TextEncoder().encode(encodePem(store, { includeKeys: true, keyPassword: options.password }));
  },
  JCEKS: (store, options) => encodeJceks(store, options),
};

/** Async codecs that use WebCrypto's native primitives; formats without one use the sync codec. */
const asyncDecoders: Partial<Record<KeystoreFormat, (bytes: Uint8Array, options: DecodeOptions) => Promise<Keystore>>> = {
  JKS: (bytes, options) => decodeJksAsync(bytes, options),
  PKCS12: (bytes, options) => decodePkcs12Async(bytes, options),
};
const asyncEncoders: Partial<Record<KeystoreFormat, (store: Keystore, options: EncodeOptions) => Promise<Uint8Array>>> = {
  JKS: (store, options) => encodeJksAsync(store, options),
  PKCS12: (store, options) => encodePkcs12Async(store, options),
};

/** Formats this build can read. */
export function readableFormats(): KeystoreFormat[] {
  return Object.keys(decoders) as KeystoreFormat[];
}

/** Formats this build can write. */
export function writableFormats(): KeystoreFormat[] {
  return Object.keys(encoders) as KeystoreFormat[];
}

/**
 * Decodes a keystore of any supported format, recognised from its bytes. A file whose name or
 * requested type says JKS but whose bytes are PKCS#12 is decoded (or reported) as PKCS#12.
 */
export function decodeKeystore(bytes: Uint8Array, options: DecodeOptions = {}): Keystore {
  return requireDecoder(bytes, options).decoder(bytes, options);
}

/**
 * {@link decodeKeystore}, using the platform's native hashing and ciphers (WebCrypto) where the
 * format allows: much faster on large stores. Same results and errors.
 */
export async function decodeKeystoreAsync(bytes: Uint8Array, options: DecodeOptions = {}): Promise<Keystore> {
  const { format, decoder } = requireDecoder(bytes, options);
  const asyncDecoder = asyncDecoders[format];
  return asyncDecoder ? asyncDecoder(bytes, options) : decoder(bytes, options);
}

/** {@link encodeKeystore} with WebCrypto's native primitives where the format allows. */
export async function encodeKeystoreAsync(store: Keystore, options: EncodeOptions): Promise<Uint8Array> {
  const asyncEncoder = asyncEncoders[options.format];
  return asyncEncoder ? asyncEncoder(store, options) : encodeKeystore(store, options);
}

/** The format the bytes are in and its decoder; typed errors for unknown or unsupported formats. */
function requireDecoder(bytes: Uint8Array, options: DecodeOptions): { format: KeystoreFormat; decoder: Decoder } {
  const format = sniffFormat(bytes);
  if (format === null) {
    if (bytes.length < 4) throw errors.truncated("the header: the file is too short to be a keystore");
    throw errors.malformed("not a keystore: the first bytes match no JKS, JCEKS, PKCS#12, BKS, UBER or PEM layout");
  }
  const decoder = decoders[format];
  if (!decoder) {
    const asked = options.format && options.format !== format ? ` (it was opened as ${options.format})` : "";
    throw new KeystoreError("UNSUPPORTED", `This file is a ${format} keystore${asked}; reading ${format} is not supported yet`);
  }
  return { format, decoder };
}

/** Encodes `store` in `options.format`. */
export function encodeKeystore(store: Keystore, options: EncodeOptions): Uint8Array {
  const encoder = encoders[options.format];
  if (!encoder) throw errors.unsupported(`writing ${options.format} keystores is not supported yet`);
  return encoder(store, options);
}
