import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { ByteWriter } from "../../src/binary/writer.js";
import { PKCS12_MAC_ID, bmpPassword, pkcs12Kdf } from "../../src/crypto/pkcs12-kdf.js";
import { storeDigest } from "../../src/formats/jks/integrity.js";
import { parsePem } from "../../src/index.js";
import { repoRoot } from "./corpus.js";

/**
 * Stores written the way other tools write them, byte by byte, for what keystorekit's own encoders
 * (rightly) never produce: upper-case JKS aliases (pyjks), BKS aliases that differ only in case.
 */

/** A certificate of the PKCS#12 fixtures' sources ("ca.pem", "server.pem"), as DER. */
export function fixtureCertificate(file: "ca.pem" | "server.pem"): Uint8Array {
  return parsePem(readFileSync(join(repoRoot, "test/fixtures/pkcs12/src", file), "utf8"))[0]!.der;
}

/** A JKS as pyjks writes it: one trusted certificate (ca.pem) under the alias "CAcert", kept upper-case. */
export function upperCaseJks(password: string): Uint8Array {
  const der = fixtureCertificate("ca.pem");
  const writer = new ByteWriter().u32(0xfeedfeed).u32(2).i32(1).u32(2).utf("CAcert").i64(0).utf("X.509").lengthPrefixed(der);
  return writer.bytes(storeDigest(password, writer.finish())).finish();
}

/** A BKS v2 store of trusted certificates (ca.pem, server.pem, ca.pem, …) under the given exact aliases. */
export function bksOfCertificates(aliases: string[], password: string): Uint8Array {
  const salt = Uint8Array.from({ length: 20 }, (_, i) => i);
  const body = new ByteWriter();
  aliases.forEach((alias, i) => {
    const der = fixtureCertificate(i % 2 ? "server.pem" : "ca.pem");
    body.u8(1).utf(alias).i64(1_700_000_000_000).i32(0).utf("X.509").i32(der.length).bytes(der);
  });
  const entries = body.u8(0).finish();
  const key = pkcs12Kdf("SHA-1", bmpPassword(password), salt, 1024, PKCS12_MAC_ID, 20);
  return new ByteWriter().i32(2).i32(salt.length).bytes(salt).i32(1024).bytes(entries).bytes(hmac(sha1, key, entries)).finish();
}
