// Sign a CSR with a CA key entry (keytool -gencert): the request's own signature is checked first
// (signCertificateRequest), and the result is the chain to send back as the CA reply, PEM.
import { signCertificateRequest, type IssuedCertificate } from "keystorekit";
import type { OpenedStore } from "../context.js";
import { extensionOptions, type ExtensionFields } from "./generate.js";
import { signerFor } from "./keys.js";

export interface SignCsrInput {
  /** The request: PEM text or DER. */
  csr: Uint8Array | string;
  /** The CA's key entry. */
  caAlias: string;
  /** keytool's -validity in days (default 90). */
  validityDays?: number;
  extensions?: ExtensionFields;
  /** Opens the CA key when its password is not known yet. */
  keyPassword?: string;
}

/** The certificate issued, and the reply chain (issued certificate, then the CA's chain) as one PEM text. */
export async function signCsr(opened: OpenedStore, input: SignCsrInput): Promise<{ issued: IssuedCertificate; pem: string }> {
  const { entry, signer } = await signerFor(opened, input.caAlias, input.keyPassword);
  const issued = await signCertificateRequest(
    input.csr,
    { signer, chain: entry.chain },
    { extensions: extensionOptions(input.extensions ?? {}), ...(input.validityDays !== undefined ? { validityDays: input.validityDays } : {}) },
  );
  return { issued, pem: issued.chain.map((certificate) => certificate.toPem()).join("") };
}
