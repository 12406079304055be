import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BER, berChildren, parseBer } from "../../src/binary/ber.js";
import { encodeTlv } from "../../src/binary/der.js";
import { KeystoreError } from "../../src/model/errors.js";

const seq = (...parts: Uint8Array[]) => encodeTlv(0x30, Uint8Array.from(parts.flatMap((p) => [...p])));
/** The same SEQUENCE with an indefinite length (BER), as some PKCS#12 writers produce. */
const indefinite = (...parts: Uint8Array[]) => Uint8Array.from([0x30, 0x80, ...parts.flatMap((p) => [...p]), 0, 0]);
const octets = fc.uint8Array({ maxLength: 200 }).map((bytes) => encodeTlv(0x04, bytes));
const encodedOf = (nodes: Iterable<{ encoded: Uint8Array }>) => [...nodes].map((node) => [...node.encoded]);

describe("berChildren", () => {
  it("yields what parseBer's tree holds, for definite and indefinite lengths", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(octets, octets.map((o) => seq(o, o))), { maxLength: 20 }), (parts) => {
        for (const bytes of [seq(...parts), indefinite(...parts)]) {
          expect(encodedOf(berChildren(bytes, BER.SEQUENCE, "a list"))).toEqual(encodedOf(parseBer(bytes).children));
        }
      }),
    );
  });

  it("fails with typed errors on a wrong tag, a primitive, or a truncated list", () => {
    const list = seq(encodeTlv(0x04, new Uint8Array(3)), encodeTlv(0x04, new Uint8Array(3)));
    const codeOf = (bytes: Uint8Array) => {
      try {
        [...berChildren(bytes, BER.SEQUENCE, "a list")];
        return "ok";
      } catch (error) {
        expect(error).toBeInstanceOf(KeystoreError);
        return (error as KeystoreError).code;
      }
    };
    expect(codeOf(encodeTlv(0x31, new Uint8Array(0)))).toBe("MALFORMED");
    expect(codeOf(Uint8Array.from([0x10, 0x00]))).toBe("MALFORMED");
    expect(codeOf(list.subarray(0, list.length - 1))).toBe("TRUNCATED");
    expect(codeOf(indefinite(encodeTlv(0x04, new Uint8Array(3))).subarray(0, 7))).toBe("TRUNCATED");
    expect(codeOf(new Uint8Array(1))).toBe("TRUNCATED");
  });
});
