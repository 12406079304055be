import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, fromHex, latin1Text, parsePem, toBase64, toHex, toPem, utf16beText, utf8Text } from "../../src/binary/encoding.js";

describe("hex, base64, PEM", () => {
  it("agree with Node's Buffer on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromHex(toHex(bytes))).toEqual(bytes);
      }),
    );
  });

  it("PEM round-trips several blocks and ignores text around them", () => {
    const a = Uint8Array.from({ length: 100 }, (_, i) => i);
    const b = Uint8Array.from([1, 2, 3]);
    const text = `subject=CN=x\n${toPem("CERTIFICATE", a)}junk\r\n${toPem("PRIVATE KEY", b).replace(/\n/g, "\r\n")}`;
    const blocks = parsePem(text);
    expect(blocks.map((block) => block.label)).toEqual(["CERTIFICATE", "PRIVATE KEY"]);
    expect(blocks[0]!.der).toEqual(a);
    expect(blocks[1]!.der).toEqual(b);
    expect(toPem("CERTIFICATE", a).split("\n")[1]!.length).toBe(64);
  });
});

describe("text of bytes", () => {
  it("latin1Text and utf16beText read every byte value, across the chunk boundary", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (bytes) => {
        expect(latin1Text(bytes)).toBe(Buffer.from(bytes).toString("latin1"));
        const even = bytes.subarray(0, bytes.length & ~1);
        expect(utf16beText(bytes)).toBe(Buffer.from(even).swap16().toString("utf16le"));
      }),
      { numRuns: 50 },
    );
  });

  it("utf8Text decodes as TextDecoder does, malformed bytes included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(utf8Text(bytes)).toBe(new TextDecoder().decode(bytes));
      }),
    );
    expect(utf8Text(new TextEncoder().encode("é€😀"))).toBe("é€😀");
  });
});
