import { TAG, headerLength, writeHeader } from "./der.js";

/**
 * DER written as a tree that is measured once and written once into a single buffer.
 *
 * Building nested DER bottom-up with byte arrays copies every byte once per level: a certificate in
 * a PKCS#12 file sits seven levels deep, so a 10,000-entry store was copied some ten times over. A
 * {@link DerElement} only records its tag and parts; `toBytes()` sums the lengths, allocates the
 * output once and writes headers and leaves straight into it.
 */

/** A part of an element's content: a nested element, or bytes that are already DER. */
export type DerPart = DerElement | Uint8Array;

export class DerElement {
  /** The content length, computed on first use. */
  private measured = -1;

  constructor(
    readonly tag: number,
    private readonly parts: readonly DerPart[],
  ) {}

  /** Length of the content (without the header). */
  get contentLength(): number {
    if (this.measured < 0) {
      let total = 0;
      for (const part of this.parts) total += part instanceof DerElement ? part.encodedLength : part.length;
      this.measured = total;
    }
    return this.measured;
  }

  /** Length of the whole encoding, header included. */
  get encodedLength(): number {
    const n = this.contentLength;
    return headerLength(n) + n;
  }

  /** Writes the element at `offset`; returns the offset after it. */
  writeTo(out: Uint8Array, offset: number): number {
    let at = writeHeader(out, offset, this.tag, this.contentLength);
    for (const part of this.parts) {
      if (part instanceof DerElement) at = part.writeTo(out, at);
      else {
        out.set(part, at);
        at += part.length;
      }
    }
    return at;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.encodedLength);
    this.writeTo(out, 0);
    return out;
  }
}

/** SEQUENCE of the parts, in order. */
export function sequenceOf(parts: readonly DerPart[]): DerElement {
  return new DerElement(TAG.SEQUENCE, parts);
}

/** [n] EXPLICIT wrapper around one part. */
export function explicitTag(n: number, part: DerPart): DerElement {
  return new DerElement(0xa0 | n, [part]);
}

/** OCTET STRING whose content is `part` (bytes, or the DER of an element, as PKCS#12 nests content). */
export function octetStringOf(part: DerPart): DerElement {
  return new DerElement(TAG.OCTET_STRING, [part]);
}
