import { ByteWriter } from "../../binary/writer.js";
import {
  BASE_HANDLE,
  BYTE_ARRAY,
  PBE_MD5_DES3_NAME,
  SEALED_CHAIN,
  SECRET_KEY_SPEC,
  STREAM_MAGIC,
  STREAM_VERSION,
  STRING_SIG,
  TC_ARRAY,
  TC_CLASSDESC,
  TC_ENDBLOCKDATA,
  TC_NULL,
  TC_OBJECT,
  TC_REFERENCE,
  TC_STRING,
  type ClassShape,
} from "./sealed-object.js";

/**
 * Writes the two serialization streams of a JCEKS secret key exactly as JDK 17 and 25 write them
 * (keystore-formats.md §3.3), so that Java's load-time class filter and key filter accept them.
 * The layout is fixed, so back-reference handles are constants here.
 */

function writeClassDescHeader(w: ByteWriter, shape: ClassShape): void {
  w.u8(TC_CLASSDESC).utf(shape.name).bytes(hexBytes(shape.uid)).u8(shape.flags);
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** TC_STRING; handles are tracked by the caller's fixed layout. */
function writeString(w: ByteWriter, value: string): void {
  w.u8(TC_STRING).utf(value);
}

/** The outer `SealedObjectForKeyProtector` stream, byte for byte as Java writes it. */
export function writeSealedObject(encodedParams: Uint8Array, encryptedContent: Uint8Array): Uint8Array {
  const w = new ByteWriter(encryptedContent.length + 400);
  w.u16(STREAM_MAGIC).u16(STREAM_VERSION).u8(TC_OBJECT);
  writeClassDescHeader(w, SEALED_CHAIN[0]!); // handle 0
  w.u16(0).u8(TC_ENDBLOCKDATA);
  writeClassDescHeader(w, SEALED_CHAIN[1]!); // handle 1
  w.u16(4);
  w.u8(0x5b).utf("encodedParams");
  writeString(w, "[B"); // handle 2
  w.u8(0x5b).utf("encryptedContent").u8(TC_REFERENCE).u32(BASE_HANDLE + 2);
  w.u8(0x4c).utf("paramsAlg");
  writeString(w, STRING_SIG); // handle 3
  w.u8(0x4c).utf("sealAlg").u8(TC_REFERENCE).u32(BASE_HANDLE + 3);
  w.u8(TC_ENDBLOCKDATA).u8(TC_NULL); // handle 4: the object
  w.u8(TC_ARRAY);
  writeClassDescHeader(w, BYTE_ARRAY); // handle 5, the array is handle 6
  w.u16(0).u8(TC_ENDBLOCKDATA).u8(TC_NULL).lengthPrefixed(encodedParams);
  w.u8(TC_ARRAY).u8(TC_REFERENCE).u32(BASE_HANDLE + 5).lengthPrefixed(encryptedContent); // handle 7
  writeString(w, PBE_MD5_DES3_NAME); // Java writes sealAlg as a second string, not a back-reference
  writeString(w, PBE_MD5_DES3_NAME);
  return w.finish().slice();
}

/** The inner stream: a `javax.crypto.spec.SecretKeySpec`, which every JDK's key filter accepts. */
export function writeSecretKeySpec(algorithm: string, key: Uint8Array): Uint8Array {
  const w = new ByteWriter(key.length + 200);
  w.u16(STREAM_MAGIC).u16(STREAM_VERSION).u8(TC_OBJECT);
  writeClassDescHeader(w, SECRET_KEY_SPEC);
  w.u16(2);
  w.u8(0x4c).utf("algorithm");
  writeString(w, STRING_SIG);
  w.u8(0x5b).utf("key");
  writeString(w, "[B");
  w.u8(TC_ENDBLOCKDATA).u8(TC_NULL);
  writeString(w, algorithm);
  w.u8(TC_ARRAY);
  writeClassDescHeader(w, BYTE_ARRAY);
  w.u16(0).u8(TC_ENDBLOCKDATA).u8(TC_NULL).lengthPrefixed(key);
  return w.finish().slice();
}
