import { Duplex } from "node:stream";
import type { Socket } from "node:net";
import { readTlv } from "../binary/der.js";
import { nameToString } from "../x509/name.js";

/**
 * What node:tls does not tell: the server's TLS 1.2 CertificateRequest, with the names of the CAs
 * whose client certificates it accepts ("Acceptable client certificate CA names" in
 * `openssl s_client`). In TLS 1.2 the server's first flight (ServerHello … ServerHelloDone) is in
 * clear until ChangeCipherSpec, so the bytes are read as they arrive, before OpenSSL decrypts
 * anything: the TLS socket runs over a Duplex that copies what the server sends. In TLS 1.3 the
 * CertificateRequest is encrypted; probe then asks again with TLS 1.2 at most.
 */

/** The first bytes the server sent, bounded: the clear part of a handshake is a few KiB. */
const MAX_CAPTURE = 256 * 1024;

/** A Duplex over a TCP socket that keeps a copy of what the peer sends, up to MAX_CAPTURE bytes. */
export class RecordingStream extends Duplex {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly inner: Socket) {
    super();
    inner.on("data", (chunk: Uint8Array) => {
      if (this.size < MAX_CAPTURE) {
        this.chunks.push(chunk.subarray(0, MAX_CAPTURE - this.size));
        this.size += Math.min(chunk.length, MAX_CAPTURE - this.size);
      }
      if (!this.push(chunk)) inner.pause();
    });
    inner.on("end", () => this.push(null));
    inner.on("error", (error) => this.destroy(error));
    inner.on("close", () => this.destroy());
  }

  /** Everything received so far. */
  received(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Uint8Array, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inner.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }
}

/** A TLS 1.2 CertificateRequest (RFC 5246 §7.4.4). */
export interface CertificateRequest {
  /** ClientCertificateType codes (1 rsa_sign, 64 ecdsa_sign, …). */
  certificateTypes: number[];
  /** SignatureAndHashAlgorithm pairs as 16-bit codes (0x0403 ecdsa_secp256r1_sha256, …). */
  signatureAlgorithms: number[];
  /** The acceptable CA names, DER, in the server's order. */
  authoritiesDer: Uint8Array[];
  /** The same names in RFC 2253 form (as Java prints them). */
  authorities: string[];
}

/** What the clear part of the server's handshake showed. */
export interface ServerHandshake {
  /** The version of the ServerHello ("TLSv1.2"; "TLSv1.3" when its supported_versions says so). */
  version?: string;
  /** Present when the server asked for a client certificate in clear (TLS 1.2 and older). */
  certificateRequest?: CertificateRequest;
}

const HANDSHAKE = 22;
const CHANGE_CIPHER_SPEC = 20;
const SERVER_HELLO = 2;
const CERTIFICATE_REQUEST = 13;
const SUPPORTED_VERSIONS = 43;

/** The handshake messages in clear of the server's records, up to its ChangeCipherSpec. */
function clearHandshake(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at + 5 <= bytes.length) {
    const type = bytes[at]!;
    const length = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    if (type === CHANGE_CIPHER_SPEC || at + 5 + length > bytes.length) break;
    if (type === HANDSHAKE) parts.push(bytes.subarray(at + 5, at + 5 + length));
    else if (type !== 21) break; // an alert may come in clear; anything else is encrypted
    at += 5 + length;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Reads what the server sent before encryption started. Truncated or odd bytes give what could be read. */
export function readServerHandshake(bytes: Uint8Array): ServerHandshake {
  const messages = clearHandshake(bytes);
  const result: ServerHandshake = {};
  let at = 0;
  while (at + 4 <= messages.length) {
    const type = messages[at]!;
    const length = (messages[at + 1]! << 16) | (messages[at + 2]! << 8) | messages[at + 3]!;
    if (at + 4 + length > messages.length) break;
    const body = messages.subarray(at + 4, at + 4 + length);
    if (type === SERVER_HELLO) result.version = serverHelloVersion(body);
    else if (type === CERTIFICATE_REQUEST && result.version !== "TLSv1.3") {
      const request = certificateRequest(body);
      if (request) result.certificateRequest = request;
    }
    at += 4 + length;
  }
  return result;
}

function versionName(code: number): string {
  return { 0x0301: "TLSv1", 0x0302: "TLSv1.1", 0x0303: "TLSv1.2", 0x0304: "TLSv1.3" }[code] ?? `0x${code.toString(16)}`;
}

/** legacy_version, unless the supported_versions extension names the real one (TLS 1.3). */
function serverHelloVersion(body: Uint8Array): string | undefined {
  if (body.length < 38) return undefined;
  let version = versionName((body[0]! << 8) | body[1]!);
  let at = 34; // version, random
  at += 1 + body[at]!; // session id
  at += 3; // cipher suite, compression
  if (at + 2 > body.length) return version;
  const end = Math.min(body.length, at + 2 + ((body[at]! << 8) | body[at + 1]!));
  at += 2;
  while (at + 4 <= end) {
    const type = (body[at]! << 8) | body[at + 1]!;
    const length = (body[at + 2]! << 8) | body[at + 3]!;
    if (type === SUPPORTED_VERSIONS && length === 2) version = versionName((body[at + 4]! << 8) | body[at + 5]!);
    at += 4 + length;
  }
  return version;
}

function certificateRequest(body: Uint8Array): CertificateRequest | undefined {
  let at = 0;
  const typesLength = body[at++];
  if (typesLength === undefined || at + typesLength > body.length) return undefined;
  const certificateTypes = [...body.subarray(at, at + typesLength)];
  at += typesLength;
  if (at + 2 > body.length) return undefined;
  const algorithmsLength = (body[at]! << 8) | body[at + 1]!;
  at += 2;
  const signatureAlgorithms: number[] = [];
  for (let i = 0; i + 1 < algorithmsLength && at + i + 1 < body.length; i += 2) signatureAlgorithms.push((body[at + i]! << 8) | body[at + i + 1]!);
  at += algorithmsLength;
  if (at + 2 > body.length) return undefined;
  const end = Math.min(body.length, at + 2 + ((body[at]! << 8) | body[at + 1]!));
  at += 2;
  const authoritiesDer: Uint8Array[] = [];
  const authorities: string[] = [];
  while (at + 2 <= end) {
    const length = (body[at]! << 8) | body[at + 1]!;
    const der = body.slice(at + 2, at + 2 + length);
    at += 2 + length;
    if (der.length !== length) break;
    authoritiesDer.push(der);
    try {
      authorities.push(nameToString(readTlv(der, 0)));
    } catch {
      authorities.push("(an undecodable name)");
    }
  }
  return { certificateTypes, signatureAlgorithms, authoritiesDer, authorities };
}
