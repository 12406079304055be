import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { HASHES, type HashName } from "../../src/crypto/hash.js";
import { bmpPassword, bmpPasswordCandidates, pkcs12Kdf } from "../../src/crypto/pkcs12-kdf.js";
import { KeystoreError } from "../../src/model/errors.js";
import { hex, toHex } from "./hex.js";

const SALT = hex("0102030405060708");
const CHANGEIT = bmpPassword("changeit");
/** Strips OpenSSL's "AB:CD:…" output format. */
const colonHex = (text: string) => text.replace(/:/g, "").toLowerCase();

describe("bmpPassword", () => {
  it("is UTF-16BE plus a 00 00 terminator", () => {
    expect(toHex(CHANGEIT)).toBe("006300680061006e00670065006900740000");
    expect(toHex(bmpPassword(""))).toBe("0000");
    expect(toHex(bmpPassword("é€😀"))).toBe("00e920acd83dde000000");
  });

  it("maps the one-char password U+0000 to zero bytes, as Java does", () => {
    expect(bmpPassword("\u0000")).toEqual(new Uint8Array(0));
  });

  it("offers both 00 00 and the empty string for an empty password", () => {
    expect(bmpPasswordCandidates("").map(toHex)).toEqual(["0000", ""]);
    expect(bmpPasswordCandidates("x").map(toHex)).toEqual(["00780000"]);
  });
});

