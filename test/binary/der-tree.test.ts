import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DerElement, type DerPart } from "../../src/binary/der-tree.js";
import { concatBytes, encodeTlv, readTlv } from "../../src/binary/der.js";

/** The reference: the same tree encoded bottom-up with encodeTlv and concatBytes. */
function reference(part: DerPart): Uint8Array {
  if (!(part instanceof DerElement)) return part;
  const parts = (part as unknown as { parts: DerPart[] }).parts;
  return encodeTlv(part.tag, concatBytes(...parts.map(reference)));
}

const leaf = fc.uint8Array({ maxLength: 300 });
const tree = fc.letrec<{ node: DerPart }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(0x30, 0x31, 0x04, 0xa0, 0x80), fc.array(tie("node"), { maxLength: 5 })).map(([tag, parts]) => new DerElement(tag, parts)),
  ),
}));

describe("DerElement", () => {
  it("writes what nested encodeTlv writes, for random trees", () => {
    fc.assert(
      fc.property(tree.node, (node) => {
        const element = node instanceof DerElement ? node : new DerElement(0x04, [node]);
        const bytes = element.toBytes();
        expect(bytes).toEqual(reference(element));
        expect(bytes.length).toBe(element.encodedLength);
      }),
    );
  });

  it("uses every length form at its boundaries, as a DER reader reads it back", () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 0xffffff, 0x1000000]) {
      const element = new DerElement(0x04, [new Uint8Array(n).fill(0xab)]);
      const bytes = element.toBytes();
      // Buffer.equals: toEqual walks a 16 MB array key by key.
      expect(Buffer.from(bytes).equals(encodeTlv(0x04, new Uint8Array(n).fill(0xab)))).toBe(true);
      const tlv = readTlv(bytes, 0, bytes.length);
      expect([tlv.tag, tlv.end - tlv.contentStart, tlv.end]).toEqual([0x04, n, bytes.length]);
    }
  });
});
