import { ByteReader } from "../../binary/reader.js";
import { toHex } from "../../binary/encoding.js";
import { KeystoreError, errors } from "../../model/errors.js";

/**
 * The two Java serialization streams of a JCEKS secret-key entry (keystore-formats.md §3.3): the
 * outer `SealedObjectForKeyProtector` and the inner key object (`SecretKeySpec` or `KeyRep`).
 *
 * This is deliberately not a Java deserializer. It reads only the grammar those objects use
 * (class descriptors without annotations, byte arrays, strings, one enum, back-references and
 * nulls), checks each class name and serialVersionUID against the shapes Java writes before
 * reading any value, and bounds every count and length by the bytes that remain.
 */

export const STREAM_MAGIC = 0xaced;
export const STREAM_VERSION = 5;
export const TC_NULL = 0x70;
export const TC_REFERENCE = 0x71;
export const TC_CLASSDESC = 0x72;
export const TC_OBJECT = 0x73;
export const TC_STRING = 0x74;
export const TC_ARRAY = 0x75;
export const TC_ENDBLOCKDATA = 0x78;
const TC_ENUM = 0x7e;
export const BASE_HANDLE = 0x7e0000;
const SC_SERIALIZABLE = 0x02;
const SC_ENUM = 0x10;

/** Most fields a class descriptor may declare, and the deepest superclass chain: far above what these shapes use. */
const MAX_FIELDS = 16;
const MAX_CLASS_DEPTH = 4;
const MAX_HANDLES = 64;

export const SEALED_OBJECT_FOR_KEY_PROTECTOR = "com.sun.crypto.provider.SealedObjectForKeyProtector";
export const PBE_MD5_DES3_NAME = "PBEWithMD5AndTripleDES";

interface FieldDesc {
  readonly code: string;
  readonly name: string;
  /** JVM type signature for object fields ("[B", "Ljava/lang/String;", …). */
  readonly signature: string;
}

interface ClassDesc {
  readonly name: string;
  readonly uid: string;
  readonly flags: number;
  readonly fields: readonly FieldDesc[];
  readonly superDesc: ClassDesc | null;
}

/** The shape a class descriptor must have: name, serialVersionUID (hex), flags and "code name signature" fields. */
export interface ClassShape {
  name: string;
  uid: string;
  flags: number;
  fields: string[];
}

export const STRING_SIG = "Ljava/lang/String;";
export const BYTE_ARRAY: ClassShape = { name: "[B", uid: "acf317f8060854e0", flags: SC_SERIALIZABLE, fields: [] };
export const SEALED_CHAIN: ClassShape[] = [
  { name: SEALED_OBJECT_FOR_KEY_PROTECTOR, uid: "cd57ca59e730bb53", flags: SC_SERIALIZABLE, fields: [] },
  {
    name: "javax.crypto.SealedObject",
    uid: "3e363da6c3b75470",
    flags: SC_SERIALIZABLE,
    fields: ["[ encodedParams [B", "[ encryptedContent [B", `L paramsAlg ${STRING_SIG}`, `L sealAlg ${STRING_SIG}`],
  },
];
export const SECRET_KEY_SPEC: ClassShape = {
  name: "javax.crypto.spec.SecretKeySpec",
  uid: "5b470b66e230614d",
  flags: SC_SERIALIZABLE,
  fields: [`L algorithm ${STRING_SIG}`, "[ key [B"],
};
const KEY_REP: ClassShape = {
  name: "java.security.KeyRep",
  uid: "bdf94fb3889aa543",
  flags: SC_SERIALIZABLE,
  fields: [`L algorithm ${STRING_SIG}`, "[ encoded [B", `L format ${STRING_SIG}`, "L type Ljava/security/KeyRep$Type;"],
};
const KEY_REP_TYPE: ClassShape[] = [
  { name: "java.security.KeyRep$Type", uid: "0000000000000000", flags: SC_SERIALIZABLE | SC_ENUM, fields: [] },
  { name: "java.lang.Enum", uid: "0000000000000000", flags: SC_SERIALIZABLE | SC_ENUM, fields: [] },
];

type Value = null | { kind: "bytes"; data: Uint8Array } | { kind: "string"; value: string } | { kind: "enum"; constant: string };
type Handle = ClassDesc | Value;

