/**
 * The portable subset: every codec (decode, encode, key decryption, integrity errors, PKCS#12
 * profiles, the async WebCrypto paths) checked without vitest and without any Node API, so the
 * same file runs under Node (test/runtimes/node.test.ts), Deno (deno.test.ts) and Chromium
 * (browser.test.ts). Fixtures come from fixtures.generated.ts (base64), so no file API is needed.
 *
 * It imports the package through src/ for type checking; the Deno and browser runners remap
 * src/ to the built dist/ (an import map, an esbuild plugin), so there the shipped code is tested.
 *
 * Run directly (`deno run test/runtimes/portable-suite.ts`), it prints each failure and
 * `N passed, N failed`, and exits non-zero on failure.
 */
import { decodeBks, decodeUber } from "../../src/entries/bks.js";
import { decodeJceks, encodeJceks } from "../../src/entries/jceks.js";
import {
  Certificate,
  Keystore,
  decodeJks,
  decodeJksAsync,
  encodeJks,
  encodeJksAsync,
  fromBase64,
  isKeystoreError,
  parsePem,
  privateKeyAlgorithm,
  toHex,
  type KeystoreErrorCode,
} from "../../src/entries/jks.js";
import { PKCS12_PROFILES, decodePkcs12, decodePkcs12Async, encodePkcs12, withIterations, type Pkcs12ProfileName } from "../../src/entries/pkcs12.js";
import {
  createCertificateRequest,
  createSelfSignedCertificate,
  createSigner,
  decodeKeystore,
  encodeKeystore,
  generateKeyPair,
  generateSecretKey,
  parseCertificateRequest,
  secretKeyEntry,
  signCertificateRequest,
  sniffFormat,
  verifyChain,
  type GeneratedKeyPair,
} from "../../src/index.js";
import { EXPECTED, FILES, PEM, type JavaStore } from "./fixtures.generated.js";

export interface SuiteResult {
  passed: number;
  failed: number;
  failures: string[];
  names: string[];
}

class AssertionFailed extends Error {}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionFailed(message);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  assert(a === e, `${what}: got ${a}, expected ${e}`);
}

function sameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  assert(actual.length === expected.length && actual.every((byte, i) => byte === expected[i]), `${what}: bytes differ (${actual.length} vs ${expected.length} bytes)`);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes))));
}

function throwsCode(run: () => unknown, code: KeystoreErrorCode, what: string): void {
  try {
    run();
  } catch (error) {
    assert(isKeystoreError(error, code), `${what}: threw ${String(error)} instead of ${code}`);
    return;
  }
  throw new AssertionFailed(`${what}: did not throw ${code}`);
}

async function rejectsCode(run: () => Promise<unknown>, code: KeystoreErrorCode, what: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert(isKeystoreError(error, code), `${what}: rejected with ${String(error)} instead of ${code}`);
    return;
  }
  throw new AssertionFailed(`${what}: did not reject with ${code}`);
}

const file = (name: string): Uint8Array => {
  const base64 = FILES[name];
  if (base64 === undefined) throw new Error(`no fixture ${name}`);
  return fromBase64(base64);
};
const pemDer = (name: string): Uint8Array => {
  const block = parsePem(PEM[name] ?? "")[0];
  if (block === undefined) throw new Error(`no PEM ${name}`);
  return block.der;
};
/** Java names Ed25519 keys "EdDSA". */
const sameAlgorithm = (ours: string | null, java: string | undefined) => ours === java || (ours === "Ed25519" && java === "EdDSA");

