import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePem } from "../../src/binary/encoding.js";
import { Certificate } from "../../src/model/certificate.js";
import { readKeystoreFile } from "../../src/node/files.js";
import { parseCertificateRequest, verifyCertificateRequest } from "../../src/x509/csr.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";
import { runCli } from "../helpers/cli-bin.js";
import { cli } from "./helpers.js";

/**
 * genkeypair, certreq, gencert and genseckey in-process: what they write (read back with the
 * library), what they print (keytool's words), and every refusal leaving the files as they were.
 */

const dir = mkdtempSync(join(tmpdir(), "kk-newkeys-"));
let count = 0;
const fresh = (name: string) => join(dir, `${count++}-${name}`);
const PASS = ["-storepass", "changeit"];

async function genkeypair(path: string, alias: string, ...extra: string[]) {
  return cli(["genkeypair", "-keystore", path, ...PASS, "-alias", alias, ...extra]);
}

function privateKeyEntry(path: string, alias: string, password = "changeit") {
  const entry = readKeystoreFile(path, { password }).entry(alias);
  if (entry.type !== "privateKey") throw new Error(`${alias} is ${entry.type}`);
  return entry;
}

/** Every "2.5.29.x" OID in a DER blob: enough to see which standard extensions a certificate has. */
function oidsIn(der: Uint8Array): string[] {
  const found: string[] = [];
  for (let i = 0; i + 4 < der.length; i++) {
    if (der[i] === 0x06 && der[i + 1] === 0x03 && der[i + 2] === 0x55 && der[i + 3] === 0x1d) found.push(`2.5.29.${der[i + 4]}`);
  }
  return found;
}

