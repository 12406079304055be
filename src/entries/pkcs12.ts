/**
 * PKCS#12 only: read and write `.p12`/`.pfx` files (every Java and OpenSSL profile), without the
 * JKS, JCEKS, BKS or trust-store code.
 *
 * @example
 * ```ts
 * import { decodePkcs12, encodePkcs12 } from "keystorekit/pkcs12";
 * const store = decodePkcs12(bytes, { password: "changeit" });
 * const out = encodePkcs12(store, { password: "changeit", profile: "java" });
 * ```
 * @module
 */
export { decodePkcs12, type Pkcs12DecodeOptions } from "../formats/pkcs12/decode.js";
export { decodePkcs12Async, encodePkcs12Async } from "../formats/pkcs12/async.js";
export { encodePkcs12, type Pkcs12EncodeOptions } from "../formats/pkcs12/encode.js";
export { PKCS12_PROFILES, withIterations, type Pkcs12Profile, type Pkcs12ProfileName } from "../formats/pkcs12/profiles.js";
export type { PbeSpec } from "../formats/pkcs12/pbe.js";
export type { MacSpec } from "../formats/pkcs12/mac.js";
export type { Pbkdf2Request, DerivedKeys } from "../crypto/pbkdf2.js";
export type { HashName } from "../crypto/hash.js";
export * from "./model.js";
