import { X509Certificate, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { PKCS12_PROFILES, withIterations, type Pkcs12ProfileName } from "../../src/formats/pkcs12/profiles.js";
import { Keystore, buildKeyEntry, decodeKeystore, encodeKeystore, type EncodeOptions, type KeystoreFormat } from "../../src/index.js";
import { createSelfSignedCertificate } from "../../src/x509/certificate-builder.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";

/**
 * Issue 13, "random keys in each form round-trip through PEM → entry → every store format →
 * PKCS#8": a key from a pool (random keys made by node:crypto — RSA 1024, EC P-256/P-384/P-521,
 * Ed25519, Ed448 — and the openssl-made fixtures of test/fixtures/keys, RSA 2048/3072 included),
 * written in one of its forms (PKCS#8, encrypted PKCS#8 under PBES2 with each cipher and PRF,
 * PBES1 / PKCS#12 PBE, PKCS#1, SEC1, legacy Proc-Type encrypted PEM), made into an entry with its
 * certificate by buildKeyEntry, stored in every format keystorekit writes (JKS, JCEKS, PKCS#12 in
 * each profile, PEM) under random aliases and passwords, and read back: the key is the PKCS#8
 * Java's key factory encodes (node's export for node's keys, `openssl pkcs8 -topk8 -nocrypt` for
 * the fixtures), and the chain is the certificate. (BKS and UBER are read-only in keystorekit.)
 * Key generation is slow, so the keys are made once and fast-check chooses among them.
 */

interface Form {
  name: string;
  /** The key file as PEM text (DER forms are covered by read-key.test.ts and keys.property.test.ts). */
  pem: string;
  passphrase?: string;
}
interface PoolKey {
  name: string;
  /** The normalised PKCS#8 every form must give. */
  pkcs8: Uint8Array;
  /** DER. */
  certificate: Uint8Array;
  forms: (passphrase: string, cipher: string) => Form[];
  /** A form whose normalised PKCS#8 differs from `pkcs8` (SEC1 without its public key). */
  extra?: { form: Form; pkcs8: Uint8Array };
}

const fixtures = join(import.meta.dirname, "../fixtures/keys");
const fixturePassphrase = readFileSync(join(fixtures, "passphrase.txt"), "utf8").trim();
const fixtureText = (path: string) => readFileSync(join(fixtures, path), "utf8");
const fixtureBytes = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
const FIXTURE_FORMS = ["pkcs8.pem", "trad.pem", "enc-aes256-sha256.pem", "enc-aes128-sha1.pem", "enc-des3.pem", "enc-pkcs12-3des.pem", "enc-pbes1-md5-des.pem", "legacy-aes128.pem", "legacy-aes192.pem", "legacy-aes256.pem", "legacy-des3.pem"];

function fixtureKey(name: string): PoolKey {
  const forms = FIXTURE_FORMS.flatMap((file): Form[] => {
    let pem: string;
    try {
      pem = fixtureText(`${name}/${file}`);
    } catch {
      return []; // EdDSA keys have no traditional form
    }
    return [{ name: `fixture ${file}`, pem, ...(file.startsWith("enc-") || file.startsWith("legacy-") ? { passphrase: fixturePassphrase } : {}) }];
  });
  const key: PoolKey = { name, pkcs8: fixtureBytes(`${name}/expected.der`), certificate: new Uint8Array(new X509Certificate(fixtureText(`${name}/cert.pem`)).raw), forms: () => forms };
  if (name.startsWith("ec")) key.extra = { form: { name: "fixture trad-nopub.pem", pem: fixtureText(`${name}/trad-nopub.pem`) }, pkcs8: fixtureBytes(`${name}/expected-nopub.der`) };
  return key;
}

type Kind = { type: "ec"; curve: "P-256" | "P-384" | "P-521" } | { type: "ed25519" | "ed448" } | { type: "rsa"; bits: 1024 };
const KINDS: Kind[] = [{ type: "rsa", bits: 1024 }, { type: "ec", curve: "P-256" }, { type: "ec", curve: "P-384" }, { type: "ec", curve: "P-521" }, { type: "ed25519" }, { type: "ed448" }];

function generate(kind: Kind): KeyObject {
  if (kind.type === "ec") return generateKeyPairSync("ec", { namedCurve: kind.curve }).privateKey;
  if (kind.type === "rsa") return generateKeyPairSync("rsa", { modulusLength: kind.bits }).privateKey;
  return kind.type === "ed25519" ? generateKeyPairSync("ed25519").privateKey : generateKeyPairSync("ed448").privateKey;
}

async function generatedKey(kind: Kind, index: number): Promise<PoolKey> {
  const key = generate(kind);
  const pkcs8 = new Uint8Array(key.export({ format: "der", type: "pkcs8" }));
  const certificate = (await createSelfSignedCertificate(await createSigner(pkcs8), { dname: `CN=pool-${index}` })).der;
  const pem = (options: { type: "pkcs8" | "pkcs1" | "sec1"; cipher?: string; passphrase?: string }) => key.export({ format: "pem", ...options }).toString();
  const traditional = kind.type === "rsa" ? "pkcs1" : kind.type === "ec" ? "sec1" : undefined;
  return {
    name: `${kind.type}${"curve" in kind ? ` ${kind.curve}` : ""}${"bits" in kind ? ` ${kind.bits}` : ""} #${index}`,
    pkcs8,
    certificate,
    forms: (passphrase, cipher) => [
      { name: "pkcs8", pem: pem({ type: "pkcs8" }) },
      // node writes PBES2 with PBKDF2-HMAC-SHA256 and the cipher chosen (the SHA-1 PRF and PBES1 come from the fixtures).
      { name: `pkcs8 PBES2 ${cipher}`, pem: pem({ type: "pkcs8", cipher, passphrase }), passphrase },
      ...(traditional
        ? [
            { name: traditional, pem: pem({ type: traditional }) },
            { name: `${traditional} Proc-Type ${cipher}`, pem: pem({ type: traditional, cipher, passphrase }), passphrase },
          ]
        : []),
    ],
  };
}

interface Target {
  name: string;
  format: KeystoreFormat;
  options: Omit<EncodeOptions, "password" | "format">;
  /** JKS and JCEKS keep a key password of its own; PKCS#12 and PEM use the store password. */
  ownKeyPassword: boolean;
  passwordless?: boolean;
}
const TARGETS: Target[] = [
  { name: "JKS", format: "JKS", options: {}, ownKeyPassword: true },
  // encodeKeystore hands its options to encodeJceks, which takes an iteration count (Java writes 200,000).
  { name: "JCEKS", format: "JCEKS", options: { iterations: 1 } as Target["options"], ownKeyPassword: true },
  ...(Object.keys(PKCS12_PROFILES) as Pkcs12ProfileName[]).map((profile) => ({
    name: `PKCS12 ${profile}`,
    format: "PKCS12" as const,
    options: { profile: withIterations(PKCS12_PROFILES[profile], 1) },
    ownKeyPassword: false,
    passwordless: profile === "passwordless",
  })),
  { name: "PEM", format: "PEM", options: {}, ownKeyPassword: false },
];

const pool: PoolKey[] = [];
beforeAll(async () => {
  for (const name of ["rsa2048", "rsa3072", "ec256", "ec384", "ec521", "ed25519", "ed448"]) pool.push(fixtureKey(name));
  for (let i = 0; i < KINDS.length; i++) pool.push(await generatedKey(KINDS[i % KINDS.length]!, i));
}, 120_000);

/** One key file through buildKeyEntry and every target, and back. */
async function roundTrip(key: PoolKey, form: Form, pkcs8: Uint8Array, { storePassword, keyPassword, alias }: { storePassword: string; keyPassword: string; alias: string }): Promise<void> {
  const { entry } = await buildKeyEntry({ key: form.pem, certificates: [key.certificate], alias, ...(form.passphrase !== undefined ? { passphrase: form.passphrase } : {}) });
  expect(entry.chain.map((c) => c.der)).toEqual([key.certificate]);
  for (const target of TARGETS) {
    const store = new Keystore({ format: target.format });
    const added = store.set(entry);
    const password = target.passwordless ? "" : storePassword;
    const ownPassword = target.ownKeyPassword ? keyPassword : password;
    const bytes = encodeKeystore(store, { ...target.options, format: target.format, password, ...(target.ownKeyPassword ? { keyPasswords: { [added.alias]: ownPassword } } : {}) } as EncodeOptions);
    const back = decodeKeystore(bytes, { password });
    const keys = back.entries().filter((e) => e.type === "privateKey");
    expect(keys, `${target.name}: one key entry`).toHaveLength(1);
    const [decoded] = keys;
    expect(back.privateKeyPkcs8(decoded!.alias, ownPassword), `${target.name} ${key.name} ${form.name}`).toEqual(pkcs8);
    expect(back.certificates(decoded!.alias).map((c) => c.der), target.name).toEqual([key.certificate]);
    if (target.format !== "PEM") expect(decoded!.alias, target.name).toBe(target.format === "JKS" || target.format === "JCEKS" || target.format === "PKCS12" ? alias.toLowerCase() : alias);
  }
}

const passwordArb = fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" });
const aliasArb = fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }).filter((alias) => alias.trim() === alias && alias.length > 0);