describe("genkeypair", () => {
  it("creates a PKCS#12 store with an EC key and its self-signed certificate, printing keytool 25's line", async () => {
    const path = fresh("server.p12");
    const result = await genkeypair(path, "server", "-keyalg", "EC", "-dname", "CN=localhost, O=Example", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("Generating 384-bit EC (secp384r1) key pair and self-signed certificate (SHA384withECDSA) with a validity of 90 days\n\tfor: CN=localhost, O=Example\n");
    const store = readKeystoreFile(path, { password: "changeit" });
    expect(store.format).toBe("PKCS12");
    const entry = privateKeyEntry(path, "server");
    expect(entry.chain).toHaveLength(1);
    const [certificate] = entry.chain;
    expect(certificate!.subject).toBe("CN=localhost,O=Example");
    expect(certificate!.issuer).toBe(certificate!.subject);
    expect(certificate!.notAfter.getTime() - certificate!.notBefore.getTime()).toBe(90 * 86_400_000);
    // SKI, SAN and EKU, in OID order.
    expect(oidsIn(certificate!.der)).toEqual(["2.5.29.14", "2.5.29.17", "2.5.29.37"]);
    // The stored key is the certificate's key.
    const signer = await createSigner(store.privateKeyPkcs8("server", "changeit"));
    expect(signer.publicKey).toEqual(certificate!.subjectPublicKeyInfo);
  });

  it("--defaults 17 takes keytool 17's key size, signature and words; --json says what was made", async () => {
    const path = fresh("old.jks");
    const result = await genkeypair(path, "old", "-keyalg", "RSA", "-dname", "CN=old", "-validity", "3650", "--defaults", "17", "--json");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("Generating 2,048 bit RSA key pair and self-signed certificate (SHA256withRSA) with a validity of 3,650 days\n\tfor: CN=old\n");
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ created: true, format: "JKS", alias: "old", keyAlgorithm: "RSA", keySize: 2048, curve: null, signatureAlgorithm: "SHA256withRSA", subject: "CN=old" });
    expect(readKeystoreFile(path, { password: "changeit" }).format).toBe("JKS");
  });

  it("a new store is PKCS12 unless -storetype or a .jks/.jceks name says otherwise; PEM is refused", async () => {
    for (const [name, extra, format] of [["app.keystore", [], "PKCS12"], ["app.ks", [], "PKCS12"], ["app.jceks", [], "JCEKS"], ["app.bin", ["-storetype", "jks"], "JKS"]] as const) {
      const path = fresh(name);
      const result = await genkeypair(path, "k", "-keyalg", "Ed25519", "-dname", "CN=k", ...extra);
      expect(result.status, result.stderr).toBe(0);
      expect(readKeystoreFile(path, { password: "changeit" }).format, name).toBe(format);
    }
    const pem = fresh("app.pem");
    const refused = await genkeypair(pem, "k", "-keyalg", "Ed25519", "-dname", "CN=k");
    expect(refused.status).toBe(2);
    expect(existsSync(pem)).toBe(false);
  });

  it("keytool 25 leaves out the size of EdDSA keys; 17 says 255 bit", async () => {
    const a = await genkeypair(fresh("ed.p12"), "ed", "-keyalg", "Ed25519", "-dname", "CN=ed");
    expect(a.stderr).toContain("Generating Ed25519 key pair and self-signed certificate (Ed25519) with a validity of 90 days");
    const b = await genkeypair(fresh("ed17.p12"), "ed", "-keyalg", "ed25519", "-dname", "CN=ed", "--defaults", "17");
    expect(b.stderr).toContain("Generating 255 bit Ed25519 key pair");
  });

  it("adds to an existing store, keeping its entries, and refuses a taken alias with keytool's words, leaving the file as it was", async () => {
    const path = fresh("two.p12");
    expect((await genkeypair(path, "one", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=one")).status).toBe(0);
    const second = await genkeypair(path, "two", "-keyalg", "EC", "-keysize", "521", "-dname", "CN=two", "-sigalg", "SHA256withECDSA");
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain("(SHA256withECDSA)");
    expect(readKeystoreFile(path, { password: "changeit" }).aliases()).toEqual(["one", "two"]);
    const before = readFileSync(path);
    const taken = await genkeypair(path, "ONE", "-keyalg", "EC", "-dname", "CN=again", "--json");
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain("Key pair not generated, alias <ONE> already exists");
    expect(JSON.parse(taken.stdout).error.code).toBe("INVALID_ARGUMENT");
    expect(readFileSync(path)).toEqual(before);
  });

  it("a wrong store password opens nothing and changes nothing", async () => {
    const path = fresh("locked.p12");
    await genkeypair(path, "one", "-keyalg", "EC", "-dname", "CN=one");
    const before = readFileSync(path);
    const result = await cli(["genkeypair", "-keystore", path, "-storepass", "wrongpass", "-alias", "two", "-keyalg", "EC", "-dname", "CN=two"]);
    expect(result.status).toBe(1);
    expect(readFileSync(path)).toEqual(before);
  });

  it("usage errors name the bad part and create no file", async () => {
    const cases: [string[], RegExp][] = [
      [["-keyalg", "EC", "-dname", "CN=x", "-ext", "KU=noSuchUsage"], /Invalid -ext "KU=noSuchUsage"/],
      [["-keyalg", "EC", "-dname", "CN=x", "-ext", "SKI"], /-ext "SKI"/],
      [["-keyalg", "EC", "-dname", "NOTAKEYWORD=x"], /NOTAKEYWORD/],
      [["-dname", "CN=x"], /The -keyalg option must be specified/],
      [["-keyalg", "EC"], /-dname/],
      [["-keyalg", "EC", "-dname", "CN=x", "-keysize", "256", "-groupname", "secp256r1"], /Cannot specify both -groupname and -keysize/],
      [["-keyalg", "EC", "-dname", "CN=x", "-validity", "ten"], /-validity takes a whole number/],
      [["-keyalg", "EC", "-dname", "CN=x", "-startdate", "tomorrow"], /Illegal startdate value "tomorrow"/],
      [["-keyalg", "EC", "-dname", "CN=x", "-sigalg", "MD5withRSA"], /Unsupported signature algorithm "MD5withRSA"/],
      [["-keyalg", "EC", "-dname", "CN=x", "--defaults", "11"], /--defaults takes 17 or 25/],
    ];
    for (const [extra, message] of cases) {
      const path = fresh("never.p12");
      const result = await genkeypair(path, "a", ...extra);
      expect(result.status, extra.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(path)).toBe(false);
    }
  });

  it("a key the library refuses (RSA 1024, a -sigalg for another key type) is a typed error and creates no file", async () => {
    for (const extra of [["-keyalg", "RSA", "-keysize", "1024"], ["-keyalg", "RSA", "-sigalg", "SHA256withECDSA"], ["-keyalg", "DSA"]]) {
      const path = fresh("refused.p12");
      const result = await genkeypair(path, "a", "-dname", "CN=x", ...extra, "--json");
      expect(result.status, extra.join(" ")).toBe(1);
      expect(JSON.parse(result.stdout).error.code).toBe("INVALID_ARGUMENT");
      expect(existsSync(path)).toBe(false);
    }
  });

  it("a new store follows keytool's password rules: too short refused, none without a terminal refused, asked twice on one", async () => {
    const short = fresh("short.p12");
    const tooShort = await cli(["genkeypair", "-keystore", short, "-storepass", "abc", "-alias", "a", "-keyalg", "EC", "-dname", "CN=x"]);
    expect(tooShort.status).toBe(2);
    expect(tooShort.stderr).toContain("at least 6 characters");
    expect(existsSync(short)).toBe(false);
    const none = await cli(["genkeypair", "-keystore", short, "-alias", "a", "-keyalg", "EC", "-dname", "CN=x"]);
    expect(none.status).toBe(2);
    expect(existsSync(short)).toBe(false);
    const asked = await cli(["genkeypair", "-keystore", short, "-alias", "a", "-keyalg", "EC", "-dname", "CN=x"], {}, { answers: ["secret1", "secret1"] });
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.prompts).toEqual(["Enter new keystore password: ", "Re-enter new password: "]);
    expect(readKeystoreFile(short, { password: "secret1" }).has("a")).toBe(true);
  });

  it("-keypass: its own password in JKS; ignored in PKCS12 with keytool's warning", async () => {
    const jks = fresh("keys.jks");
    expect((await genkeypair(jks, "k", "-keyalg", "EC", "-dname", "CN=k", "-keypass", "keypass1")).status).toBe(0);
    const store = readKeystoreFile(jks, { password: "changeit" });
    expect(() => store.privateKeyPkcs8("k", "changeit")).toThrow(expect.objectContaining({ code: "WRONG_KEY_PASSWORD" }));
    expect(store.privateKeyPkcs8("k", "keypass1").length).toBeGreaterThan(0);

    // A new key password follows keytool's rules too; the command-line warning is given once.
    const short = fresh("short-keypass.jks");
    const refused = await genkeypair(short, "k", "-keyalg", "EC", "-dname", "CN=k", "-keypass", "abc");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("key password is too short");
    expect(existsSync(short)).toBe(false);
    const warned = await genkeypair(fresh("warned.jks"), "k", "-keyalg", "EC", "-dname", "CN=k", "-keypass", "keypass1", "--json");
    const codes = (JSON.parse(warned.stdout).warnings as { code: string }[]).map((w) => w.code);
    expect(codes.filter((c) => c === "PASSWORD_ON_COMMAND_LINE")).toHaveLength(2); // -storepass and -keypass, once each

    const p12 = fresh("keys.p12");
    const result = await genkeypair(p12, "k", "-keyalg", "EC", "-dname", "CN=k", "-keypass", "keypass1", "--json");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).warnings.map((w: { code: string }) => w.code)).toContain("KEYPASS_IGNORED");
    expect(readKeystoreFile(p12, { password: "changeit" }).privateKeyPkcs8("k", "changeit").length).toBeGreaterThan(0);
  });
});

