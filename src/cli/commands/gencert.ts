import { readCertificateFile } from "../../node/files.js";
import { parseCertificateRequest, signCertificateRequest } from "../../x509/csr.js";
import { defaultSignatureAlgorithm } from "../../x509/signature.js";
import { createSigner } from "../../x509/webcrypto-signer.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";
import { FORCE_READ_ONLY, writeOutputFile } from "../store-io.js";
import { DEFAULTS_OPTION, EXT_OPTION, SIGALG_OPTION, VALIDITY_OPTIONS, certificateOptions, keyPasswordGiven, keytoolDefaults, sigalgOption, unlockPrivateKey } from "./new-key-options.js";

export const gencertCommand: Command = {
  name: "gencert",
  summary: "sign a certificate request with a CA key entry (keytool -gencert)",
  usage: "keystorekit gencert -keystore CA_KS -alias CA [-infile REQ.csr] [-outfile OUT] [-rfc] [--chain] [-validity DAYS] [-startdate D] [-ext X]... [-sigalg S] [-storepass…] [-keypass…] [--json]",
  help: `Issues a certificate for the request in REQ (PEM or DER PKCS#10; standard input without
-infile) with the key of entry CA, as keytool -gencert does: the request's own signature is
checked first and a bad one is refused ("Invalid PKCS #10 signature", MALFORMED); the issuer is
the CA certificate's subject; the AuthorityKeyIdentifier is the CA's SubjectKeyIdentifier.
None of the request's extensions are copied unless asked, with keytool's -ext honored=all
(or honored=all,-EKU, honored=SAN,EKU); explicit -ext options win. Validity: -validity DAYS
(default 90) from -startdate (default now). The key password is -keypass, else the store
password; on a terminal a key password that differs is asked for.

Output, as keytool writes it: the issued certificate only, DER into -outfile, PEM with -rfc
(standard output always gets PEM). --chain writes the whole reply instead, PEM, the issued
certificate then the CA's chain: ready to install on the requester's key entry with
keystorekit import-cert or keytool -importcert ("Certificate reply was installed in keystore").

With --json: {"alias", "subject", "issuer", "serialNumber", "notBefore", "notAfter",
"signatureAlgorithm", "sha256", "chainLength", "file", "certificate": PEM, "chain": [PEM]}.

Example:
  keystorekit gencert -keystore ca.p12 -storepass-env STOREPASS -alias ca -infile server.csr -outfile server-chain.pem --chain -ext honored=all -ext EKU=serverAuth`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    ...VALIDITY_OPTIONS,
    EXT_OPTION,
    SIGALG_OPTION,
    DEFAULTS_OPTION,
    FORCE_READ_ONLY,
    { name: "alias", takesValue: true },
    { name: "infile", takesValue: true },
    { name: "outfile", aliases: ["file"], takesValue: true },
    { name: "rfc", takesValue: false },
    { name: "chain", takesValue: false },
  ],
  async run(args, io) {
    const json = flag(args, "json");
    if (json) io.warnings = [];
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("gencert needs -alias CA (the key entry that signs)");
    const options = certificateOptions(args);
    const sigalg = sigalgOption(args);
    const defaults = keytoolDefaults(args);
    const outfile = optionValue(args, "outfile");
    // The request first: a bad file fails before any password is asked for.
    const request = parseCertificateRequest(readCertificateFile(optionValue(args, "infile") ?? "-"));

    const { store, password } = await openStore(args, io, { requirePassword: !keyPasswordGiven(args) });
    const { entry, pkcs8 } = await unlockPrivateKey(args, io, store, alias, password);
    const publicKey = entry.chain[0]!.subjectPublicKeyInfo;
    const signer = await createSigner(pkcs8, { publicKey, sigalg: sigalg ?? defaultSignatureAlgorithm(publicKey, defaults) });
    const { certificate, chain } = await signCertificateRequest(request, { signer, chain: entry.chain }, options);

    const pemChain = chain.map((c) => c.toPem()).join("");
    const withChain = flag(args, "chain");
    if (outfile !== undefined) {
      const bytes = withChain ? pemChain : flag(args, "rfc") ? certificate.toPem() : certificate.der;
      writeOutputFile(outfile, bytes, "public", args, io);
    }
    if (json) {
      printJson(io, {
        alias: entry.alias,
        subject: certificate.subject,
        issuer: certificate.issuer,
        serialNumber: certificate.serialNumber,
        notBefore: certificate.notBefore.toISOString(),
        notAfter: certificate.notAfter.toISOString(),
        signatureAlgorithm: signer.algorithm,
        sha256: certificate.sha256,
        chainLength: chain.length,
        file: outfile ?? null,
        certificate: certificate.toPem(),
        chain: chain.map((c) => c.toPem()),
        warnings: io.warnings ?? [],
      });
    } else if (outfile === undefined) {
      io.stdout(withChain ? pemChain : certificate.toPem());
    } else {
      io.stderr(`Issued ${withChain ? `a chain of ${chain.length} certificates` : "a certificate"} for ${certificate.subject} (serial ${certificate.serialNumber}), written to ${outfile}\n`);
    }
    return 0;
  },
};
