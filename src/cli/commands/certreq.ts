import { toPem } from "../../binary/encoding.js";
import { createCertificateRequest, parseCertificateRequest } from "../../x509/csr.js";
import { defaultSignatureAlgorithm } from "../../x509/signature.js";
import { createSigner } from "../../x509/webcrypto-signer.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { FORCE_READ_ONLY, writeOutputFile } from "../store-io.js";
import { DEFAULTS_OPTION, EXT_OPTION, SIGALG_OPTION, checkedDname, extOptions, keyPasswordGiven, keytoolDefaults, sigalgOption, unlockPrivateKey } from "./new-key-options.js";

/** The label keytool -certreq writes (OpenSSL writes "CERTIFICATE REQUEST"; both read either). */
export const CSR_PEM_LABEL = "NEW CERTIFICATE REQUEST";

export const certreqCommand: Command = {
  name: "certreq",
  summary: "write a PKCS#10 certificate request for a key entry (keytool -certreq)",
  usage: "keystorekit certreq -keystore KS -alias A [-file OUT.csr] [-sigalg S] [-dname D] [-ext X]... [-storepass…] [-keypass…] [--defaults 17|25] [--json]",
  help: `Signs a PKCS#10 request with the key of entry A, as keytool -certreq does: the subject is
the entry's certificate's (or -dname), the extensions go into an extensionRequest attribute
(always a SubjectKeyIdentifier, plus each -ext), and the signature algorithm is -sigalg or the
key's default (keytool 25's; --defaults 17 for 17's). The key password is -keypass, else the
store password; on a terminal a key password that differs is asked for.

The request is written as keytool writes it, PEM "-----BEGIN NEW CERTIFICATE REQUEST-----", to
standard output or to -file OUT (through the safe writer). openssl req -verify, keytool -gencert
and keystorekit gencert read it.

With --json: {"alias", "subject", "signatureAlgorithm", "extensions": [OIDs], "file", "csr": PEM}.

Example:
  keystorekit certreq -keystore server.p12 -storepass-env STOREPASS -alias server -file server.csr -ext SAN=dns:localhost,ip:127.0.0.1`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    EXT_OPTION,
    SIGALG_OPTION,
    DEFAULTS_OPTION,
    FORCE_READ_ONLY,
    { name: "alias", takesValue: true },
    { name: "dname", takesValue: true },
    { name: "file", aliases: ["outfile"], takesValue: true },
  ],
  async run(args, io) {
    const json = flag(args, "json");
    if (json) io.warnings = [];
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("certreq needs -alias A (the key entry to request a certificate for)");
    const dname = optionValue(args, "dname");
    if (dname !== undefined) checkedDname(dname);
    const extensions = extOptions(args);
    const sigalg = sigalgOption(args);
    const defaults = keytoolDefaults(args);
    const file = optionValue(args, "file");

    const { store, password } = await openStore(args, io, { requirePassword: !keyPasswordGiven(args) });
    const { entry, pkcs8 } = await unlockPrivateKey(args, io, store, alias, password);
    const certificate = entry.chain[0]!;
    const publicKey = certificate.subjectPublicKeyInfo;
    const signer = await createSigner(pkcs8, { publicKey, sigalg: sigalg ?? defaultSignatureAlgorithm(publicKey, defaults) });
    const der = await createCertificateRequest(signer, { certificate, extensions, ...(dname !== undefined ? { dname } : {}) });
    const pem = toPem(CSR_PEM_LABEL, der);
    if (file !== undefined) writeOutputFile(file, pem, "public", args, io);
    if (json) {
      const request = parseCertificateRequest(der);
      printJson(io, {
        alias: entry.alias,
        subject: request.subject,
        signatureAlgorithm: signer.algorithm,
        extensions: request.extensions.map((e) => e.oid),
        file: file ?? null,
        csr: pem,
        warnings: io.warnings ?? [],
      });
    } else if (file === undefined) {
      io.stdout(pem);
    } else {
      io.stderr(`Certificate request for <${entry.alias}> (${parseCertificateRequest(der).subject}) written to ${file}\n`);
    }
    return 0;
  },
};
