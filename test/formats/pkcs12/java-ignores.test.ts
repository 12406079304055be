import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, encodeKeystore, parsePem } from "../../../src/index.js";
import { JAVA_IGNORES } from "../../../src/formats/pkcs12/assemble.js";
import { repoRoot } from "../../helpers/corpus.js";
import { jdks, keytool, keytoolEntries } from "../../helpers/java.js";

/**
 * `openssl pkcs12 -export -keypbe NONE` puts the key in a plain keyBag, which Java's PKCS12KeyStore
 * skips: Java 17 and 25 list 0 entries (test/fixtures/generate-java-ignores.sh recorded keytool's
 * listing). keystorekit keeps the key, marked `javaIgnores`, so that the file converts into one Java reads.
 */
const dir = join(repoRoot, "test/fixtures/java-ignores");
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(dir, file)));
const serverKey = parsePem(readFileSync(join(repoRoot, "test/fixtures/pkcs12/src/server-key.pem"), "utf8"))[0]!.der;

/** The entry count keytool printed for `file` when the fixture was made, per JDK listing. */
function recordedCounts(file: string): number[] {
  const listings = ["keytool-java17.txt", "keytool-temurin25.txt"].map((name) => readFileSync(join(dir, name), "utf8"));
  return listings.map((text) => {
    const section = text.split("== ").find((part) => part.startsWith(`${file}\n`))!;
    return Number(/contains (\d+) entr/.exec(section)![1]);
  });
}

describe("a PKCS#12 key in an unencrypted keyBag", () => {
  const file = "openssl-keypbe-none.p12";

  it("is read and marked: Java ignores it, as keytool's recorded listing says", () => {
    const store = decodeKeystore(bytesOf(file), { password: "changeit" });
    expect(store.integrity).toBe("verified");
    expect(store.entries().map((e) => [e.alias, e.type, e.javaIgnores])).toEqual([["server", "privateKey", JAVA_IGNORES.keyBag]]);
    expect(store.certificates("server")).toHaveLength(2);
    expect(store.privateKeyPkcs8("server")).toEqual(serverKey);
    const visible = store.entries().filter((e) => e.javaIgnores === undefined).length;
    expect(recordedCounts(file)).toEqual([visible, visible]);
  });

  it("converts into stores where the key is an ordinary entry (no javaIgnores)", () => {
    const store = decodeKeystore(bytesOf(file), { password: "changeit" });
    for (const format of ["PKCS12", "JKS", "JCEKS"] as const) {
      const again = decodeKeystore(encodeKeystore(store, { format, password: "changeit" }), { password: "changeit" });
      expect(again.entries().map((e) => [e.alias, e.type, e.javaIgnores]), format).toEqual([["server", "privateKey", undefined]]);
      expect(again.privateKeyPkcs8("server", "changeit")).toEqual(serverKey);
    }
  });

  it.skipIf(jdks.length === 0)("keytool lists the key of the converted PKCS#12, and nothing in the original", { timeout: 60_000 }, () => {
    const jdk = jdks[0]!;
    const store = decodeKeystore(bytesOf(file), { password: "changeit" });
    const converted = join(mkdtempSync(join(tmpdir(), "kk-keybag-")), "converted.p12");
    writeFileSync(converted, encodeKeystore(store, { format: "PKCS12", password: "changeit" }));
    const list = (path: string) => keytoolEntries(keytool(jdk, ["-list", "-keystore", path, "-storetype", "PKCS12", "-storepass", "changeit"]).output);
    expect(list(join(dir, file))).toEqual([]);
    expect(list(converted)).toEqual(["server privateKey"]);
  });
});
