import { isAbsolute, join } from "node:path";
import { connect as netConnect } from "node:net";
import { connect, type ConnectionOptions, type DetailedPeerCertificate, type TLSSocket } from "node:tls";
import { decodeKeystore } from "../formats/codec.js";
import { Certificate } from "../model/certificate.js";
import { KeystoreError } from "../model/errors.js";
import type { Keystore } from "../model/keystore.js";
import { pemCredentials, type PemCredentials } from "../truststore/pem-credentials.js";
import { javaPropertiesFromEnv, javaTlsSettings, kafkaTlsSettings, parseJavaOptions, parseProperties, springTlsSettings, type JavaStoreSetting, type JavaTlsSettings } from "../truststore/java-settings.js";
import { readKeystoreFile } from "./files.js";
import { RecordingStream, readServerHandshake, type ServerHandshake } from "./tls-handshake.js";

/**
 * Live TLS for Java users: fetch the chain a server sends (as `keytool -printcert -sslserver` and
 * `openssl s_client -showcerts` show it) together with what the handshake revealed about client
 * authentication, and turn Java key stores and trust stores into Node TLS options.
 */

/** How to reach the server. */
export interface FetchChainOptions {
  host: string;
  port: number;
  /** SNI name (default: `host` when it is a DNS name; none for an IP address, as Java). */
  servername?: string;
  /** Bound for connecting and handshaking, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** A client key and certificate chain (PEM) to present when the server asks for one. */
  client?: { key: string; cert: string };
  /** TLS versions to offer (default TLSv1.2 to TLSv1.3). */
  maxVersion?: "TLSv1.2" | "TLSv1.3";
}

/** What one handshake showed. */
export interface FetchedChain {
  /** The certificates exactly as the server sent them, leaf first. */
  chain: Certificate[];
  /** Negotiated protocol (TLSv1.3 …) and cipher suite, when the handshake got that far. */
  protocol: string | null;
  cipher: string | null;
  /**
   * "required": the server refused to go on without an accepted client certificate
   * (certificate_required in TLS 1.3, handshake_failure after its certificate in TLS 1.2);
   * "none": the connection worked without one; "unknown": the handshake failed otherwise.
   */
  clientAuth: "required" | "none" | "unknown";
  /** The TLS alert or error that ended the connection (OpenSSL's code, e.g. ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED). */
  handshakeError?: string;
  /**
   * The clear part of the server's handshake as it came over the wire: its version and, in TLS
   * 1.2, its CertificateRequest with the acceptable CA names (node:tls does not expose them).
   */
  serverHandshake: ServerHandshake;
}

const CLIENT_AUTH_ALERTS = ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE", "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN"];

/** The certificates the server sent: Node's peer chain, walked without the local store's additions. */
function sentChain(socket: TLSSocket): Certificate[] {
  const chain: Certificate[] = [];
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new Certificate(new Uint8Array(cert.raw)));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * Connects, handshakes, and reports the server's chain without trusting it (verification is
 * verifyChain's job, against a Java trust store). Connection failures (refused, unknown host,
 * timeout, no TLS) throw NETWORK with the cause named; handshake alerts are part of the result.
 */
