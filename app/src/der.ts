// A minimal DER reader for what the details view decodes and the library's Certificate does not
// expose (extensions, the signature algorithm). Definite lengths only, as DER requires.
export interface Tlv {
  tag: number;
  /** Content start and end offsets in `bytes`. */
  start: number;
  end: number;
  bytes: Uint8Array;
}

export function readTlv(bytes: Uint8Array, offset = 0, limit = bytes.length): Tlv {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw new Error("truncated DER");
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error("unsupported DER length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new Error("DER value runs past its container");
  return { tag, start, end, bytes };
}

export function children(tlv: Tlv): Tlv[] {
  const result: Tlv[] = [];
  for (let offset = tlv.start; offset < tlv.end; ) {
    const child = readTlv(tlv.bytes, offset, tlv.end);
    result.push(child);
    offset = child.end;
  }
  return result;
}

export function content(tlv: Tlv): Uint8Array {
  return tlv.bytes.subarray(tlv.start, tlv.end);
}

export function oidText(tlv: Tlv): string {
  const bytes = content(tlv);
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

export function text(tlv: Tlv): string {
  return new TextDecoder().decode(content(tlv));
}

export function hex(bytes: Uint8Array, separator = ":"): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0").toUpperCase()).join(separator);
}
