import type { Certificate } from "../../model/certificate.js";
import type { Keystore } from "../../model/keystore.js";
import { isKeystoreError } from "../../model/errors.js";
import { readKeystoreFile } from "../../node/files.js";
import { fetchServerChain, type FetchedChain } from "../../node/tls.js";
import { certificateNames, formatSubjectAltName } from "../../truststore/certificate-names.js";
import { readCertificates } from "../../truststore/certificates.js";
import { pemCredentials } from "../../truststore/pem-credentials.js";
import { TrustStore } from "../../truststore/truststore.js";
import { trustAnchorsOf, verifyChain, type VerifyResult } from "../../truststore/verify.js";
import { isSelfIssued } from "../../truststore/x509-extensions.js";
import { UsageError, flag, optionValue, type ParsedArgs } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { editStore, saveEdited } from "../edit-session.js";
import { warn, type CliIo } from "../io.js";
import { openStore } from "../open-store.js";
import { WRITE_OPTIONS } from "../store-io.js";
import { AIA_FILTER_PROPERTY, AIA_PROPERTY, certificatesToImport, completeFromAia, importInto, type CompletedChain } from "./probe-issuer.js";
import { passwordOptions, resolvePassword } from "../passwords.js";
import { cliMessage } from "../error-advice.js";

/** Exit status when no TLS connection could be made (refused, unknown host, timeout, not TLS). */
export const EXIT_CONNECT_FAILED = 3;

const JAVA_PREFIX = "javax.net.ssl.SSLHandshakeException: ";

/** HOST, HOST:PORT, [V6]:PORT; the port defaults to 443. */
export function parseTarget(text: string): { host: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const match = bracket ?? plain;
  if (!match) throw new UsageError(`"${text}" is not HOST[:PORT]`);
  const port = match[2] === undefined ? 443 : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`the port of "${text}" must be 1 to 65535`);
  return { host: match[1]!, port };
}

function describe(certificate: Certificate, index: number) {
  const names = certificateNames(certificate);
  return {
    index,
    subject: certificate.subject,
    issuer: certificate.issuer,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    sha256: certificate.sha256,
    subjectAltNames: (names.subjectAltNames ?? []).map(formatSubjectAltName),
    caIssuers: names.caIssuers,
  };
}

/** What the server sent besides its leaf. */
function intermediatesNote(chain: readonly Certificate[]): string {
  if (chain.length === 0) return "the server sent no certificate";
  if (chain.length === 1) return isSelfIssued(chain[0]!) ? "the server sent one self-signed certificate" : "the server sent only its own certificate, no intermediates";
  const root = isSelfIssued(chain[chain.length - 1]!);
  const intermediates = chain.length - 1 - (root ? 1 : 0);
  return `the server sent its certificate, ${intermediates} intermediate${intermediates === 1 ? "" : "s"}${root ? " and its root" : ""}`;
}

async function clientCredentials(args: ParsedArgs, io: CliIo): Promise<{ key: string; cert: string; chain: Certificate[] } | undefined> {
  const path = optionValue(args, "keystore-client");
  if (path === undefined) return undefined;
  const password = await resolvePassword(args, io, { name: "client-storepass", prompt: `Enter keystore password for ${path}: ` });
  const keyPassword = (await resolvePassword(args, io, { name: "client-keypass" })) ?? password;
  const store = readKeystoreFile(path, password !== undefined ? { password } : {});
  const alias = optionValue(args, "client-alias");
  const pem = pemCredentials(store, { ...(alias !== undefined ? { alias } : {}), ...(keyPassword !== undefined ? { keyPassword } : {}) });
  return { key: pem.key!, cert: pem.cert!, chain: readCertificates(pem.cert!) };
}

function seconds(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 600) throw new UsageError(`--timeout takes seconds (0 < T <= 600), not "${text}"`);
  return Math.round(value * 1000);
}

interface AcceptableIssuers {
  /** RFC 2253 names; null when unknown (TLS 1.3 only, or the server did not ask). */
  names: string[] | null;
  der?: Uint8Array[];
  from: "handshake" | "TLSv1.2 retry" | null;
  /** Whether a CertificateRequest was seen (null: TLS 1.3 hid it and no TLS 1.2 handshake showed it). */
  requested: boolean | null;
  note?: string;
}

/**
 * The CA names of the server's TLS 1.2 CertificateRequest, read from the handshake; when TLS 1.3
 * hid it and the server asks for a client certificate (or a key was given), asked again with TLS 1.2.
 */