/** A reader of one serialization stream, with its handle table. */
class StreamReader {
  private readonly handles: Handle[] = [];

  constructor(readonly reader: ByteReader) {}

  header(): void {
    if (this.reader.u16("the serialization stream magic") !== STREAM_MAGIC) throw invalid("no Java serialization stream");
    const version = this.reader.u16("the serialization stream version");
    if (version !== STREAM_VERSION) throw invalid(`serialization stream version ${version}`);
  }

  private assign(handle: Handle): void {
    if (this.handles.length >= MAX_HANDLES) throw errors.limit("too many objects in a serialized key");
    this.handles.push(handle);
  }

  private reference(): Handle {
    const index = this.reader.u32("a back-reference") - BASE_HANDLE;
    const handle = this.handles[index];
    if (index < 0 || handle === undefined) throw invalid("a back-reference to an object that does not exist");
    return handle;
  }

  /** A class descriptor (new, referenced or null), checked against `chain` from the class up to its last superclass. */
  classDesc(chain: readonly ClassShape[], depth = 0): ClassDesc | null {
    const tc = this.reader.u8("a class descriptor");
    if (tc === TC_NULL) {
      if (chain.length !== 0) throw invalid("a missing class descriptor");
      return null;
    }
    const expected = chain[0];
    if (expected === undefined) throw invalid("an unexpected superclass");
    let desc: ClassDesc;
    if (tc === TC_REFERENCE) {
      const handle = this.reference();
      if (!isClassDesc(handle)) throw invalid("a back-reference that is not a class descriptor");
      desc = handle;
    } else if (tc === TC_CLASSDESC) {
      if (depth >= MAX_CLASS_DEPTH) throw invalid("too deep a class hierarchy");
      desc = this.newClassDesc(expected, chain, depth);
    } else {
      throw unsupported(`serialization element 0x${tc.toString(16)} where a class descriptor belongs`);
    }
    checkShape(desc, chain);
    return desc;
  }

  private newClassDesc(expected: ClassShape, chain: readonly ClassShape[], depth: number): ClassDesc {
    const name = this.utf("a class name");
    const uid = toHex(this.reader.take(8, "a serialVersionUID"));
    // Check the class before reading anything it declares: unknown classes stop here.
    if (name !== expected.name) throw unexpectedClass(name, expected.name);
    const fields: FieldDesc[] = [];
    const desc = { name, uid, flags: 0, fields, superDesc: null as ClassDesc | null };
    this.assign(desc);
    desc.flags = this.reader.u8("class flags");
    const count = this.reader.u16("a field count");
    if (count > MAX_FIELDS) throw invalid(`${count} fields in class ${name}`);
    for (let i = 0; i < count; i++) {
      const code = String.fromCharCode(this.reader.u8("a field type"));
      const fieldName = this.utf("a field name");
      if (code !== "[" && code !== "L") throw invalid(`primitive field ${fieldName} in class ${name}`);
      const signature = this.stringValue();
      if (signature === null) throw invalid(`field ${fieldName} without a type`);
      fields.push({ code, name: fieldName, signature });
    }
    if (this.reader.u8("the end of class annotations") !== TC_ENDBLOCKDATA) throw unsupported(`class annotations in ${name}`);
    desc.superDesc = this.classDesc(chain.slice(1), depth + 1);
    return desc;
  }

  private utf(what: string): string {
    return this.reader.utf(what);
  }

  /** A String value: TC_STRING, a reference to one, or null. */
  stringValue(): string | null {
    const tc = this.reader.u8("a string");
    if (tc === TC_NULL) return null;
    if (tc === TC_REFERENCE) {
      const handle = this.reference();
      if (handle === null || isClassDesc(handle) || handle.kind !== "string") throw invalid("a back-reference that is not a string");
      return handle.value;
    }
    if (tc !== TC_STRING) throw unsupported(`serialization element 0x${tc.toString(16)} where a string belongs`);
    const value = this.utf("a string");
    this.assign({ kind: "string", value });
    return value;
  }