describe("certreq", () => {
  it("writes keytool's PEM request to standard output: the entry's subject, the -ext ones requested, signed by the key", async () => {
    const path = fresh("req.p12");
    await genkeypair(path, "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost");
    const result = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "server", "-ext", "SAN=dns:localhost,ip:127.0.0.1"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^-----BEGIN NEW CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END NEW CERTIFICATE REQUEST-----\n$/);
    const request = parseCertificateRequest(result.stdout);
    expect(request.subject).toBe("CN=localhost");
    expect(request.extensions.map((e) => e.oid)).toEqual(["2.5.29.14", "2.5.29.17"]);
    expect(await verifyCertificateRequest(request)).toBe(true);
    expect(request.publicKey).toEqual(privateKeyEntry(path, "server").chain[0]!.subjectPublicKeyInfo);
  });

  it("-file OUT gets the request (stdout stays empty); -dname and -sigalg replace the entry's subject and the default", async () => {
    const path = fresh("req2.p12");
    await genkeypair(path, "server", "-keyalg", "EC", "-dname", "CN=old");
    const out = fresh("server.csr");
    const result = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "server", "-file", out, "-dname", "CN=new, O=Example", "-sigalg", "SHA512withECDSA", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { subject: string; signatureAlgorithm: string; file: string; csr: string };
    expect(json).toMatchObject({ subject: "CN=new,O=Example", signatureAlgorithm: "SHA512withECDSA", file: out });
    expect(readFileSync(out, "utf8")).toBe(json.csr);
    expect(parseCertificateRequest(readFileSync(out)).signatureAlgorithm).toBe("1.2.840.10045.4.3.4");
  });

  it("a key password that differs: refused without a terminal, asked for with keytool's prompt on one, taken from -keypass", async () => {
    const path = fresh("req.jks");
    await genkeypair(path, "k", "-keyalg", "EC", "-dname", "CN=k", "-keypass", "keypass1");
    const refused = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "k", "--json"]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe("WRONG_KEY_PASSWORD");
    const asked = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "k"], {}, { answers: ["keypass1"] });
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.prompts).toEqual(["Enter key password for <k>: "]);
    const given = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "k", "-keypass-env", "KP"], { KP: "keypass1" });
    expect(given.status, given.stderr).toBe(0);
    expect(given.stdout).toContain("BEGIN NEW CERTIFICATE REQUEST");
  });

  it("an alias that is missing, or holds no key pair, is a typed error", async () => {
    const path = fresh("sec.p12");
    await cli(["genseckey", "-keystore", path, ...PASS, "-alias", "aes", "-keyalg", "AES", "-keysize", "128"]);
    const missing = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "nope", "--json"]);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe("NOT_FOUND");
    const secret = await cli(["certreq", "-keystore", path, ...PASS, "-alias", "aes", "--json"]);
    expect(secret.status).toBe(1);
    expect(JSON.parse(secret.stdout).error).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(secret.stderr).toContain("not a key pair");
  });
});

