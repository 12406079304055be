/**
 * JCEKS only: read and write the SunJCE keystore format, secret keys included.
 *
 * @example
 * ```ts
 * import { decodeJceks, encodeJceks } from "keystorekit/jceks";
 * const store = decodeJceks(bytes, { password: "changeit" });
 * const out = encodeJceks(store, { password: "changeit" });
 * ```
 * @module
 */
export { decodeJceks, type JceksDecodeOptions } from "../formats/jceks/decode.js";
export { encodeJceks, type JceksEncodeOptions } from "../formats/jceks/encode.js";
export { JceksSealedKey } from "../formats/jceks/sealed-key.js";
export type { SealedKeyObject, SerializedSecretKey } from "../formats/jceks/sealed-object.js";
export * from "./model.js";
