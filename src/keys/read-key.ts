import { TAG, children, content, decodeOid, readTlv, type Tlv } from "../binary/der.js";
import { utf8Text } from "../binary/encoding.js";
import { KeystoreError } from "../model/errors.js";
import { checkLimit, resolveLimits, type Limits } from "../model/limits.js";
import { decryptEncryptedPrivateKeyInfo, decryptLegacyPem, passphraseRequired, wrongPassphrase } from "./encrypted.js";
import { readPemBlocks, looksLikePem, type PemBlockWithHeaders } from "./pem-blocks.js";
import { asKeyStructure, readPrivateKeyInfo, wrapEcPrivateKey, wrapRsaPrivateKey, type PrivateKeyInfo } from "./private-key-info.js";

/** The form a private key was read from. */
export type PrivateKeyForm =
  /** PKCS#8 `PrivateKeyInfo` ("BEGIN PRIVATE KEY"). */
  | "pkcs8"
  /** PKCS#8 `EncryptedPrivateKeyInfo` ("BEGIN ENCRYPTED PRIVATE KEY"). */
  | "encrypted-pkcs8"
  /** PKCS#1 `RSAPrivateKey` ("BEGIN RSA PRIVATE KEY"), possibly with legacy PEM encryption. */
  | "pkcs1"
  /** SEC1 `ECPrivateKey` ("BEGIN EC PRIVATE KEY"), possibly with legacy PEM encryption. */
  | "sec1";

/** Options of {@link readPrivateKey}. */
export interface ReadPrivateKeyOptions {
  /** The passphrase of an encrypted key (encrypted PKCS#8 or legacy encrypted PEM). */
  passphrase?: string;
  /** Safety limits (iteration counts, sizes). */
  limits?: Partial<Limits>;
}

/** A private key read from a file, normalised to PKCS#8. */
export interface ReadPrivateKey extends PrivateKeyInfo {
  /** The form it was read from. */
  readonly form: PrivateKeyForm;
  /** Whether the file was encrypted (encrypted PKCS#8 or `Proc-Type: 4,ENCRYPTED`). */
  readonly encrypted: boolean;
}

