import { createHmac, pbkdf2Sync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBer, sequence, octets, explicit } from "../../../src/binary/ber.js";
import { DER_NULL, derInteger, derOctetString, derOid, derSequence, concatBytes } from "../../../src/binary/der.js";
import { decodeKeystore, decodeKeystoreAsync } from "../../../src/index.js";
import { repoRoot } from "../../helpers/corpus.js";

/**
 * PBMAC1 (RFC 9579), which OpenSSL 3.4+ and JDK 26 write: an OpenSSL-made file gets a PBMAC1
 * MacData computed here with node:crypto (an implementation independent of ours), laid out as
 * OpenJDK's own PBMAC1 test file (test/jdk/sun/security/pkcs12/params/os6), which keystorekit
 * was also checked against by hand.
 */
function withPbmac1(pfx: Uint8Array, password: string, options: { keyLength?: number; iterations: number }): Uint8Array {
  const [version, authSafe] = sequence(parseBer(pfx), "PFX");
  const content = octets(explicit(sequence(authSafe, "authSafe")[1], "content"), "content");
  const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
  const keyLength = options.keyLength ?? 32;
  const key = pbkdf2Sync(Buffer.from(password, "utf8"), salt, options.iterations, keyLength, "sha256");
  const mac = createHmac("sha256", key).update(content).digest();
  const hmacSha256 = derSequence(derOid("1.2.840.113549.2.9"), DER_NULL);
  const pbkdf2Params = options.keyLength === 0
    ? derSequence(derOctetString(salt), derInteger(options.iterations), hmacSha256)
    : derSequence(derOctetString(salt), derInteger(options.iterations), derInteger(keyLength), hmacSha256);
  const algorithm = derSequence(derOid("1.2.840.113549.1.5.14"), derSequence(derSequence(derOid("1.2.840.113549.1.5.12"), pbkdf2Params), hmacSha256));
  const macData = derSequence(derSequence(algorithm, derOctetString(new Uint8Array(mac))), derOctetString(new TextEncoder().encode("NOT USED")), derInteger(1));
  return derSequence(concatBytes(version!.encoded, authSafe!.encoded), macData);
}

describe("PBMAC1", () => {
  const pfx = new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/pkcs12/openssl-default.p12")));

  it("verifies with the right password (sync and WebCrypto) and refuses a wrong one", async () => {
    const bytes = withPbmac1(pfx, "changeit", { iterations: 2048 });
    const store = decodeKeystore(bytes, { password: "changeit" });
    expect(store.integrity).toBe("verified");
    expect(store.aliases()).toEqual(["server"]);
    expect((await decodeKeystoreAsync(bytes, { password: "changeit" })).integrity).toBe("verified");
    expect(() => decodeKeystore(bytes, { password: "wrong" })).toThrow(/password was incorrect/);
  });

  it("requires the PBKDF2 key length (RFC 9579) and caps the iteration count", () => {
    expect(() => decodeKeystore(withPbmac1(pfx, "changeit", { iterations: 2, keyLength: 0 }), { password: "changeit" })).toThrow(/key length/);
    expect(() => decodeKeystore(withPbmac1(pfx, "changeit", { iterations: 2049 }), { password: "changeit", limits: { maxIterations: 2048 } })).toThrow(/limit/i);
  });
});