describe("random keys: PEM → buildKeyEntry → every store format → the normalised PKCS#8", () => {
  it("the key and its certificate come back from JKS, JCEKS, every PKCS#12 profile and PEM", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.constantFrom("aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "des-ede3-cbc"),
        passwordArb,
        passwordArb,
        passwordArb,
        aliasArb,
        async (keyIndex, formIndex, cipher, passphrase, storePassword, keyPassword, alias) => {
          const key = pool[keyIndex % pool.length]!;
          const forms = [...key.forms(passphrase, cipher).map((form) => ({ form, pkcs8: key.pkcs8 })), ...(key.extra ? [key.extra] : [])];
          const { form, pkcs8 } = forms[formIndex % forms.length]!;
          await roundTrip(key, form, pkcs8, { storePassword, keyPassword, alias });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("every key of the pool in every one of its forms (fixed passwords; the random run may miss a pair)", async () => {
    let pairs = 0;
    for (const key of pool) {
      for (const form of key.forms("pässphrase", "aes-256-cbc")) {
        await roundTrip(key, form, key.pkcs8, { storePassword: "store-pw", keyPassword: "key-pw", alias: "Client" });
        pairs++;
      }
      if (key.extra) await roundTrip(key, key.extra.form, key.extra.pkcs8, { storePassword: "store-pw", keyPassword: "key-pw", alias: "client" });
    }
    expect(pairs).toBeGreaterThan(pool.length * 2);
  }, 120_000);
});
