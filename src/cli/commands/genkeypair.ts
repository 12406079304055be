import { generateKeyPair, type GeneratedKeyPair } from "../../keys/generate.js";
import { createSelfSignedCertificate } from "../../x509/certificate-builder.js";
import { CURVES } from "../../x509/key-info.js";
import type { KeytoolDefaults } from "../../x509/signature.js";
import { DEFAULT_VALIDITY_DAYS } from "../../x509/validity.js";
import { createSigner } from "../../x509/webcrypto-signer.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { passwordOptions } from "../passwords.js";
import { WRITE_OPTIONS } from "../store-io.js";
import {
  DEFAULTS_OPTION,
  EXT_OPTION,
  SIGALG_OPTION,
  VALIDITY_OPTIONS,
  certificateOptions,
  checkedDname,
  integerOption,
  keytoolDefaults,
  newKeyPassword,
  refuseTakenAlias,
  saveWithKeyPassword,
  sigalgOption,
  withTargetStore,
} from "./new-key-options.js";

export const genkeypairCommand: Command = {
  name: "genkeypair",
  summary: "make a key pair and its self-signed certificate in a key store (keytool -genkeypair)",
  usage:
    "keystorekit genkeypair -keystore KS -alias A -keyalg RSA|EC|Ed25519|Ed448 [-keysize N | -groupname CURVE] [-sigalg S] -dname \"CN=…\" [-validity DAYS] [-startdate D] [-ext X]... [-storetype T] [-storepass…] [-keypass…] [--defaults 17|25] [--json]",
  help: `Generates a key pair with the platform's WebCrypto, wraps its public key in a self-signed X.509
v3 certificate for -dname and adds both as a new key entry under -alias, as keytool -genkeypair
does. A KS that does not exist is created (PKCS12, keytool's default, unless -storetype or a .jks
or .jceks name says otherwise), with keytool's rules for a new password (at least 6 characters;
asked twice on a terminal). An existing KS is edited under its edit lock; an alias that is taken
is refused ("Key pair not generated, alias <a> already exists").

Defaults are keytool 25's: RSA 3072 bits with SHA384withRSA, EC secp384r1 with SHA384withECDSA,
90 days. --defaults 17 follows keytool 17 (RSA 2048 / SHA256withRSA, EC secp256r1 /
SHA256withECDSA) and prints its message. -ext takes keytool's syntax (SAN=dns:host,ip:127.0.0.1,
BC:c=ca:true, KU=digitalSignature,keyCertSign, EKU=serverAuth,clientAuth, …); a
SubjectKeyIdentifier is always added. -keypass sets a separate key password in JKS and JCEKS
(PKCS12 keeps one password, so keytool ignores -keypass there, with a warning, and so does this).

The whole mutual-TLS recipe, with the keytool commands each step replaces:
  # keytool -genkeypair -keystore ca.p12 -alias ca -keyalg EC -dname "CN=Test CA" -ext bc:c=ca:true
  keystorekit genkeypair -keystore ca.p12 -storepass-env STOREPASS -alias ca -keyalg EC -dname "CN=Test CA" -ext bc:c=ca:true -ext KU=keyCertSign,cRLSign -validity 3650
  # keytool -exportcert -keystore ca.p12 -alias ca -rfc -file ca.pem
  keystorekit export-cert ca.p12 -storepass-env STOREPASS -alias ca -file ca.pem
  # keytool -genkeypair -keystore server.p12 -alias server -keyalg RSA -dname "CN=localhost"
  keystorekit genkeypair -keystore server.p12 -storepass-env STOREPASS -alias server -keyalg RSA -dname "CN=localhost"
  # keytool -certreq -keystore server.p12 -alias server -file server.csr -ext SAN=dns:localhost
  keystorekit certreq -keystore server.p12 -storepass-env STOREPASS -alias server -file server.csr -ext SAN=dns:localhost,ip:127.0.0.1
  # keytool -gencert -keystore ca.p12 -alias ca -infile server.csr -outfile server.pem -rfc
  keystorekit gencert -keystore ca.p12 -storepass-env STOREPASS -alias ca -infile server.csr -outfile server-chain.pem --chain -ext honored=all -ext EKU=serverAuth
  # keytool -importcert -keystore server.p12 -alias ca -file ca.pem (the CA, trusted)
  keystorekit import-cert -keystore server.p12 -storepass-env STOREPASS -alias ca -file ca.pem
  # keytool -importcert -keystore server.p12 -alias server -file server-chain.pem (the CA reply)
  keystorekit import-cert -keystore server.p12 -storepass-env STOREPASS -alias server -file server-chain.pem
  # keytool -importcert -keystore trust.p12 -alias ca -file ca.pem (the trust store)
  keystorekit import-cert -keystore trust.p12 -storepass-env STOREPASS -alias ca -file ca.pem
The client side is the same with -dname "CN=client" and EKU=clientAuth.

With --json: {"file", "created", "format", "alias", "keyAlgorithm", "keySize", "curve",
"signatureAlgorithm", "subject", "serialNumber", "notBefore", "notAfter", "sha256", "warnings"}.`,
  options: [
    ...COMMON_OPTIONS,
    ...STORE_OPTIONS,
    ...passwordOptions("storepass"),
    ...passwordOptions("keypass"),
    ...WRITE_OPTIONS,
    ...VALIDITY_OPTIONS,
    EXT_OPTION,
    SIGALG_OPTION,
    DEFAULTS_OPTION,
    { name: "alias", takesValue: true },
    { name: "keyalg", takesValue: true },
    { name: "keysize", takesValue: true },
    { name: "groupname", aliases: ["curve"], takesValue: true },
    { name: "dname", takesValue: true },
  ],
  async run(args, io) {
    const json = flag(args, "json");
    if (json) io.warnings = [];
    const alias = optionValue(args, "alias");
    if (alias === undefined) throw new UsageError("genkeypair needs -alias A (the new key entry's name)");
    const keyalg = optionValue(args, "keyalg");
    if (keyalg === undefined) throw new UsageError("The -keyalg option must be specified (RSA, EC, Ed25519 or Ed448), as keytool requires it");
    const dname = optionValue(args, "dname");
    if (dname === undefined) throw new UsageError('genkeypair needs -dname "CN=…" (the certificate\'s subject)');
    checkedDname(dname);
    const size = integerOption(args, "keysize");
    const curve = optionValue(args, "groupname");
    if (size !== undefined && curve !== undefined) throw new UsageError("Cannot specify both -groupname and -keysize");
    const sigalg = sigalgOption(args);
    const certificate = certificateOptions(args);
    const defaults = keytoolDefaults(args);

    return withTargetStore(args, io, async (target) => {
      refuseTakenAlias(target.store, alias, "Key pair");
      const keyPassword = await newKeyPassword(args, io, target);
      const pair = await generateKeyPair({ algorithm: keyalg, defaults, ...(size !== undefined ? { size } : {}), ...(curve !== undefined ? { curve } : {}) });
      // Without -sigalg, the signature follows the chosen keytool's defaults (createSigner alone would take 25's).
      const signer = await createSigner(pair.privateKey, { publicKey: pair.publicKey, sigalg: sigalg ?? pair.signatureAlgorithm });
      io.stderr(generatingMessage(pair, signer.algorithm, certificate.validityDays ?? DEFAULT_VALIDITY_DAYS, dname, defaults));
      const cert = await createSelfSignedCertificate(signer, { dname, ...certificate });
      const entry = target.store.set({ type: "privateKey", alias, created: new Date(), chain: [cert], key: { plain: pair.privateKey } });
      saveWithKeyPassword(args, io, target, entry.alias, keyPassword);
      if (json) {
        printJson(io, {
          file: target.path,
          created: target.created,
          format: target.store.format,
          alias: entry.alias,
          keyAlgorithm: pair.algorithm,
          keySize: pair.size,
          curve: pair.curve ? CURVES[pair.curve].javaName : null,
          signatureAlgorithm: signer.algorithm,
          subject: cert.subject,
          serialNumber: cert.serialNumber,
          notBefore: cert.notBefore.toISOString(),
          notAfter: cert.notAfter.toISOString(),
          sha256: cert.sha256,
          warnings: io.warnings ?? [],
        });
      }
      return 0;
    });
  },
};

/** 3072 → "3,072", as Java's MessageFormat groups numbers in an English locale. */
function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * keytool's line, in the chosen keytool's words: 25 says "3072-bit RSA" and leaves out the size of
 * EdDSA keys; 17 says "2,048 bit RSA" and "255 bit Ed25519".
 */
export function generatingMessage(pair: GeneratedKeyPair, sigalg: string, days: number, dname: string, defaults: KeytoolDefaults): string {
  const name = pair.curve ? `EC (${CURVES[pair.curve].javaName})` : pair.algorithm;
  const eddsa = pair.algorithm === "Ed25519" || pair.algorithm === "Ed448";
  const size = defaults === 17 ? `${grouped(pair.size)} bit ` : eddsa ? "" : `${pair.size}-bit `;
  return `Generating ${size}${name} key pair and self-signed certificate (${sigalg}) with a validity of ${grouped(days)} days\n\tfor: ${dname}\n`;
}