async function acceptableIssuers(fetched: FetchedChain, target: { host: string; port: number; timeoutMs: number; servername?: string }, keyGiven: boolean): Promise<AcceptableIssuers> {
  const seen = (handshake: FetchedChain["serverHandshake"], from: AcceptableIssuers["from"]): AcceptableIssuers | undefined => {
    const request = handshake.certificateRequest;
    if (request) return { names: request.authorities, der: request.authoritiesDer, from, requested: true };
    if (handshake.version && handshake.version !== "TLSv1.3") return { names: null, from: null, requested: false, note: "the server did not ask for a client certificate" };
    return undefined;
  };
  const first = seen(fetched.serverHandshake, "handshake");
  if (first) return first;
  if (fetched.clientAuth !== "required" && !keyGiven) return { names: null, from: null, requested: null, note: "unknown (TLS 1.3 encrypts the CertificateRequest)" };
  try {
    const retry = await fetchServerChain({ ...target, maxVersion: "TLSv1.2" });
    return seen(retry.serverHandshake, "TLSv1.2 retry") ?? { names: null, from: null, requested: null, note: `unknown (TLS 1.3 encrypts them, and the server refused TLS 1.2${retry.handshakeError ? `: ${retry.handshakeError}` : ""})` };
  } catch (error) {
    if (!isKeystoreError(error, "NETWORK")) throw error;
    return { names: null, from: null, requested: null, note: `unknown (TLS 1.3 encrypts them; asking again with TLS 1.2 failed: ${error.message})` };
  }
}

/** Whether a certificate of the client's chain is issued by (or is) one of the named CAs; an empty list accepts any. */
function keyIssuerListed(chain: readonly Certificate[], names: readonly Uint8Array[]): boolean {
  if (names.length === 0) return true;
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
  return chain.some((c) => names.some((n) => same(n, c.issuerDer) || same(n, c.subjectDer)));
}

interface OpenedTrust {
  store: Keystore;
  path: string;
  /** With --import: save the edited store (under the edit lock taken before the read). */
  save?: (store: Keystore) => void;
}

export async function runProbe(target: string, args: ParsedArgs, io: CliIo): Promise<number> {
  const importAlias = optionValue(args, "import");
  const storeArgs = { ...args, positionals: [] };
  if (importAlias === undefined) {
    const { store, path } = await openStore(storeArgs, io, { allowDefault: true });
    return probeWith(target, args, io, { store, path });
  }
  if (optionValue(args, "keystore") === undefined) throw new UsageError("--import ALIAS writes to the trust store: name it with -keystore (and its -storepass)");
  return editStore(storeArgs, io, ({ store, path, password, snapshot }) =>
    probeWith(target, args, io, { store, path, save: (edited) => saveEdited(args, io, path, edited, password, snapshot) }),
  );
}