const KEY_LABELS = new Set(["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]);
const OTHER_KEY_LABELS: Record<string, string> = {
  "DSA PRIVATE KEY": "traditional DSA keys: convert with openssl pkcs8 -topk8 -nocrypt -in key.pem",
  "OPENSSH PRIVATE KEY": "OpenSSH keys: convert with ssh-keygen -p -m PKCS8 -f key",
  "ANY PRIVATE KEY": "this PEM label: convert with openssl pkcs8 -topk8 -nocrypt -in key.pem",
};

/**
 * Reads one private key from PEM text or DER bytes, in any form users have (see
 * {@link PrivateKeyForm}), and returns it as PKCS#8: a PKCS#8 key exactly as given, a
 * traditional key wrapped as `openssl pkcs8 -topk8` does. Either way this is what Java's
 * `getKey().getEncoded()` gives back once the key is stored. Certificates and other blocks in
 * the same text are ignored (an `EC PARAMETERS` block names the curve of a SEC1 key without one).
 *
 * Errors: PASSWORD_REQUIRED for an encrypted key without `passphrase`, WRONG_KEY_PASSWORD for a
 * wrong one, MALFORMED/TRUNCATED for damaged input, UNSUPPORTED for forms not read here,
 * INVALID_ARGUMENT for text holding no key or several.
 */
export function readPrivateKey(input: Uint8Array | string, options: ReadPrivateKeyOptions = {}): ReadPrivateKey {
  const limits = resolveLimits(options.limits);
  if (typeof input === "string" || looksLikePem(input)) {
    const text = typeof input === "string" ? input : utf8Text(input);
    return fromPemBlocks(readPemBlocks(text), options.passphrase, limits);
  }
  checkLimit(input.length, limits.maxObjectBytes, "the private key size");
  return fromDer(input, options.passphrase, limits);
}

/** The key of a list of PEM blocks (see {@link readPrivateKey}); for callers that split the text already. */
export function readPrivateKeyFromBlocks(blocks: readonly PemBlockWithHeaders[], options: ReadPrivateKeyOptions = {}): ReadPrivateKey {
  return fromPemBlocks(blocks, options.passphrase, resolveLimits(options.limits));
}

function fromPemBlocks(blocks: readonly PemBlockWithHeaders[], passphrase: string | undefined, limits: Limits): ReadPrivateKey {
  const keys = blocks.filter((block) => KEY_LABELS.has(block.label));
  if (keys.length === 0) {
    const other = blocks.find((block) => OTHER_KEY_LABELS[block.label]);
    if (other) throw new KeystoreError("UNSUPPORTED", `Unsupported: ${OTHER_KEY_LABELS[other.label]}`);
    const found = blocks.length === 0 ? "no PEM blocks" : `only ${[...new Set(blocks.map((b) => `"${b.label}"`))].join(", ")} blocks`;
    throw new KeystoreError("INVALID_ARGUMENT", `No private key found: the text has ${found} (expected BEGIN PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)`);
  }
  if (keys.length > 1) throw new KeystoreError("INVALID_ARGUMENT", `The text holds ${keys.length} private keys: give one key per entry`);
  const block = keys[0]!;
  checkLimit(block.der.length, limits.maxObjectBytes, "the private key size");
  const encrypted = block.headers.has("DEK-Info") || block.headers.get("Proc-Type")?.includes("ENCRYPTED") === true;
  switch (block.label) {
    case "PRIVATE KEY":
      return { ...readPrivateKeyInfo(block.der), form: "pkcs8", encrypted: false };
    case "ENCRYPTED PRIVATE KEY":
      return fromEncryptedPkcs8(block.der, passphrase, limits);
    default: {
      const form = block.label === "RSA PRIVATE KEY" ? "pkcs1" : "sec1";
      const curveOid = form === "sec1" ? curveOfParameters(blocks) : undefined;
      if (!encrypted) return { ...wrapTraditional(form, block.der, curveOid), form, encrypted: false };
      if (passphrase === undefined) throw passphraseRequired(`${block.label} (legacy encrypted PEM)`);
      const plain = decryptLegacyPem(block.headers, block.der, passphrase, block.label);
      return { ...failsAsWrongPassphrase(`encrypted ${block.label}`, () => wrapTraditional(form, plain, curveOid)), form, encrypted: true };
    }
  }
}

function fromDer(der: Uint8Array, passphrase: string | undefined, limits: Limits): ReadPrivateKey {
  const form = asKeyStructure("the DER private key", () => classifyDer(der));
  if (form === "encrypted-pkcs8") return fromEncryptedPkcs8(der, passphrase, limits);
  if (form === "pkcs8") return { ...readPrivateKeyInfo(der), form, encrypted: false };
  return { ...wrapTraditional(form, der, undefined), form, encrypted: false };
}

function fromEncryptedPkcs8(der: Uint8Array, passphrase: string | undefined, limits: Limits): ReadPrivateKey {
  if (passphrase === undefined) throw passphraseRequired("private key (ENCRYPTED PRIVATE KEY)");
  const plain = decryptEncryptedPrivateKeyInfo(der, passphrase, limits.maxIterations);
  return { ...failsAsWrongPassphrase("encrypted PKCS#8 private key", () => readPrivateKeyInfo(plain)), form: "encrypted-pkcs8", encrypted: true };
}

function wrapTraditional(form: "pkcs1" | "sec1", der: Uint8Array, curveOid: string | undefined): PrivateKeyInfo {
  return readPrivateKeyInfo(form === "pkcs1" ? wrapRsaPrivateKey(der) : wrapEcPrivateKey(der, curveOid));
}

/** Decrypted bytes that are not a key mean a wrong passphrase that got past the padding check. */
function failsAsWrongPassphrase<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof KeystoreError && (error.code === "MALFORMED" || error.code === "TRUNCATED")) throw wrongPassphrase(what);
    throw error;
  }
}

/** The named curve of an `EC PARAMETERS` block (as `openssl ecparam -genkey` writes before the key). */
function curveOfParameters(blocks: readonly PemBlockWithHeaders[]): string | undefined {
  const parameters = blocks.find((block) => block.label === "EC PARAMETERS");
  if (!parameters) return undefined;
  const tlv = asKeyStructure("the EC PARAMETERS block", () => readTlv(parameters.der, 0));
  return tlv.tag === TAG.OID ? decodeOid(content(tlv)) : undefined;
}

/**
 * Which structure a DER key is, by the shape of its top-level fields:
 * EncryptedPrivateKeyInfo { AlgorithmIdentifier, OCTET STRING }, PrivateKeyInfo { INTEGER,
 * AlgorithmIdentifier, OCTET STRING, … }, RSAPrivateKey { INTEGER 0, INTEGER × 8 },
 * ECPrivateKey { INTEGER 1, OCTET STRING, … }.
 */
function classifyDer(der: Uint8Array): PrivateKeyForm {
  const outer = readTlv(der, 0, der.length);
  const notAKey = () => new KeystoreError("MALFORMED", "Malformed private key: the DER is not a PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1 private key");
  if (outer.tag !== TAG.SEQUENCE) throw notAKey();
  if (outer.end !== der.length) throw new KeystoreError("MALFORMED", `Malformed private key: ${der.length - outer.end} bytes follow the key`);
  const fields: Tlv[] = children(outer);
  const [first, second] = fields;
  if (first?.tag === TAG.SEQUENCE && second?.tag === TAG.OCTET_STRING && fields.length === 2) return "encrypted-pkcs8";
  if (first?.tag !== TAG.INTEGER) throw notAKey();
  if (second?.tag === TAG.SEQUENCE) return "pkcs8";
  if (second?.tag === TAG.INTEGER) return "pkcs1";
  if (second?.tag === TAG.OCTET_STRING) return "sec1";
  throw notAKey();
}
