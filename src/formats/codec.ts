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
import { encodePkcs12, resolveProfile } from "./pkcs12/encode.js";
import type { Pkcs12Profile, Pkcs12ProfileName } from "./pkcs12/profiles.js";
import { Pkcs12ProtectedKey } from "./pkcs12/protected-key.js";
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

/** The formats {@link encodeKeystore} writes. BKS and UBER are read-only: write them as one of these. */
export type WritableFormat = "JKS" | "JCEKS" | "PKCS12" | "PEM";

/** Options for {@link encodeKeystore}. */
export interface EncodeOptions {
  /**
   * Target format. Default: `store.format`, the format the store was read in (or created as); a
   * BKS or UBER store must be given one, since those formats are read-only.
   */
  format?: WritableFormat;
  /**
   * Store password, and the default key password. JKS, JCEKS and PKCS#12 need it (the integrity
   * digest or MAC is keyed by it, and PKCS#12 encrypts keys under it). Not needed for PEM (it
   * decrypts keys still protected; a store whose keys are plain needs none) nor for the
   * password-less PKCS#12 profile, unless it has keys to encrypt.
   */
  password?: string;
  /** Key passwords by alias (default: the store password). */
  keyPasswords?: Readonly<Record<string, string>>;
  /** PKCS#12 write profile (default "java", or "passwordless" for a store read password-less). */
  profile?: Pkcs12ProfileName | Pkcs12Profile;
  /** Re-encrypt every key even where its stored protection could be kept. */
  reprotectKeys?: boolean;
  /** Random source for salts and IVs (default: WebCrypto). */
  random?: RandomSource;
}

/** EncodeOptions with the format settled and the password checked where the format needs one. */
type ResolvedEncodeOptions = Omit<EncodeOptions, "format" | "password"> & { password: string; passwordGiven: boolean };

type Decoder = (bytes: Uint8Array, options: DecodeOptions) => Keystore;
type Encoder = (store: Keystore, options: ResolvedEncodeOptions) => Uint8Array;

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
const encoders: Record<WritableFormat, Encoder> = {
  JKS: (store, options) => encodeJks(store, options),
  PKCS12: (store, options) => encodePkcs12(store, options),
  PEM: (store, options) => {
    // An empty bundle would be an empty file, which no reader takes for a keystore (decodeKeystore
    // refuses it, as OpenSSL refuses an empty CAfile): refused here instead (docs/api.md).
    if (store.size === 0) throw errors.invalidArgument("the store is empty, and an empty PEM file cannot be read back as a keystore: add a certificate first, or write another format");
    return new TextEncoder().encode(encodePem(store, { includeKeys: true, keyPassword: options.passwordGiven ? options.password : undefined }));
  },
  JCEKS: (store, options) => encodeJceks(store, options),
};

/** Async codecs that use WebCrypto's native primitives; formats without one use the sync codec. */
const asyncDecoders: Partial<Record<KeystoreFormat, (bytes: Uint8Array, options: DecodeOptions) => Promise<Keystore>>> = {
  JKS: (bytes, options) => decodeJksAsync(bytes, options),
  PKCS12: (bytes, options) => decodePkcs12Async(bytes, options),
};
const asyncEncoders: Partial<Record<WritableFormat, (store: Keystore, options: ResolvedEncodeOptions) => Promise<Uint8Array>>> = {
  JKS: (store, options) => encodeJksAsync(store, options),
  PKCS12: (store, options) => encodePkcs12Async(store, options),
};

/** Formats this build can read. */
export function readableFormats(): KeystoreFormat[] {
  return Object.keys(decoders) as KeystoreFormat[];
}

/** Formats this build can write. */
export function writableFormats(): WritableFormat[] {
  return Object.keys(encoders) as WritableFormat[];
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
export async function encodeKeystoreAsync(store: Keystore, options: EncodeOptions = {}): Promise<Uint8Array> {
  const { format, resolved } = resolveEncodeOptions(store, options);
  const asyncEncoder = asyncEncoders[format];
  return asyncEncoder ? asyncEncoder(store, resolved) : encoders[format](store, resolved);
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

/** Encodes `store` in `options.format` (default: the store's own format). */
export function encodeKeystore(store: Keystore, options: EncodeOptions = {}): Uint8Array {
  const { format, resolved } = resolveEncodeOptions(store, options);
  return encoders[format](store, resolved);
}

/** The format to write (typed errors for a read-only one) and the options, a password checked where needed. */
function resolveEncodeOptions(store: Keystore, options: EncodeOptions): { format: WritableFormat; resolved: ResolvedEncodeOptions } {
  // From plain JavaScript (or a cast) a read-only format can still arrive here.
  const format = (options.format ?? store.format) as KeystoreFormat;
  if (!isWritable(format)) {
    const whose = options.format === undefined ? `this store was read as ${format}, and ` : "";
    throw errors.unsupported(`${whose}writing ${format} keystores is not supported: give format "PKCS12" or "JKS" to write its entries in a format Java reads`);
  }
  const { password } = options;
  if (password === undefined && needsPassword(store, format, options)) {
    throw new KeystoreError("PASSWORD_REQUIRED", passwordRequiredMessage(store, format, options));
  }
  return { format, resolved: { ...options, password: password ?? "", passwordGiven: password !== undefined } };
}

function isWritable(format: KeystoreFormat): format is WritableFormat {
  return Object.hasOwn(encoders, format);
}

/**
 * Whether writing needs the store password: JKS and JCEKS always (the digest is keyed by it);
 * PKCS#12 for a profile with a MAC or encrypted certificates, and for a key it has to encrypt
 * (one not kept in the PKCS#12 protection it was read with); PEM never (a protected key then fails
 * with WRONG_KEY_PASSWORD or PASSWORD_REQUIRED when it is decrypted).
 */
function needsPassword(store: Keystore, format: WritableFormat, options: EncodeOptions): boolean {
  if (format === "PEM") return false;
  if (format !== "PKCS12") return true;
  const profile = resolveProfile(options.profile, store);
  if (profile.mac !== null || profile.certificates !== null) return true;
  return store.entries().some((entry) => {
    if (entry.type === "trustedCert") return false;
    const stored = entry.key.protected;
    const keptAsRead = stored instanceof Pkcs12ProtectedKey && stored.kind === (entry.type === "privateKey" ? "private" : "secret") && !options.reprotectKeys;
    return !keptAsRead;
  });
}

function passwordRequiredMessage(store: Keystore, format: WritableFormat, options: EncodeOptions): string {
  if (format !== "PKCS12") return `Keystore password must be given to write a ${format} keystore: its integrity digest is keyed by it`;
  const profile = resolveProfile(options.profile, store);
  return profile.mac === null && profile.certificates === null
    ? "Keystore password must be given: the password-less PKCS12 profile still encrypts private and secret keys under it"
    : `Keystore password must be given to write a PKCS12 keystore with the "${profile.name}" profile: its MAC and encrypted certificates are keyed by it (the "passwordless" profile needs none)`;
}
