// Generate a key pair with a self-signed certificate (keytool -genkeypair), and a CSR for a key
// entry (keytool -certreq), through the library's generation API.
import {
  createCertificateRequest,
  createSelfSignedCertificate,
  createSigner,
  generateKeyPair,
  KeystoreError,
  parseDname,
  parseExtOption,
  toPem,
  type PrivateKeyEntry,
} from "keystorekit";
import type { OpenedStore } from "../context.js";
import { signerFor } from "./keys.js";

/** The key types the form offers (keytool -keyalg with -keysize / -groupname). */
export const KEY_TYPES = [
  { id: "rsa-2048", label: "RSA 2048", algorithm: "RSA", size: 2048 },
  { id: "rsa-3072", label: "RSA 3072", algorithm: "RSA", size: 3072 },
  { id: "rsa-4096", label: "RSA 4096", algorithm: "RSA", size: 4096 },
  { id: "ec-p256", label: "EC P-256", algorithm: "EC", curve: "secp256r1" },
  { id: "ec-p384", label: "EC P-384", algorithm: "EC", curve: "secp384r1" },
  { id: "ec-p521", label: "EC P-521", algorithm: "EC", curve: "secp521r1" },
  { id: "ed25519", label: "Ed25519", algorithm: "Ed25519" },
] as const;

export type KeyTypeId = (typeof KEY_TYPES)[number]["id"];

/** The extension fields of the forms: a SAN list, EKU names, and raw keytool -ext lines. */
export interface ExtensionFields {
  /** keytool's SAN value: "dns:example.com,ip:127.0.0.1" (empty: none). */
  san?: string;
  /** keytool's EKU value: "serverAuth,clientAuth" (empty: none). */
  eku?: string;
  /** More keytool -ext options, one a line ("BC:c=ca:true", "KU=keyCertSign,cRLSign", "honored=all"). */
  more?: string;
}

/** The fields as keytool -ext options, each checked with the library's parser (INVALID_ARGUMENT naming the bad one). */
export function extensionOptions(fields: ExtensionFields): string[] {
  const options: string[] = [];
  if (fields.san?.trim()) options.push(`SAN=${fields.san.trim().replace(/\s*,\s*/g, ",")}`);
  if (fields.eku?.trim()) options.push(`EKU=${fields.eku.trim().replace(/\s*,\s*/g, ",")}`);
  for (const line of (fields.more ?? "").split(/\r?\n/)) if (line.trim()) options.push(line.trim());
  for (const option of options) parseExtOption(option);
  return options;
}

/** What the generate form gives. */
export interface GenerateInput {
  alias: string;
  keyType: KeyTypeId;
  /** keytool's -dname. */
  dname: string;
  /** keytool's -validity in days (default 90). */
  validityDays?: number;
  extensions?: ExtensionFields;
  /** The key's password in the store; default (empty): the store password. */
  keyPassword?: string;
}

/** Generates the key pair and its self-signed certificate and adds the key entry to the draft. */
export async function generateKeyEntry(draft: OpenedStore, input: GenerateInput): Promise<PrivateKeyEntry> {
  const alias = input.alias.trim();
  if (!alias) throw new KeystoreError("INVALID_ARGUMENT", "Give the new key entry an alias");
  if (draft.store.has(alias)) throw new KeystoreError("INVALID_ARGUMENT", `Key pair not generated, alias <${draft.store.normalizeAlias(alias)}> already exists`);
  const type = KEY_TYPES.find((t) => t.id === input.keyType);
  if (!type) throw new KeystoreError("INVALID_ARGUMENT", `Unknown key type "${input.keyType}"`);
  parseDname(input.dname); // refuses a bad -dname before any key is made
  const extensions = extensionOptions(input.extensions ?? {});
  const pair = await generateKeyPair({ algorithm: type.algorithm, ...("size" in type ? { size: type.size } : {}), ...("curve" in type ? { curve: type.curve } : {}) });
  const signer = await createSigner(pair.privateKey, { publicKey: pair.publicKey, sigalg: pair.signatureAlgorithm });
  const certificate = await createSelfSignedCertificate(signer, {
    dname: input.dname,
    extensions,
    ...(input.validityDays !== undefined ? { validityDays: input.validityDays } : {}),
  });
  const entry = draft.store.set({ type: "privateKey", alias, created: new Date(), chain: [certificate], key: { plain: pair.privateKey } }) as PrivateKeyEntry;
  if (input.keyPassword && input.keyPassword !== draft.password) draft.keyPasswords.set(entry.alias, input.keyPassword);
  else draft.keyPasswords.delete(entry.alias);
  return entry;
}

/** keytool -certreq's PEM label (OpenSSL and keytool read it, and "CERTIFICATE REQUEST"). */
export const CSR_PEM_LABEL = "NEW CERTIFICATE REQUEST";

/**
 * A PKCS#10 request for the key entry `alias`, PEM: subject from `dname` or the entry's
 * certificate, extensions as keytool -certreq -ext. `keyPassword` opens a key whose password is
 * not known yet (default: the known one, else the store password).
 */
export async function createCsrPem(opened: OpenedStore, alias: string, options: { dname?: string; extensions?: ExtensionFields; keyPassword?: string } = {}): Promise<string> {
  const { entry, signer } = await signerFor(opened, alias, options.keyPassword);
  const dname = options.dname?.trim() || undefined;
  const der = await createCertificateRequest(signer, {
    ...(dname ? { dname } : {}),
    ...(entry.chain[0] ? { certificate: entry.chain[0] } : {}),
    extensions: extensionOptions(options.extensions ?? {}),
  });
  return toPem(CSR_PEM_LABEL, der);
}
