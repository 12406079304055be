import type { RandomSource } from "../crypto/random.js";
import type { KeystoreFormat } from "../model/entry.js";
import { KeystoreError, errors } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import type { Limits } from "../model/limits.js";
import { decodeJks } from "./jks/decode.js";
import { encodeJks } from "./jks/encode.js";
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
  /** Re-encrypt every key even where its stored protection could be kept. */
  reprotectKeys?: boolean;
  random?: RandomSource;
}

type Decoder = (bytes: Uint8Array, options: DecodeOptions) => Keystore;
type Encoder = (store: Keystore, options: EncodeOptions) => Uint8Array;

/** The codecs available, by format. Formats missing here are recognised but not supported yet. */
const decoders: Partial<Record<KeystoreFormat, Decoder>> = {
  JKS: (bytes, options) => decodeJks(bytes, options),
};
const encoders: Partial<Record<KeystoreFormat, Encoder>> = {
  JKS: (store, options) => encodeJks(store, options),
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
  return decoder(bytes, options);
}

/** Encodes `store` in `options.format`. */
export function encodeKeystore(store: Keystore, options: EncodeOptions): Uint8Array {
  const encoder = encoders[options.format];
  if (!encoder) throw errors.unsupported(`writing ${options.format} keystores is not supported yet`);
  return encoder(store, options);
}
