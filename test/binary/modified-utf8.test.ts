import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeModifiedUtf8, encodeModifiedUtf8, modifiedUtf8Length } from "../../src/binary/modified-utf8.js";
import { ByteWriter } from "../../src/binary/writer.js";

const writeUtf = (text: string) => new ByteWriter().utf(text).finish();
import { toHex } from "../../src/binary/encoding.js";
import { isKeystoreError } from "../../src/index.js";

describe("modified UTF-8", () => {
  it("matches Java's writeUTF for NUL, accents, BMP and supplementary characters (keystore-formats §1.1)", () => {
    expect(toHex(writeUtf("a\0bé€😀z"))).toBe("001061c08062c3a9e282aceda0bdedb8807a");
  });

  it("decodes what it encodes, for any string of UTF-16 code units (lone surrogates included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const bytes = encodeModifiedUtf8(text);
        expect(bytes.length).toBe(modifiedUtf8Length(text));
        expect(decodeModifiedUtf8(bytes)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("never writes a zero byte or a 4-byte sequence", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (text) => {
        for (const b of encodeModifiedUtf8(text)) {
          expect(b).not.toBe(0);
          expect(b >= 0xf0 && b <= 0xff).toBe(false);
        }
      }),
    );
  });

  it("rejects 4-byte UTF-8 and cut sequences with MALFORMED, like readUTF", () => {
    for (const bad of [[0xf0, 0x9f, 0x98, 0x80], [0xc3], [0xe2, 0x82], [0x80], [0xe2, 0x28, 0xa1]]) {
      let caught: unknown;
      try {
        decodeModifiedUtf8(Uint8Array.from(bad));
      } catch (error) {
        caught = error;
      }
      expect(isKeystoreError(caught, "MALFORMED")).toBe(true);
    }
  });

  it("random bytes decode or raise MALFORMED, nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeModifiedUtf8(bytes);
        } catch (error) {
          expect(isKeystoreError(error, "MALFORMED")).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses to encode more than 65,535 bytes", () => {
    expect(() => writeUtf("€".repeat(21846))).toThrow(/too long: 65538 bytes/);
    expect(writeUtf("€".repeat(21845)).length).toBe(65537);
  });
});