describe("gencert", () => {
  async function caAndRequest() {
    const ca = fresh("ca.p12");
    await genkeypair(ca, "ca", "-keyalg", "EC", "-dname", "CN=Test CA", "-ext", "BC:c=ca:true", "-ext", "KU=keyCertSign,cRLSign", "-validity", "3650");
    const server = fresh("server.p12");
    await genkeypair(server, "server", "-keyalg", "EC", "-keysize", "256", "-dname", "CN=localhost");
    const csr = fresh("server.csr");
    await cli(["certreq", "-keystore", server, ...PASS, "-alias", "server", "-file", csr, "-ext", "SAN=dns:localhost"]);
    return { ca, server, csr };
  }

  it("issues the certificate (DER in -outfile, PEM with -rfc), issuer the CA, the CSR's extensions only when honored", async () => {
    const { ca, csr } = await caAndRequest();
    const caCert = privateKeyEntry(ca, "ca").chain[0]!;
    const der = fresh("server.cer");
    const plain = await cli(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-outfile", der, "-validity", "30"]);
    expect(plain.status, plain.stderr).toBe(0);
    const bytes = readFileSync(der);
    expect(bytes[0]).toBe(0x30);
    const issued = new Certificate(new Uint8Array(bytes));
    expect(issued.issuer).toBe(caCert.subject);
    expect(issued.subject).toBe("CN=localhost");
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBe(30 * 86_400_000);
    // SKI and AKI only: the requested SAN is not copied without honored=.
    expect(oidsIn(issued.der).sort()).toEqual(["2.5.29.14", "2.5.29.35"]);

    const honored = await cli(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-rfc", "-ext", "honored=all", "-ext", "EKU=serverAuth"]);
    expect(honored.status, honored.stderr).toBe(0);
    const blocks = parsePem(honored.stdout);
    expect(blocks.map((b) => b.label)).toEqual(["CERTIFICATE"]);
    expect(oidsIn(blocks[0]!.der).sort()).toEqual(["2.5.29.14", "2.5.29.17", "2.5.29.35", "2.5.29.37"]);
  });

  it("--chain writes the reply: the issued certificate, then the CA's chain; --json lists it", async () => {
    const { ca, csr } = await caAndRequest();
    const out = fresh("chain.pem");
    const result = await cli(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-outfile", out, "--chain", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { chainLength: number; chain: string[]; subject: string; issuer: string };
    expect(json).toMatchObject({ chainLength: 2, subject: "CN=localhost", issuer: "CN=Test CA" });
    const blocks = parsePem(readFileSync(out, "utf8"));
    expect(blocks).toHaveLength(2);
    expect(new Certificate(blocks[1]!.der).sha256).toBe(privateKeyEntry(ca, "ca").chain[0]!.sha256);
    expect(readFileSync(out, "utf8")).toBe(json.chain.join(""));
  });

  it("refuses a request whose signature does not verify (typed MALFORMED), and a file that is no request", async () => {
    const { ca, csr } = await caAndRequest();
    const der = parseCertificateRequest(readFileSync(csr)).der.slice();
    der[der.length - 10]! ^= 0x01; // inside the signature
    const tampered = fresh("tampered.csr");
    writeFileSync(tampered, der);
    const out = fresh("never.pem");
    const bad = await cli(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", tampered, "-outfile", out, "--json"]);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).error.code).toBe("MALFORMED");
    expect(bad.stderr).toContain("Invalid PKCS #10 signature");
    expect(existsSync(out)).toBe(false);

    const garbage = fresh("garbage.csr");
    writeFileSync(garbage, "not a request\n");
    const notCsr = await cli(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", garbage, "--json"]);
    expect(notCsr.status).toBe(1);
    expect(JSON.parse(notCsr.stdout).error.code).toBe("MALFORMED");
    expect(notCsr.stderr).toContain("Malformed certificate request");
  });

  it("reads the request from standard input without -infile and prints PEM (a real process)", async () => {
    const { ca, csr } = await caAndRequest();
    const result = runCli(["gencert", "-keystore", ca, "-storepass-env", "SP", "-alias", "ca", "-startdate", "2030/01/02 03:04:05", "-validity", "10"], {
      env: { SP: "changeit", ...(process.env.TZ ? { TZ: process.env.TZ } : {}) },
      input: readFileSync(csr, "utf8"),
    });
    expect(result.status, result.stderr).toBe(0);
    const [block, extra] = parsePem(result.stdout);
    expect(extra).toBeUndefined();
    const issued = new Certificate(block!.der);
    expect(issued.subject).toBe("CN=localhost");
    // -startdate is local time, as keytool reads it (the child gets this process's TZ).
    expect(issued.notBefore.getTime()).toBe(new Date(2030, 0, 2, 3, 4, 5).getTime());
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBe(10 * 86_400_000);
  });

  it("a bad -ext is a usage error before anything is signed", async () => {
    const { ca, csr } = await caAndRequest();
    const result = await cli(["gencert", "-keystore", ca, ...PASS, "-alias", "ca", "-infile", csr, "-ext", "EKU=notAPurpose"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid -ext "EKU=notAPurpose"');
    expect(result.stdout).toBe("");
  });
});

describe("genseckey", () => {
  it("AES into a new PKCS#12 and HMAC into a new JCEKS, read back with their algorithm and size", async () => {
    const p12 = fresh("secrets.p12");
    const a = await cli(["genseckey", "-keystore", p12, ...PASS, "-alias", "db", "-keyalg", "AES", "-keysize", "256"]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toContain("Generated 256-bit AES secret key\n");
    const store = readKeystoreFile(p12, { password: "changeit" });
    expect(store.format).toBe("PKCS12");
    expect(store.secretKey("db", "changeit")).toHaveLength(32);

    const jceks = fresh("secrets.jceks");
    const b = await cli(["genseckey", "-keystore", jceks, ...PASS, "-alias", "mac", "-keyalg", "HmacSHA384", "--json"]);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ format: "JCEKS", alias: "mac", algorithm: "HmacSHA384", keySize: 384, created: true });
    expect(readKeystoreFile(jceks, { password: "changeit" }).secretKey("mac", "changeit")).toHaveLength(48);
  });

  it("JKS holds no secret keys: keytool's error, no file made and an existing one untouched", async () => {
    const fresh1 = fresh("secrets.jks");
    const refused = await cli(["genseckey", "-keystore", fresh1, ...PASS, "-alias", "db", "-keyalg", "AES", "-keysize", "128", "--json"]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe("UNSUPPORTED");
    expect(existsSync(fresh1)).toBe(false);
    const jks = fresh("keys.jks");
    await genkeypair(jks, "k", "-keyalg", "EC", "-dname", "CN=k");
    const before = readFileSync(jks);
    const existing = await cli(["genseckey", "-keystore", jks, ...PASS, "-alias", "db", "-keyalg", "AES", "-keysize", "128", "--json"]);
    expect(existing.status).toBe(1);
    expect(JSON.parse(existing.stdout).error.code).toBe("UNSUPPORTED");
    expect(existing.stderr).toContain("Cannot store non-PrivateKeys");
    expect(readFileSync(jks)).toEqual(before);
  });

  it("AES without -keysize, a wrong size and a taken alias are refused with keytool's words", async () => {
    const path = fresh("s.p12");
    const noSize = await cli(["genseckey", "-keystore", path, ...PASS, "-alias", "a", "-keyalg", "AES"]);
    expect(noSize.status).toBe(1);
    expect(noSize.stderr).toContain("Please provide -keysize for secret key generation");
    expect(existsSync(path)).toBe(false);
    const wrong = await cli(["genseckey", "-keystore", path, ...PASS, "-alias", "a", "-keyalg", "AES", "-keysize", "100"]);
    expect(wrong.status).toBe(1);
    expect(existsSync(path)).toBe(false);
    await cli(["genseckey", "-keystore", path, ...PASS, "-alias", "a", "-keyalg", "AES", "-keysize", "128"]);
    const before = readFileSync(path);
    const taken = await cli(["genseckey", "-keystore", path, ...PASS, "-alias", "a", "-keyalg", "AES", "-keysize", "128"]);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain("Secret Key not generated, alias <a> already exists");
    expect(readFileSync(path)).toEqual(before);
  });
});

describe("help", () => {
  it("every new command has --help with an example; genkeypair's shows the mutual-TLS recipe with keytool's commands", async () => {
    for (const name of ["genkeypair", "certreq", "gencert", "genseckey"]) {
      const result = await cli([name, "--help"]);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`keystorekit ${name} -keystore`);
    }
    const recipe = (await cli(["genkeypair", "--help"])).stdout;
    for (const step of ["# keytool -genkeypair", "# keytool -certreq", "# keytool -gencert", "# keytool -importcert"]) expect(recipe).toContain(step);
  });
});