  /** A byte[] value: TC_ARRAY of class "[B", a reference to one, or null. */
  byteArrayValue(): Uint8Array | null {
    const tc = this.reader.u8("a byte array");
    if (tc === TC_NULL) return null;
    if (tc === TC_REFERENCE) {
      const handle = this.reference();
      if (handle === null || isClassDesc(handle) || handle.kind !== "bytes") throw invalid("a back-reference that is not a byte array");
      return handle.data;
    }
    if (tc !== TC_ARRAY) throw unsupported(`serialization element 0x${tc.toString(16)} where a byte array belongs`);
    this.classDesc([BYTE_ARRAY]);
    const length = this.reader.i32("a byte array length");
    // ByteReader.take bounds the length by the bytes that remain (Java's filter: no array longer than the file).
    const data = this.reader.take(length, "a byte array");
    this.assign({ kind: "bytes", data });
    return data;
  }

  /** A `KeyRep$Type` enum constant, a reference to one, or null. */
  enumValue(): string | null {
    const tc = this.reader.u8("an enum");
    if (tc === TC_NULL) return null;
    if (tc === TC_REFERENCE) {
      const handle = this.reference();
      if (handle === null || isClassDesc(handle) || handle.kind !== "enum") throw invalid("a back-reference that is not an enum");
      return handle.constant;
    }
    if (tc !== TC_ENUM) throw unsupported(`serialization element 0x${tc.toString(16)} where an enum belongs`);
    this.classDesc(KEY_REP_TYPE);
    const value: { kind: "enum"; constant: string } = { kind: "enum", constant: "" };
    this.assign(value);
    const constant = this.stringValue();
    if (constant === null) throw invalid("an enum constant without a name");
    value.constant = constant;
    return constant;
  }

  /** A TC_OBJECT of the class chain `chain`; returns its field values by name (superclass fields first). */
  object(chain: readonly ClassShape[]): Map<string, Value> {
    const tc = this.reader.u8("an object");
    if (tc !== TC_OBJECT) throw unsupported(`serialization element 0x${tc.toString(16)} where an object belongs`);
    const desc = this.classDesc(chain)!;
    this.assign(null); // the object's own handle; nothing refers back to it in these shapes
    const hierarchy: ClassDesc[] = [];
    for (let d: ClassDesc | null = desc; d; d = d.superDesc) hierarchy.unshift(d);
    const values = new Map<string, Value>();
    for (const d of hierarchy) {
      for (const field of d.fields) values.set(field.name, this.fieldValue(field));
    }
    return values;
  }

  private fieldValue(field: FieldDesc): Value {
    if (field.signature === "[B") {
      const data = this.byteArrayValue();
      return data === null ? null : { kind: "bytes", data };
    }
    if (field.signature === STRING_SIG) {
      const value = this.stringValue();
      return value === null ? null : { kind: "string", value };
    }
    const constant = this.enumValue();
    return constant === null ? null : { kind: "enum", constant };
  }
}

function isClassDesc(handle: Handle): handle is ClassDesc {
  return handle !== null && "uid" in handle;
}

function checkShape(desc: ClassDesc, chain: readonly ClassShape[]): void {
  let d: ClassDesc | null = desc;
  for (const shape of chain) {
    if (!d) throw invalid(`class ${desc.name} without its superclass ${shape.name}`);
    if (d.name !== shape.name) throw unexpectedClass(d.name, shape.name);
    if (d.uid !== shape.uid) throw invalid(`class ${d.name} with serialVersionUID ${d.uid}`);
    if (d.flags !== shape.flags) throw invalid(`class ${d.name} with flags 0x${d.flags.toString(16)}`);
    const fields = d.fields.map((f) => `${f.code} ${f.name} ${f.signature}`);
    if (fields.join("|") !== shape.fields.join("|")) throw invalid(`class ${d.name} with fields ${fields.join(", ") || "(none)"}`);
    d = d.superDesc;
  }
  if (d) throw invalid(`unexpected superclass ${d.name}`);
}

function invalid(what: string): KeystoreError {
  return errors.malformed(`Invalid secret key format: ${what}`);
}

function unsupported(what: string): KeystoreError {
  return errors.unsupported(`secret key format: ${what}`);
}

function unexpectedClass(found: string, expected: string): KeystoreError {
  return errors.malformed(`Invalid secret key format: found class ${found} where Java stores ${expected}`);
}