/** Checks a decoded store against what Java reported. */
async function matchesJava(store: Keystore, java: JavaStore, storePassword: string, what: string): Promise<void> {
  equal(store.aliases().sort(), java.entries.map((e) => e.alias).sort(), `${what} aliases`);
  for (const e of java.entries) {
    const entry = store.entry(e.alias);
    equal(entry.type, e.type, `${what} ${e.alias} type`);
    if (e.creationDate !== undefined && entry.created !== null) equal(entry.created.toISOString(), e.creationDate, `${what} ${e.alias} created`);
    if (e.certChainSha256 !== undefined) equal(store.certificates(e.alias).map((c) => c.sha256), e.certChainSha256, `${what} ${e.alias} chain`);
    if (e.certChainSubjects !== undefined) equal(store.certificates(e.alias).map((c) => c.subject), e.certChainSubjects, `${what} ${e.alias} subjects`);
    if (entry.type === "privateKey") {
      const pkcs8 = store.privateKeyPkcs8(e.alias, e.keyPassword ?? storePassword);
      equal(await sha256Hex(pkcs8), e.pkcs8Sha256, `${what} ${e.alias} PKCS#8`);
      if (e.keyAlgorithm !== undefined) assert(sameAlgorithm(privateKeyAlgorithm(pkcs8), e.keyAlgorithm), `${what} ${e.alias} key algorithm ${privateKeyAlgorithm(pkcs8)} vs ${e.keyAlgorithm}`);
    }
    if (entry.type === "secretKey") equal(await sha256Hex(store.secretKey(e.alias, e.keyPassword ?? storePassword)), e.secretKeySha256, `${what} ${e.alias} secret key`);
  }
}

/** A store with a private key and its chain, a trusted CA and (where the format allows) an AES key. */
function sampleStore(format: "JKS" | "PKCS12" | "JCEKS", withSecret: boolean): Keystore {
  const server = new Certificate(pemDer("server.pem"));
  const ca = new Certificate(pemDer("ca.pem"));
  const created = new Date("2025-01-02T03:04:05.678Z");
  const store = new Keystore({ format });
  store.set({ type: "privateKey", alias: "server", created, chain: [server, ca], key: { plain: pemDer("server-key.pem") } });
  store.set({ type: "trustedCert", alias: "ca", created, certificate: ca });
  if (withSecret) store.set({ type: "secretKey", alias: "aes", created, algorithm: "AES", key: { plain: Uint8Array.from({ length: 32 }, (_, i) => i) } });
  return store;
}

type Check = [name: string, run: () => void | Promise<void>];