describe("pkcs12Kdf (RFC 7292 Appendix B.2)", () => {
  // keystore-formats.md §7, vector V5 (password "changeit", salt 0102030405060708, 2048 iterations).
  it("matches the V5 vectors", () => {
    expect(toHex(pkcs12Kdf("SHA-256", CHANGEIT, SALT, 2048, 3, 32))).toBe(
      "3c26affc9ec71b39e0e2754ffdb2d8653cabb0c8c012e5962cca38075d845b5e",
    );
    expect(toHex(pkcs12Kdf("SHA-1", CHANGEIT, SALT, 2048, 1, 24))).toBe("a13a1cf35ea9e628cd82c570910adcd5481cd978fff88965");
    expect(toHex(pkcs12Kdf("SHA-1", CHANGEIT, SALT, 2048, 2, 8))).toBe("ef009e6f4589af95");
    expect(toHex(pkcs12Kdf("SHA-1", bmpPassword(""), SALT, 1, 3, 20))).toBe("b73b61d3a22867cf1922c1d70e96c7567ff156bd");
  });

  // Generated with OpenSSL 3.0.19 while writing this test:
  //   openssl kdf -keylen 24 -kdfopt digest:SHA1 -kdfopt hexpass:006300680061006e00670065006900740000 \
  //     -kdfopt hexsalt:0102030405060708 -kdfopt iter:2048 -kdfopt id:1 PKCS12KDF
  //   → A1:3A:1C:F3:5E:A9:E6:28:CD:82:C5:70:91:0A:DC:D5:48:1C:D9:78:FF:F8:89:65
  // and likewise (same hexpass/hexsalt unless noted) for the other rows, changing digest/id/iter/keylen.
  const OPENSSL: ReadonlyArray<readonly [HashName, 1 | 2 | 3, number, number, string, string?, string?]> = [
    ["SHA-1", 1, 24, 2048, "A1:3A:1C:F3:5E:A9:E6:28:CD:82:C5:70:91:0A:DC:D5:48:1C:D9:78:FF:F8:89:65"],
    [
      "SHA-512", 1, 100, 1000,
      "3F:7E:62:98:55:D3:5B:75:6F:F2:3F:9A:E6:91:A5:58:A4:BE:1E:63:80:89:93:DA:86:C2:E3:01:FD:0C:14:64:B3:04:ED:33:89:57:CB:DB:90:08:67:6B:7D:CD:7C:FA:1E:58:BF:27:5B:CE:A7:3F:79:BC:15:E9:20:AF:5E:03:A9:F3:0D:7B:C3:B5:C2:BA:BF:9A:44:D2:8D:6A:D7:55:46:F8:7C:36:02:56:EC:5F:28:2A:3D:85:8A:E5:7D:C2:B0:BA:C5:CE",
    ],
    ["SHA-384", 2, 16, 3, "50:A4:5E:E4:A8:36:AC:E3:C1:3D:06:C2:E5:84:BC:1A"],
    ["SHA-224", 3, 28, 7, "25:70:17:96:E8:65:40:E4:AF:AC:D8:03:5F:33:B3:B1:4F:D4:F4:90:50:15:29:C3:86:61:72:27"],
    ["SHA-512/256", 1, 40, 5, "2C:A1:E3:9D:F7:EC:06:7B:21:75:26:48:07:B8:CC:EA:22:E2:AC:16:BB:12:AE:81:05:B1:0E:1D:31:B1:29:9D:05:0E:E8:D5:31:45:71:2F"],
    ["SHA-512/224", 1, 40, 5, "54:99:FD:EF:C1:EB:F6:6B:D0:37:06:A7:EC:A2:F8:41:BA:14:5D:64:00:E2:3C:6C:EB:D6:6E:2F:E3:55:07:03:BF:5A:81:95:8C:AD:2E:EB"],
    ["MD5", 1, 16, 10, "73:A8:40:25:F2:97:C4:AB:F4:89:82:1C:17:7A:F5:29", "0061"],
    // Carries all the way through each I_j: hexpass:ffffffff hexsalt:ffffffffffffffff.
    [
      "SHA-1", 1, 60, 1,
      "BD:F5:D8:CC:C5:8C:33:05:FC:DF:29:1B:7D:92:E6:D0:4E:C0:A9:E1:06:53:5E:CD:F1:85:CE:2F:0C:BF:12:B9:FE:53:D0:D7:4D:60:4B:13:DA:8F:9A:65:33:5C:75:E5:E9:2A:E5:83:41:4E:58:FF:F8:4D:85:F3",
      "ffffffff", "ffffffffffffffff",
    ],
    // Salt longer than v (66 bytes), odd-length password bytes, 4 output blocks.
    [
      "SHA-1", 1, 70, 3,
      "9D:05:8E:2A:4B:FF:C7:45:16:DC:AE:21:D6:C9:9F:97:15:E7:48:88:15:05:F7:26:E4:2D:0F:AF:38:79:68:FF:6B:FC:E2:BE:18:7E:87:A5:FC:22:2A:65:85:9F:63:49:D9:37:73:13:95:D4:45:6A:19:3B:C1:C2:84:15:97:C4:CD:E4:7D:44:66:B7",
      "00610062006300640065006600670068006900",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041",
    ],
  ];

  for (const [hash, id, n, iterations, expected, pass, salt] of OPENSSL) {
    it(`matches OpenSSL PKCS12KDF: ${hash} id ${id} n ${n} iter ${iterations}`, () => {
      const password = pass === undefined ? CHANGEIT : hex(pass);
      const saltBytes = salt === undefined ? SALT : hex(salt);
      expect(toHex(pkcs12Kdf(hash, password, saltBytes, iterations, id, n))).toBe(colonHex(expected));
    });
  }

  it("accepts a registry entry, empty salt, empty password and n = 0", () => {
    expect(pkcs12Kdf(HASHES["SHA-1"], CHANGEIT, SALT, 2048, 2, 8)).toEqual(hex("ef009e6f4589af95"));
    expect(pkcs12Kdf("SHA-1", new Uint8Array(0), new Uint8Array(0), 1, 1, 20).length).toBe(20);
    expect(pkcs12Kdf("SHA-1", CHANGEIT, SALT, 1, 1, 0).length).toBe(0);
  });

  it("gives a prefix of the longer output for a shorter n", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HashName>("SHA-1", "SHA-256", "SHA-512"),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 150 }),
        (hash, password, salt, iterations, n) => {
          const long = pkcs12Kdf(hash, password, salt, iterations, 1, 150);
          expect(pkcs12Kdf(hash, password, salt, iterations, 1, n)).toEqual(long.subarray(0, n));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("rejects bad arguments as INVALID_ARGUMENT", () => {
    expect(() => pkcs12Kdf("SHA-1", CHANGEIT, SALT, 0, 1, 8)).toThrow(KeystoreError);
    expect(() => pkcs12Kdf("SHA-1", CHANGEIT, SALT, 1.5, 1, 8)).toThrow(KeystoreError);
    expect(() => pkcs12Kdf("SHA-1", CHANGEIT, SALT, 1, 4 as 1, 8)).toThrow(KeystoreError);
    expect(() => pkcs12Kdf("SHA-1", CHANGEIT, SALT, 1, 1, -1)).toThrow(KeystoreError);
    expect(() => pkcs12Kdf("SHA-3" as HashName, CHANGEIT, SALT, 1, 1, 8)).toThrow(KeystoreError);
  });
});