/** The fields of a `SealedObjectForKeyProtector`. */
export interface SealedKeyObject {
  /** DER `PBEParameter` (salt, iterations), or null. */
  readonly encodedParams: Uint8Array | null;
  /** The encrypted inner stream (the serialized key). */
  readonly encryptedContent: Uint8Array;
  /** Java name of the parameters' algorithm (PBEWithMD5AndTripleDES), or null. */
  readonly paramsAlg: string | null;
  /** Java name of the sealing algorithm (PBEWithMD5AndTripleDES), or null. */
  readonly sealAlg: string | null;
}

/**
 * Reads the outer stream at the reader's position (the stream has no length prefix in the file, so
 * its end is where the object ends). MALFORMED for any class other than Java's sealed key holder,
 * as Java's own load-time filter does.
 */
export function readSealedObject(reader: ByteReader): SealedKeyObject {
  const stream = new StreamReader(reader);
  stream.header();
  const fields = stream.object(SEALED_CHAIN);
  const content = bytesField(fields, "encryptedContent");
  if (content === null) throw invalid("a sealed key without content");
  return {
    encodedParams: bytesField(fields, "encodedParams"),
    encryptedContent: content,
    paramsAlg: stringField(fields, "paramsAlg"),
    sealAlg: stringField(fields, "sealAlg"),
  };
}

/** A secret key recovered from the inner stream. */
export interface SerializedSecretKey {
  /** Java's algorithm name for the key ("AES", "HmacSHA256", …). */
  readonly algorithm: string;
  /** The raw key bytes. */
  readonly key: Uint8Array;
  /** Which Java class carried it. */
  readonly form: "SecretKeySpec" | "KeyRep";
}

/** Parses the decrypted inner stream: a `SecretKeySpec`, or a `KeyRep` of type SECRET in RAW format. */
export function parseSecretKeyStream(bytes: Uint8Array): SerializedSecretKey {
  const reader = new ByteReader(bytes);
  const stream = new StreamReader(reader);
  stream.header();
  // Peek at the class name to choose the shape, so an unknown class is named in the error.
  const name = peekClassName(bytes, reader.offset);
  let result: SerializedSecretKey;
  if (name === KEY_REP.name) {
    const fields = stream.object([KEY_REP]);
    const type = fields.get("type");
    const format = stringField(fields, "format");
    if (!type || type.kind !== "enum" || type.constant !== "SECRET") throw unsupported("a KeyRep that is not a secret key");
    if (format !== "RAW") throw unsupported(`a KeyRep secret key in format ${format ?? "null"}`);
    result = { algorithm: requireString(fields, "algorithm"), key: requireBytes(fields, "encoded"), form: "KeyRep" };
  } else if (name === SECRET_KEY_SPEC.name) {
    const fields = stream.object([SECRET_KEY_SPEC]);
    result = { algorithm: requireString(fields, "algorithm"), key: requireBytes(fields, "key"), form: "SecretKeySpec" };
  } else {
    throw errors.unsupported(`secret key of class ${name ?? "(not a plain object)"}: JCEKS keys are SecretKeySpec or KeyRep`);
  }
  if (reader.remaining !== 0) throw invalid("bytes after the secret key object");
  return result;
}

function peekClassName(bytes: Uint8Array, offset: number): string | null {
  if (bytes[offset] !== TC_OBJECT || bytes[offset + 1] !== TC_CLASSDESC) return null;
  const reader = new ByteReader(bytes, offset + 2);
  return reader.utf("a class name");
}

function bytesField(fields: Map<string, Value>, name: string): Uint8Array | null {
  const value = fields.get(name);
  return value && value.kind === "bytes" ? value.data : null;
}

function stringField(fields: Map<string, Value>, name: string): string | null {
  const value = fields.get(name);
  return value && value.kind === "string" ? value.value : null;
}

function requireString(fields: Map<string, Value>, name: string): string {
  const value = stringField(fields, name);
  if (value === null) throw invalid(`a secret key without ${name}`);
  return value;
}

function requireBytes(fields: Map<string, Value>, name: string): Uint8Array {
  const value = bytesField(fields, name);
  if (value === null) throw invalid(`a secret key without ${name}`);
  return value;
}