async function probeWith(target: string, args: ParsedArgs, io: CliIo, trust: OpenedTrust): Promise<number> {
  const { host, port } = parseTarget(target);
  const servername = optionValue(args, "servername");
  const checkedHost = optionValue(args, "host") ?? host;
  const timeoutMs = seconds(optionValue(args, "timeout"));
  const { store, path } = trust;
  const client = await clientCredentials(args, io);
  let fetched: FetchedChain;
  try {
    fetched = await fetchServerChain({ host, port, timeoutMs, ...(servername !== undefined ? { servername } : {}), ...(client ? { client: { key: client.key, cert: client.cert } } : {}) });
  } catch (error) {
    if (!isKeystoreError(error, "NETWORK")) throw error;
    const message = cliMessage(error);
    if (flag(args, "json")) printJson(io, { host, port, connected: false, error: { code: "NETWORK", message } });
    io.stderr(`keystorekit: ${message}\n`);
    return EXIT_CONNECT_FAILED;
  }
  if (fetched.chain.length === 0 && fetched.handshakeError) {
    const message = `could not connect to ${host}:${port}: the TLS handshake failed before the server sent a certificate (${fetched.handshakeError})`;
    if (flag(args, "json")) printJson(io, { host, port, connected: false, error: { code: "NETWORK", message } });
    io.stderr(`keystorekit: ${message}\n`);
    return EXIT_CONNECT_FAILED;
  }
  const issuers = await acceptableIssuers(fetched, { host, port, timeoutMs, ...(servername !== undefined ? { servername } : {}) }, client !== undefined);
  const clientKeyIssuerListed = client && issuers.names ? keyIssuerListed(client.chain, issuers.der!) : undefined;
  // The verdict on the chain as sent is what a default Java client says.
  const asSent: VerifyResult = await verifyChain(fetched.chain, trustAnchorsOf(store), { host: checkedHost });
  const leaf = fetched.chain[0];
  const missingIssuer = asSent.missingIssuer;
  const aia = leaf && missingIssuer ? certificateNames(asSent.certificate ?? leaf).caIssuers : [];
  let completed: CompletedChain = { chain: fetched.chain, result: asSent, fetched: [], problems: [] };
  if (flag(args, "fetch-issuer") && missingIssuer) {
    completed = await completeFromAia(fetched.chain, trustAnchorsOf(store), asSent, { host: checkedHost, timeoutMs });
    for (const problem of completed.problems) warn(io, "ISSUER_NOT_FETCHED", problem);
  }
  let imported: Array<{ alias: string; subject: string; added: boolean }> = [];
  if (trust.save) {
    const chosen = certificatesToImport(fetched.chain, completed);
    imported = importInto(new TrustStore(store), chosen, optionValue(args, "import")!);
    if (imported.some((i) => i.added)) trust.save(store);
    const result = await verifyChain(completed.chain, trustAnchorsOf(store), { host: checkedHost });
    completed = { ...completed, result };
  }
  const result = completed.result;
  // Accepted as Java would have it: the handshake succeeds with the key, and Java's key manager
  // would offer it (SunX509 chooses only a key whose chain a listed CA issued).
  const clientKeyHandshake = client ? fetched.clientAuth !== "required" && fetched.handshakeError === undefined : undefined;
  const clientKeyAccepted = client ? clientKeyHandshake === true && clientKeyIssuerListed !== false : undefined;
  const javaMessage = result.trusted ? "" : result.javaMessage;
  const aiaNote =
    aia.length === 0
      ? null
      : `Java does not download the missing issuer unless -D${AIA_PROPERTY}=true (Temurin 25.0.3 and other recent updates also need -D${AIA_FILTER_PROPERTY}=URL-or-any, whose default denies all); ${completed.fetched.length > 0 ? "with it, Java's verdict is the one given here" : "use --fetch-issuer to see the verdict with it, or --import ALIAS to add it to the trust store"}`;
  if (flag(args, "json")) {
    printJson(io, {
      host,
      port,
      ...(servername !== undefined ? { servername } : {}),
      checkedHost,
      protocol: fetched.protocol,
      cipher: fetched.cipher,
      trusted: result.trusted,
      code: result.code,
      reason: result.reason,
      javaMessage,
      trustedAsSent: asSent.trusted,
      javaMessageAsSent: asSent.trusted ? "" : asSent.javaMessage,
      chain: fetched.chain.map(describe),
      intermediates: intermediatesNote(fetched.chain),
      missingIssuer: missingIssuer ?? null,
      missingIssuerUrls: aia,
      aiaNote,
      fetchedIssuers: completed.fetched.map((f) => ({ url: f.url, ...describe(f.issuer!, 0), index: undefined })),
      ...(completed.problems.length > 0 ? { fetchProblems: completed.problems } : {}),
      ...(trust.save ? { imported } : {}),
      clientAuth: fetched.clientAuth,
      clientCertificateRequested: issuers.requested,
      acceptableIssuers: issuers.names,
      acceptableIssuersFrom: issuers.from,
      ...(client && issuers.names ? { clientKeyIssuerListed } : {}),
      ...(fetched.handshakeError ? { handshakeError: fetched.handshakeError } : {}),
      ...(client ? { clientKeyAccepted, clientKeyHandshake } : {}),
      store: path,
    });
  } else {
    const tls = fetched.protocol ? ` (${fetched.protocol}, ${fetched.cipher})` : "";
    io.stdout(`Connected to ${host}:${port}${tls}; checked host name: ${checkedHost}\n`);
    io.stdout(`Certificate chain (${intermediatesNote(fetched.chain)}):\n`);
    for (const c of fetched.chain.map(describe)) {
      io.stdout(`  [${c.index}] ${c.subject}\n      issuer:  ${c.issuer}\n      valid:   ${c.notBefore} to ${c.notAfter}\n      SHA-256: ${c.sha256}\n`);
      if (c.subjectAltNames.length > 0) io.stdout(`      SANs:    ${c.subjectAltNames.join(", ")}\n`);
    }
    io.stdout(`Trust store: ${path}\n`);
    if (missingIssuer) {
      io.stdout(`Missing issuer: ${missingIssuer}\n`);
      if (aia.length > 0) io.stdout(`  The certificate names where to get it (AIA caIssuers): ${aia.join(", ")}\n  ${aiaNote}.\n`);
      if (!asSent.trusted && completed.fetched.length > 0) io.stdout(`  As sent, Java reports: ${JAVA_PREFIX}${asSent.javaMessage}\n`);
    }
    for (const f of completed.fetched) io.stdout(`Fetched issuer from ${f.url}: ${f.issuer!.subject} (SHA-256 ${f.issuer!.sha256}); it signs the certificate below it\n`);
    for (const i of imported) io.stdout(i.added ? `Certificate was added to keystore as <${i.alias}> (${i.subject})\n` : `Certificate already exists in keystore under alias <${i.alias}>: not added (${i.subject})\n`);
    if (result.trusted) io.stdout(`trusted: ${result.reason}\n`);
    else io.stdout(`NOT trusted: ${result.reason}\nJava reports: ${JAVA_PREFIX}${javaMessage}\n`);
    const auth = { required: "required: the server ended the handshake without an accepted client certificate", none: "not required", unknown: "unknown" }[fetched.clientAuth];
    io.stdout(`Client certificate: ${auth}${fetched.handshakeError ? ` (${fetched.handshakeError})` : ""}\n`);
    if (issuers.names) {
      io.stdout(`Acceptable client certificate CA names (TLS 1.2 CertificateRequest${issuers.from === "TLSv1.2 retry" ? ", asked again with TLS 1.2" : ""}):${issuers.names.length === 0 ? " none named (any certificate)" : ""}\n`);
      for (const name of issuers.names) io.stdout(`  ${name}\n`);
    } else if (issuers.note) io.stdout(`Acceptable client certificate CA names: ${issuers.note}\n`);
    if (client && issuers.names) io.stdout(clientKeyIssuerListed ? "The client key's chain is issued by one of them.\n" : "The client key's chain is issued by none of them: Java's key manager would not choose it.\n");
    if (client) io.stdout(clientKeyHandshake ? `The handshake succeeded with the client key${clientKeyAccepted ? "." : ", but Java would not present it."}\n` : "The client key was NOT accepted by the server.\n");
  }
  return result.trusted && clientKeyAccepted !== false ? 0 : 1;
}

