import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readServerHandshake } from "../../src/node/tls-handshake.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import { fixture } from "./tls-helpers.js";

/**
 * The TLS 1.2 CertificateRequest reader over server flights built here: whatever the record
 * fragmentation, the names come back in order; the TLS 1.3 ServerHello (supported_versions) hides
 * any CertificateRequest; truncated or random bytes never throw.
 */
const NAMES = ["client-ca.pem", "ca.pem", "int.pem", "other-root.pem"].map((name) => readCertificates(fixture(name))[0]!);

const u16 = (n: number) => [n >> 8, n & 255];
const u24 = (n: number) => [n >> 16, (n >> 8) & 255, n & 255];
const message = (type: number, body: number[]) => [type, ...u24(body.length), ...body];

function serverHello(tls13: boolean): number[] {
  const extensions = tls13 ? [...u16(43), ...u16(2), 3, 4] : [];
  return message(2, [3, 3, ...new Array(32).fill(7), 0, 0x13, 0x01, 0, ...u16(extensions.length), ...extensions]);
}

function certificateRequest(names: Uint8Array[]): number[] {
  const list = names.flatMap((der) => [...u16(der.length), ...der]);
  return message(13, [2, 1, 64, ...u16(4), 4, 3, 8, 4, ...u16(list.length), ...list]);
}

/** Handshake bytes cut into TLS records of the given sizes (the last takes the rest), then a ChangeCipherSpec and junk. */
function records(handshake: number[], sizes: number[]): Uint8Array {
  const out: number[] = [];
  let at = 0;
  for (const size of [...sizes, handshake.length]) {
    if (at >= handshake.length) break;
    const part = handshake.slice(at, at + Math.max(1, size));
    out.push(22, 3, 3, ...u16(part.length), ...part);
    at += part.length;
  }
  out.push(20, 3, 3, 0, 1, 1, 23, 3, 3, 0, 3, 9, 9, 9);
  return Uint8Array.from(out);
}

describe("readServerHandshake", () => {
  it("finds the CA names of a TLS 1.2 CertificateRequest whatever the record sizes", () => {
    fc.assert(
      fc.property(fc.subarray(NAMES, { minLength: 0 }), fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 8 }), (names, sizes) => {
        const flight = [...serverHello(false), ...message(11, [0, 0, 0]), ...certificateRequest(names.map((c) => c.subjectDer)), ...message(14, [])];
        const seen = readServerHandshake(records(flight, sizes));
        expect(seen.version).toBe("TLSv1.2");
        expect(seen.certificateRequest?.authorities).toEqual(names.map((c) => c.subject));
        expect(seen.certificateRequest?.signatureAlgorithms).toEqual([0x0403, 0x0804]);
      }),
    );
  });

  it("a TLS 1.3 ServerHello: no CertificateRequest is read", () => {
    const seen = readServerHandshake(records([...serverHello(true), ...certificateRequest([NAMES[0]!.subjectDer])], []));
    expect(seen).toEqual({ version: "TLSv1.3" });
  });

  it("never throws on truncated or random bytes", () => {
    const whole = records([...serverHello(false), ...certificateRequest(NAMES.map((c) => c.subjectDer))], [50]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length }), fc.uint8Array({ maxLength: 400 }), (cut, noise) => {
        expect(() => readServerHandshake(whole.subarray(0, cut))).not.toThrow();
        expect(() => readServerHandshake(Uint8Array.from([22, 3, 3, ...u16(noise.length), ...noise]))).not.toThrow();
      }),
    );
  });
});
