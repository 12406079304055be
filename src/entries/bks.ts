/**
 * BouncyCastle BKS and UBER keystores (read only).
 *
 * @example
 * ```ts
 * import { decodeBks } from "keystorekit/bks";
 * const store = decodeBks(bytes, { password: "changeit" });
 * ```
 * @module
 */
export { decodeBks, decodeUber, type BksDecodeOptions } from "../formats/bks/decode.js";
export { bksEntryKind, type BksEntryKind, type BksEntryExtras } from "../formats/bks/entries.js";
export { BksSealedKey, type BksKeyKind, type BksKeyEncoding } from "../formats/bks/sealed-key.js";
export * from "./model.js";