export const OPTIONS = [
  ...COMMON_OPTIONS,
  ...STORE_OPTIONS,
  ...passwordOptions("storepass"),
  { name: "servername", takesValue: true },
  { name: "host", takesValue: true },
  { name: "timeout", takesValue: true },
  { name: "keystore-client", takesValue: true },
  ...passwordOptions("client-storepass"),
  ...passwordOptions("client-keypass"),
  { name: "client-alias", takesValue: true },
  { name: "sslserver", takesValue: true },
  { name: "fetch-issuer", takesValue: false },
  { name: "import", takesValue: true },
  ...WRITE_OPTIONS,
];

export const HELP = `Connects to HOST:PORT (default port 443) over TLS with SNI, as a Java client would, and
reports the chain the server sent (subject, issuer, validity, SHA-256, SANs, whether the
intermediates were sent), then Java's verdict: PKIX validation against the trust store
(-keystore, default the JVM's cacerts) and HTTPS host-name identification, with Java's own
message (e.g. "PKIX path building failed: … unable to find valid certification path to
requested target", "No subject alternative DNS name matching … found."). A missing issuer is
named, with the certificate's AIA caIssuers URL when it has one. Java does not download it
unless -Dcom.sun.security.enableAIAcaIssuers=true; --fetch-issuer does (HTTP, at most 256 KiB,
within --timeout), uses it only when it signs the certificate, and gives the verdict with it.
--import ALIAS adds the fetched issuer (or the root the server sent) to -keystore, atomically.
--servername sets SNI, --host checks another name than HOST, --timeout bounds the handshake
(seconds, default 10). --keystore-client KS (--client-storepass…, --client-keypass…,
--client-alias) presents a client key; the report says whether the server required one and
whether it accepted it.
Exit status: 0 trusted (and the client key accepted, when given), 1 not trusted or client key
refused, 2 bad usage, 3 could not connect (the network error is named).

Examples:
  keystorekit probe kafka.internal:9093 -keystore truststore.jks -storepass-env STOREPASS
  keystorekit printcert -sslserver api.example.com:443`;

export const probeCommand: Command = {
  name: "probe",
  summary: "connect to a TLS server and say whether Java would trust it, with Java's message (exit 3: no connection)",
  usage: "keystorekit probe HOST[:PORT] [-keystore TRUST] [--servername N] [--host N] [--timeout S] [--keystore-client KS] [--fetch-issuer] [--import ALIAS] [--json]",
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const target = optionValue(args, "sslserver") ?? args.positionals[0];
    if (target === undefined) throw new UsageError("probe needs HOST[:PORT]");
    return runProbe(target, args, io);
  },
};
