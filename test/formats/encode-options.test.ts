import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore, encodeKeystore, encodeKeystoreAsync, isKeystoreError, writableFormats, type EncodeOptions, type Keystore, type WritableFormat } from "../../src/index.js";
import { repoRoot } from "../helpers/corpus.js";

/** encodeKeystore's options (issue 16): the store's own format by default, a password only where one is used. */
const fixture = (file: string) => new Uint8Array(readFileSync(join(repoRoot, "test/fixtures", file)));
const trustedJks = () => decodeKeystore(fixture("jks/j17-trusted.jks"), { password: "changeit" });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isKeystoreError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

// Type-level checks: tsc (npm run typecheck, tsconfig.json includes test/) fails if an expected error is gone.
export const typeChecks = (store: Keystore): unknown[] => [
  // @ts-expect-error BKS is read-only: not a WritableFormat
  encodeKeystore(store, { format: "BKS", password: "changeit" }),
  // @ts-expect-error UBER is read-only too
  encodeKeystoreAsync(store, { format: "UBER" }),
  // @ts-expect-error a KeystoreFormat is wider than a WritableFormat
  ((format: Keystore["format"]): EncodeOptions => ({ format }))("JKS"),
  encodeKeystore(store),
  encodeKeystore(store, { format: "PEM" }),
  encodeKeystore(store, { format: "PKCS12", profile: "passwordless" }),
  ((): WritableFormat[] => writableFormats())(),
];

describe("EncodeOptions", () => {
  it("format defaults to the store's own (JKS stays JKS, byte for byte; PKCS12 stays PKCS12)", () => {
    const bytes = fixture("jks/j17-trusted.jks");
    const store = trustedJks();
    expect(encodeKeystore(store, { password: "changeit" })).toEqual(bytes);
    const p12 = decodeKeystore(fixture("pkcs12/j17-trusted.p12"), { password: "changeit" });
    expect(decodeKeystore(encodeKeystore(p12, { password: "changeit" }), { password: "changeit" }).format).toBe("PKCS12");
  });

  it("a read-only format, defaulted or forced past the types, is UNSUPPORTED and names the way out", async () => {
    const bks = decodeKeystore(fixture("bks/bc.bks"), { password: "changeit" });
    expect(bks.format).toBe("BKS");
    expect(codeOf(() => encodeKeystore(bks, { password: "changeit" }))).toMatch(/^UNSUPPORTED: .*read as BKS.*"PKCS12" or "JKS"/);
    expect(codeOf(() => encodeKeystore(bks, { format: "UBER" as WritableFormat, password: "changeit" }))).toMatch(/^UNSUPPORTED: .*writing UBER/);
    await expect(encodeKeystoreAsync(bks)).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });

  it("PEM needs no password for a store without protected keys", () => {
    const pem = new TextDecoder().decode(encodeKeystore(trustedJks(), { format: "PEM" }));
    expect(pem).toContain("-----BEGIN CERTIFICATE-----");
    expect(decodeKeystore(new TextEncoder().encode(pem)).size).toBe(trustedJks().size);
  });

  it("the passwordless PKCS12 profile needs none for certificates, nor for keys kept as read", async () => {
    const written = encodeKeystore(trustedJks(), { format: "PKCS12", profile: "passwordless" });
    const back = decodeKeystore(written);
    expect(back.passwordless).toBe(true);
    expect(back.aliases().sort()).toEqual(trustedJks().aliases().sort());
    expect(await encodeKeystoreAsync(trustedJks(), { format: "PKCS12", profile: "passwordless" })).toBeInstanceOf(Uint8Array);
    // JDK 18+'s password-less form with its key: read without a password, written back the same way.
    const read = decodeKeystore(fixture("pkcs12/j17-passwordless.p12"));
    expect(decodeKeystore(encodeKeystore(read)).aliases()).toEqual(read.aliases());
    // Its profile is the default for it, so a key to encrypt is what needs the password.
    const withNewKey = decodeKeystore(fixture("pkcs12/j17-passwordless.p12"));
    const rsa = decodeKeystore(fixture("jks/j17-rsa.jks"), { password: "changeit" });
    withNewKey.set(rsa.entries().find((entry) => entry.type === "privateKey")!);
    expect(codeOf(() => encodeKeystore(withNewKey))).toMatch(/^PASSWORD_REQUIRED: .*password-less PKCS12 profile still encrypts/);
  });

  it("PASSWORD_REQUIRED where the format uses one: JKS, JCEKS, a PKCS12 profile with a MAC, a key to encrypt", async () => {
    const store = trustedJks();
    expect(codeOf(() => encodeKeystore(store))).toMatch(/^PASSWORD_REQUIRED: .*JKS keystore/);
    expect(codeOf(() => encodeKeystore(store, { format: "JCEKS" }))).toMatch(/^PASSWORD_REQUIRED: .*JCEKS/);
    expect(codeOf(() => encodeKeystore(store, { format: "PKCS12" }))).toMatch(/^PASSWORD_REQUIRED: .*"java" profile/);
    await expect(encodeKeystoreAsync(store, { format: "PKCS12" })).rejects.toMatchObject({ code: "PASSWORD_REQUIRED" });
    const withKey = decodeKeystore(fixture("jks/j17-rsa.jks"), { password: "changeit" });
    expect(codeOf(() => encodeKeystore(withKey, { format: "PKCS12", profile: "passwordless" }))).toMatch(/^PASSWORD_REQUIRED: .*still encrypts/);
    const written = encodeKeystore(withKey, { format: "PKCS12", profile: "passwordless", password: "changeit" });
    expect(decodeKeystore(written).privateKeyPkcs8(withKey.aliases()[0]!, "changeit").length).toBeGreaterThan(0);
  });
});