function checks(): Check[] {
  const list: Check[] = [];
  const add = (name: string, run: () => void | Promise<void>) => list.push([name, run]);

  // --- JKS -------------------------------------------------------------------------------------
  for (const java of EXPECTED.jks) {
    const name = java.file ?? "?";
    const password = java.storePassword ?? "changeit";
    add(`JKS ${name}: decodes to Java's view, keys decrypt, saves back byte for byte`, async () => {
      const bytes = file(name);
      const store = decodeJks(bytes, { password });
      equal(store.format, "JKS", "format");
      equal(store.integrity, "verified", "integrity");
      await matchesJava(store, java, password, name);
      sameBytes(encodeJks(store, { password }), bytes, "re-encoded");
    });
  }
  add("JKS: a key password other than the store's is WRONG_KEY_PASSWORD until given", () => {
    const store = decodeJks(file("jks/j17-keypass.jks"), { password: "changeit" });
    throwsCode(() => store.privateKeyPkcs8("rsa", "changeit"), "WRONG_KEY_PASSWORD", "store password as key password");
    assert(store.privateKeyPkcs8("rsa", "keypass1").length > 1000, "key with its password");
  });
  add("JKS: wrong store password and a tampered digest are INTEGRITY errors", () => {
    const bytes = file("jks/j17-rsa.jks");
    throwsCode(() => decodeJks(bytes, { password: "wrong" }), "INTEGRITY", "wrong password");
    const tampered = bytes.slice();
    tampered[tampered.length - 5]! ^= 0x01;
    throwsCode(() => decodeJks(tampered, { password: "changeit" }), "INTEGRITY", "tampered digest");
    equal(decodeJks(tampered).integrity, "unchecked", "no password: unchecked");
  });
  add("JKS async (WebCrypto): same store, same bytes, INTEGRITY on a wrong password", async () => {
    const bytes = file("jks/j17-rsa.jks");
    const store = await decodeJksAsync(bytes, { password: "changeit" });
    equal(store.integrity, "verified", "integrity");
    equal(store.aliases(), decodeJks(bytes, { password: "changeit" }).aliases(), "aliases");
    sameBytes(await encodeJksAsync(store, { password: "changeit" }), bytes, "re-encoded");
    await rejectsCode(() => decodeJksAsync(bytes, { password: "wrong" }), "INTEGRITY", "wrong password");
  });
  add("JKS: a new store with a plain key is protected, written and read back", () => {
    const store = sampleStore("JKS", false);
    const bytes = encodeJks(store, { password: "s3cret" });
    const back = decodeJks(bytes, { password: "s3cret" });
    equal(back.aliases(), ["server", "ca"], "aliases");
    sameBytes(back.privateKeyPkcs8("server", "s3cret"), pemDer("server-key.pem"), "private key");
    throwsCode(() => back.privateKeyPkcs8("server", "other"), "WRONG_KEY_PASSWORD", "wrong key password");
  });

  // --- PKCS#12 ---------------------------------------------------------------------------------
  for (const java of EXPECTED.pkcs12) {
    const name = `pkcs12/${java.id ?? "?"}`;
    add(`PKCS#12 ${name}: decodes to Java's view, keys decrypt`, async () => {
      const store = decodePkcs12(file(name), { password: "changeit" });
      equal(store.format, "PKCS12", "format");
      equal(store.integrity, "verified", "integrity");
      await matchesJava(store, java, "changeit", name);
      throwsCode(() => decodePkcs12(file(name), { password: "wrong" }), "INTEGRITY", "wrong password");
    });
  }
  add("PKCS#12 async (WebCrypto PBKDF2): same store as sync, INTEGRITY on a wrong password", async () => {
    const bytes = file("pkcs12/j17-default.p12");
    const store = await decodePkcs12Async(bytes, { password: "changeit" });
    equal(store.integrity, "verified", "integrity");
    const sync = decodePkcs12(bytes, { password: "changeit" });
    equal(store.aliases(), sync.aliases(), "aliases");
    sameBytes(store.privateKeyPkcs8("server", "changeit"), sync.privateKeyPkcs8("server", "changeit"), "key");
    await rejectsCode(() => decodePkcs12Async(bytes, { password: "wrong" }), "INTEGRITY", "wrong password");
  });
  for (const profileName of Object.keys(PKCS12_PROFILES) as Pkcs12ProfileName[]) {
    add(`PKCS#12 encode, profile ${profileName} (low iterations): reads back with keys and chain`, () => {
      const profile = withIterations(PKCS12_PROFILES[profileName], 16);
      const bytes = encodePkcs12(sampleStore("PKCS12", true), { password: "changeit", profile });
      const back = decodePkcs12(bytes, { password: "changeit" });
      equal(back.integrity, profileName === "passwordless" ? "none" : "verified", "integrity");
      equal(back.aliases(), ["server", "aes", "ca"], "aliases");
      equal(back.certificates("server").map((c) => c.subject), [new Certificate(pemDer("server.pem")).subject, new Certificate(pemDer("ca.pem")).subject], "chain");
      sameBytes(back.privateKeyPkcs8("server", "changeit"), pemDer("server-key.pem"), "private key");
      sameBytes(back.secretKey("aes", "changeit"), Uint8Array.from({ length: 32 }, (_, i) => i), "secret key");
      if (profileName !== "passwordless") throwsCode(() => decodePkcs12(bytes, { password: "wrong" }), "INTEGRITY", "wrong password");
    });
  }

  // --- JCEKS -----------------------------------------------------------------------------------
  for (const java of EXPECTED.jceks) {
    const name = `jceks/${java.id ?? "?"}`;
    add(`JCEKS ${name}: decodes to SunJCE's view, keys unseal, saves back byte for byte`, async () => {
      const bytes = file(name);
      const store = decodeJceks(bytes, { password: "changeit" });
      equal(store.format, "JCEKS", "format");
      equal(store.integrity, "verified", "integrity");
      await matchesJava(store, java, "changeit", name);
      sameBytes(encodeJceks(decodeJceks(bytes, { password: "changeit" }), { password: "changeit" }), bytes, "re-encoded");
      throwsCode(() => decodeJceks(bytes, { password: "wrong" }), "INTEGRITY", "wrong password");
    });
  }
  add("JCEKS: a new store with private and secret keys round-trips", () => {
    const bytes = encodeJceks(sampleStore("JCEKS", true), { password: "changeit", iterations: 16 });
    const back = decodeJceks(bytes, { password: "changeit" });
    equal(back.aliases(), ["server", "ca", "aes"], "aliases");
    sameBytes(back.privateKeyPkcs8("server", "changeit"), pemDer("server-key.pem"), "private key");
    sameBytes(back.secretKey("aes", "changeit"), Uint8Array.from({ length: 32 }, (_, i) => i), "secret key");
  });

  // --- BKS / UBER ------------------------------------------------------------------------------
  for (const java of EXPECTED.bks) {
    const name = `bks/${java.id ?? "?"}`;
    add(`${java.keyStoreType ?? "BKS"} ${name}: decodes to BouncyCastle's view, keys decrypt`, async () => {
      const bytes = file(name);
      const decode = java.keyStoreType === "UBER" ? decodeUber : decodeBks;
      const store = decode(bytes, { password: "changeit" });
      equal(store.format, java.keyStoreType, "format");
      equal(store.integrity, "verified", "integrity");
      await matchesJava(store, java, "changeit", name);
      throwsCode(() => decode(bytes, { password: "wrong" }), "INTEGRITY", "wrong password");
    });
  }

  // --- The root entry: format sniffing ---------------------------------------------------------
  add("keystorekit: sniffs and decodes every format", () => {
    const cases: [string, string][] = [
      ["jks/j17-rsa.jks", "JKS"],
      ["pkcs12/j17-default.p12", "PKCS12"],
      ["jceks/jdk17.jceks", "JCEKS"],
      ["bks/bc.bks", "BKS"],
    ];
    for (const [name, format] of cases) {
      equal(sniffFormat(file(name)), format, `${name} sniffed`);
      equal(decodeKeystore(file(name), { password: "changeit" }).format, format, `${name} decoded`);
    }
  });

  // --- Generation (issue 15): key pair, self-signed CA, CSR, gencert, store, re-read, verify ---
  const runtime = runtimeLabel();
  const generation: { label: string; algorithm: string; size?: number; format: "PKCS12" | "JKS" }[] = [
    { label: "RSA 2048", algorithm: "RSA", size: 2048, format: "PKCS12" },
    { label: "EC P-256", algorithm: "EC", size: 256, format: "JKS" },
    { label: "EC P-384", algorithm: "EC", size: 384, format: "PKCS12" },
    { label: "Ed25519", algorithm: "Ed25519", format: "PKCS12" },
    { label: "Ed448", algorithm: "Ed448", format: "PKCS12" },
  ];
  for (const g of generation) {
    add(`generation ${g.label}: key pair, CA, CSR, gencert, ${g.format} store, re-read, verifyChain (or UNSUPPORTED naming ${runtime})`, async () => {
      let caKey: GeneratedKeyPair;
      try {
        caKey = await generateKeyPair({ algorithm: g.algorithm, ...(g.size !== undefined ? { size: g.size } : {}) });
      } catch (error) {
        // Ed448 is missing from WebCrypto outside Node (and Deno): a typed UNSUPPORTED that names the runtime.
        assert(g.algorithm === "Ed448", `${g.label}: ${String(error)}`);
        assert(isKeystoreError(error, "UNSUPPORTED"), `${g.label}: ${String(error)} instead of UNSUPPORTED`);
        assert((error as Error).message.includes(runtime), `${g.label}: "${(error as Error).message}" does not name ${runtime}`);
        return;
      }
      const caSigner = await createSigner(caKey.privateKey);
      sameBytes(caSigner.publicKey, caKey.publicKey, "the signer derives the CA's public key");
      const caCert = await createSelfSignedCertificate(caSigner, { dname: "CN=Portable CA, O=keystorekit tests", extensions: ["BC:c=ca:true", "KU=keyCertSign,cRLSign"], startDate: "-1d" });
      equal(caCert.subject, "CN=Portable CA,O=keystorekit tests", "CA subject");
      const leafKey = await generateKeyPair({ algorithm: g.algorithm, ...(g.size !== undefined ? { size: g.size } : {}) });
      const csr = await createCertificateRequest(await createSigner(leafKey.privateKey), { dname: "CN=localhost, OU=Zürich", extensions: ["SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth"] });
      equal(parseCertificateRequest(csr).subject, "CN=localhost,OU=Zürich", "CSR subject");
      const { certificate, chain } = await signCertificateRequest(csr, { signer: caSigner, chain: [caCert] }, { extensions: ["honored=all"], startDate: "-1H" });
      equal(certificate.issuer, caCert.subject, "issuer");
      // A CSR altered after signing is refused before anything is signed.
      const altered = csr.slice();
      altered[altered.length - 3]! ^= 0x01;
      await rejectsCode(() => signCertificateRequest(altered, { signer: caSigner, chain: [caCert] }), "MALFORMED", "altered CSR");

      const store = new Keystore({ format: g.format });
      store.set({ type: "privateKey", alias: "server", created: new Date(), chain, key: { plain: leafKey.privateKey } });
      store.set({ type: "trustedCert", alias: "ca", created: new Date(), certificate: caCert });
      if (g.format === "PKCS12") store.set(secretKeyEntry("db", generateSecretKey({ algorithm: "AES", size: 256 })));
      const bytes = encodeKeystore(store, { format: g.format, password: "changeit" });
      const back = decodeKeystore(bytes, { password: "changeit" });
      equal(back.format, g.format, "re-read format");
      equal(back.aliases().sort(), g.format === "PKCS12" ? ["ca", "db", "server"] : ["ca", "server"], "re-read aliases");
      equal(back.certificates("server").map((c) => c.sha256), chain.map((c) => c.sha256), "re-read chain");
      sameBytes(back.privateKeyPkcs8("server", "changeit"), leafKey.privateKey, "re-read PKCS#8 (decrypted)");
      const verdict = await verifyChain(back.certificates("server"), [caCert]);
      equal(verdict.code, "TRUSTED", `verifyChain (${verdict.reason ?? ""})`);
    });
  }
  return list;
}

