/**
 * JKS only: read and write Java KeyStore files without loading the PKCS#12, JCEKS, BKS or
 * trust-store code (and never pkijs/asn1js).
 *
 * @example
 * ```ts
 * import { decodeJks, encodeJks } from "keystorekit/jks";
 * const store = decodeJks(bytes, { password: "changeit" });
 * for (const entry of store) console.log(entry.alias, entry.type);
 * const out = encodeJks(store, { password: "changeit" });
 * ```
 * @module
 */
export { decodeJks, type JksDecodeOptions } from "../formats/jks/decode.js";
export { encodeJks, type JksEncodeOptions } from "../formats/jks/encode.js";
export { decodeJksAsync, encodeJksAsync } from "../formats/jks/async.js";
export * from "./model.js";
