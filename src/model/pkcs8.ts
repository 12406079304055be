import { TAG, children, content, decodeOid, expectTlv } from "../binary/der.js";
import { keyAlgorithmName } from "./certificate.js";

/**
 * The Java algorithm name ("RSA", "EC", "Ed25519", …) of a PKCS#8 `PrivateKeyInfo`, or null when
 * the bytes are not one.
 */
export function privateKeyAlgorithm(pkcs8: Uint8Array): string | null {
  try {
    const info = expectTlv(pkcs8, 0, pkcs8.length, TAG.SEQUENCE, "PrivateKeyInfo");
    const algorithmId = children(info)[1];
    if (!algorithmId || algorithmId.tag !== TAG.SEQUENCE) return null;
    const oid = children(algorithmId)[0];
    return oid && oid.tag === TAG.OID ? keyAlgorithmName(decodeOid(content(oid))) : null;
  } catch {
    return null;
  }
}