/** The name runtimeName() gives this runtime, without its version ("Node.js", "Deno", "Bun"), or the browser's user agent. */
function runtimeLabel(): string {
  const global = globalThis as { process?: { versions?: { node?: string; bun?: string } }; Deno?: unknown; navigator?: { userAgent?: string } };
  if (global.Deno !== undefined) return "Deno";
  if (global.process?.versions?.bun !== undefined) return "Bun";
  if (global.process?.versions?.node !== undefined) return "Node.js";
  return global.navigator?.userAgent ?? "an unknown JavaScript runtime";
}

/** Runs every check; never throws. */
export async function runPortableSuite(log: (line: string) => void = () => {}): Promise<SuiteResult> {
  const result: SuiteResult = { passed: 0, failed: 0, failures: [], names: [] };
  for (const [name, run] of checks()) {
    result.names.push(name);
    try {
      await run();
      result.passed++;
      log(`ok   ${name}`);
    } catch (error) {
      result.failed++;
      const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
      result.failures.push(message);
      log(`FAIL ${message}`);
    }
  }
  log(`${result.passed} passed, ${result.failed} failed`);
  return result;
}

interface DenoLike {
  exit(code: number): never;
  version: { deno: string };
}

// Run as a script (deno run, bun run): print and exit with the result.
if ((import.meta as ImportMeta & { main?: boolean }).main === true) {
  const runtime = globalThis as { Deno?: DenoLike; process?: { exitCode?: number } };
  const result = await runPortableSuite((line) => console.log(line));
  const code = result.failed === 0 ? 0 : 1;
  if (runtime.Deno !== undefined) runtime.Deno.exit(code);
  else if (runtime.process !== undefined) runtime.process.exitCode = code;
}