export function fetchServerChain(options: FetchChainOptions): Promise<FetchedChain> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const isIp = /^[0-9.]+$/.test(options.host) || options.host.includes(":");
  const servername = options.servername ?? (isIp ? undefined : options.host);
  // node:tls over a Duplex that copies the server's bytes (tls-handshake.ts): the TLS 1.2
  // CertificateRequest is read from them, before OpenSSL has the handshake.
  const raw = netConnect({ host: options.host, port: options.port });
  const recorder = new RecordingStream(raw);
  const connection: ConnectionOptions = {
    socket: recorder,
    ...(servername !== undefined ? { servername } : {}),
    rejectUnauthorized: false,
    // An empty CA list: Node then adds nothing of its own store to the peer chain it reports.
    ca: [],
    minVersion: "TLSv1.2",
    maxVersion: options.maxVersion ?? "TLSv1.3",
    ...(options.client ? { key: options.client.key, cert: options.client.cert } : {}),
  };
  return new Promise((resolve, reject) => {
    let chain: Certificate[] = [];
    let protocol: string | null = null;
    let cipher: string | null = null;
    let secure = false;
    let done = false;
    const socket = connect(connection);
    const finish = (result: Omit<FetchedChain, "serverHandshake"> | KeystoreError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      if (result instanceof KeystoreError) reject(result);
      else resolve({ ...result, serverHandshake: readServerHandshake(recorder.received()) });
    };
    raw.on("error", (error: NodeJS.ErrnoException) => finish(new KeystoreError("NETWORK", `could not connect to ${options.host}:${options.port}: ${error.code ?? "ERROR"} (${error.message})`)));
    const timer = setTimeout(() => {
      if (secure) finish({ chain, protocol, cipher, clientAuth: "none" });
      else finish(new KeystoreError("NETWORK", `could not connect to ${options.host}:${options.port}: no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("secureConnect", () => {
      secure = true;
      chain = sentChain(socket);
      protocol = socket.getProtocol();
      cipher = socket.getCipher()?.name ?? null;
      // TLS 1.2 ends the handshake with the server's Finished: the client certificate, if one was sent, was accepted.
      // In TLS 1.3 the server judges the client's certificate after that; its verdict is either an
      // alert or its session tickets (or data, or the end of the connection).
      if (protocol !== "TLSv1.3") finish({ chain, protocol, cipher, clientAuth: "none" });
    });
    socket.on("session", () => finish({ chain, protocol, cipher, clientAuth: "none" }));
    socket.on("data", () => finish({ chain, protocol, cipher, clientAuth: "none" }));
    socket.on("end", () => finish({ chain, protocol, cipher, clientAuth: "none" }));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      const code = error.code ?? "ERROR";
      if (code.startsWith("ERR_SSL")) {
        if (!secure) {
          try {
            chain = sentChain(socket);
          } catch {
            chain = [];
          }
        }
        const required = CLIENT_AUTH_ALERTS.includes(code) && chain.length > 0;
        finish({ chain, protocol, cipher, clientAuth: required ? "required" : "unknown", handshakeError: code });
        return;
      }
      finish(new KeystoreError("NETWORK", `could not connect to ${options.host}:${options.port}: ${code} (${error.message})`));
    });
  });
}

/** A store given by path (read with its password and type) or already decoded. */
export interface StoreSource {
  path?: string;
  bytes?: Uint8Array;
  store?: Keystore;
  password?: string;
  /** Key password (default: the store password, as Java's KeyManagerFactory uses it). */
  keyPassword?: string;
  /** Which key entry to present (default: the only or first key entry). */
  alias?: string;
}

/** Options for tls.connect, https.request, https.Agent and tls.createSecureContext. */
export interface NodeTlsOptions {
  ca?: string[];
  key?: string;
  cert?: string;
}

function loadStore(source: StoreSource): Keystore {
  if (source.store) return source.store;
  const password = source.password !== undefined ? { password: source.password } : {};
  if (source.path !== undefined) return readKeystoreFile(source.path, password);
  if (source.bytes) return decodeKeystore(source.bytes, password);
  throw new KeystoreError("INVALID_ARGUMENT", "give the store as path, bytes or a decoded store");
}

/**
 * Node TLS options from Java stores, as a Java client configured with javax.net.ssl.trustStore and
 * javax.net.ssl.keyStore would use them: `ca` from the trust store's trusted certificates, `key`
 * and `cert` (the key's chain) from the key store. PEM strings, the key decrypted in memory only.
 */
export function tlsOptions(options: { trustStore?: StoreSource; keyStore?: StoreSource }): NodeTlsOptions {
  const result: NodeTlsOptions = {};
  if (options.trustStore) result.ca = pemCredentials(loadStore(options.trustStore), { trustOnly: true }).ca;
  if (options.keyStore) {
    const source = options.keyStore;
    const credentials: PemCredentials = pemCredentials(loadStore(source), {
      ...(source.alias !== undefined ? { alias: source.alias } : {}),
      ...((source.keyPassword ?? source.password) !== undefined ? { keyPassword: (source.keyPassword ?? source.password)! } : {}),
    });
    if (credentials.key !== undefined) result.key = credentials.key;
    if (credentials.cert !== undefined) result.cert = credentials.cert;
  }
  return result;
}

function sourceOf(setting: JavaStoreSetting | undefined, baseDir: string | undefined): StoreSource | undefined {
  if (!setting) return undefined;
  if (setting.path.startsWith("classpath:")) {
    throw new KeystoreError("INVALID_ARGUMENT", `${setting.path} is inside the application's classpath; give the store's file path instead`);
  }
  const path = baseDir !== undefined && !isAbsolute(setting.path) ? join(baseDir, setting.path) : setting.path;
  return {
    path,
    ...(setting.password !== undefined ? { password: setting.password } : {}),
    ...(setting.keyPassword !== undefined ? { keyPassword: setting.keyPassword } : {}),
    ...(setting.alias !== undefined ? { alias: setting.alias } : {}),
  };
}

function fromSettings(settings: JavaTlsSettings, baseDir?: string): NodeTlsOptions {
  const trustStore = sourceOf(settings.trustStore, baseDir);
  const keyStore = sourceOf(settings.keyStore, baseDir);
  return tlsOptions({ ...(trustStore ? { trustStore } : {}), ...(keyStore ? { keyStore } : {}) });
}

/**
 * Node TLS options from a Java application's JVM options: a JAVA_OPTS-style string, or an
 * environment (default process.env: JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS, in the JVM's order).
 */
export function tlsOptionsFromJava(javaOptions: string | Record<string, string | undefined> = process.env): NodeTlsOptions {
  const properties = typeof javaOptions === "string" ? parseJavaOptions(javaOptions) : javaPropertiesFromEnv(javaOptions);
  return fromSettings(javaTlsSettings(properties));
}

/** Node TLS options from Kafka client or Spring Boot properties text; relative paths resolve against `baseDir`. */
export function tlsOptionsFromProperties(text: string, kind: "kafka" | "spring", options: { baseDir?: string; bundle?: string } = {}): NodeTlsOptions {
  const properties = parseProperties(text);
  return fromSettings(kind === "kafka" ? kafkaTlsSettings(properties) : springTlsSettings(properties, options.bundle), options.baseDir);
}
