import { execFile, spawn, type ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createServer, type Server, type TlsOptions } from "node:tls";
import type { Jdk } from "../helpers/java.js";

/**
 * Live TLS on 127.0.0.1 for the probe and host-name tests: Node and openssl servers on ports from
 * listen(0) / -accept 0, and the Java client (TlsProbeClient.java) asked what it says about them.
 * Everything is bounded by timeouts and stopped by the test that started it.
 */

export const TLS_DIR = new URL("../fixtures/tls/", import.meta.url).pathname;
export const fixture = (name: string): Buffer => readFileSync(TLS_DIR + name);
const CLIENT = new URL("./TlsProbeClient.java", import.meta.url).pathname;

/** A Node TLS server on 127.0.0.1 that answers every connection with "ok" and closes. */
export async function nodeTlsServer(options: TlsOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer(options, (socket) => {
    socket.on("error", () => {});
    socket.end("HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok");
  });
  return listening(server);
}

/** Listens on 127.0.0.1:0; close() also ends the connections still open (close alone waits for them). */
async function listening(server: Server | HttpServer): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return { port: (server.address() as AddressInfo).port, close };
}

/** A plain HTTP server on 127.0.0.1 serving `body` at every path (an AIA caIssuers URL). */
export async function httpServer(body: Uint8Array): Promise<{ port: number; close: () => Promise<void> }> {
  return listening(createHttpServer((_, response) => response.end(body)));
}

/** `openssl s_server` on 127.0.0.1 with a port it chose itself (read from its "ACCEPT" line). */
export async function opensslServer(args: string[]): Promise<{ port: number; close: () => void }> {
  const child: ChildProcess = spawn("openssl", ["s_server", "-accept", "127.0.0.1:0", "-naccept", "20", "-www", ...args], { cwd: TLS_DIR, stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("openssl s_server did not start"));
    }, 15_000);
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /ACCEPT\s+(?:127\.0\.0\.1|\[?[^\]]*\]?):(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", () => reject(new Error(`openssl s_server exited: ${seen}`)));
  });
  return { port, close: () => void child.kill() };
}

export const hasOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

/** The major version of a JDK (17, 25, …). */
export function javaMajor(jdk: Jdk): number {
  const out = spawnSync(jdk.java, ["-version"], { encoding: "utf8" }).stderr;
  return Number(/version "(\d+)/.exec(out)?.[1] ?? 0);
}

export interface JavaClientOptions {
  trust: string;
  trustType?: string;
  trustPassword?: string;
  keyStore?: { path: string; type: string; password: string };
  /** JVM options before the program (e.g. -Dcom.sun.security.enableAIAcaIssuers=true). */
  jvmOptions?: string[];
}

/** Runs TlsProbeClient.java for `targets` ("PORT/NAME"); returns "OK …" or "FAIL …" per target. */
export async function javaClient(jdk: Jdk, options: JavaClientOptions, targets: string[]): Promise<Map<string, string>> {
  const key = options.keyStore;
  const args = [...(options.jvmOptions ?? []), CLIENT, options.trust, options.trustType ?? "PKCS12", options.trustPassword ?? "changeit", key?.path ?? "-", key?.type ?? "-", key?.password ?? "-", ...targets];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(jdk.java, args, { timeout: 120_000, maxBuffer: 1 << 22 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
  });
  const results = new Map<string, string>();
  for (const line of stdout.split("\n").filter(Boolean)) {
    const space = line.indexOf(" ");
    results.set(line.slice(0, space), line.slice(space + 1));
  }
  return results;
}

/** The CertificateException message inside a FAIL line ("" for OK). */
export function javaCause(line: string): string {
  if (line.startsWith("OK")) return "";
  const cause = / \| caused by java\.security\.cert\.CertificateException: (.*?)(?: \| caused by|$)/.exec(line);
  if (cause) return cause[1]!;
  // SSLHandshakeException: [(certificate_unknown) ]MESSAGE — Temurin 25 adds the alert in brackets.
  return /^FAIL [\w.]+: (?:\([a-z_]+\) )?(.*?)(?: \| caused by|$)/.exec(line)?.[1] ?? line;
}

/** test/e2e/TlsServer.java: a Java SSLServerSocket on 127.0.0.1 (port read from its "PORT n" line). */
export async function javaServer(jdk: Jdk, args: string[]): Promise<{ port: number; close: () => void }> {
  const child = spawn(jdk.java, [new URL("./TlsServer.java", import.meta.url).pathname, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("TlsServer.java did not start"));
    }, 60_000);
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /PORT (\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (seen += chunk.toString()));
    child.on("exit", () => reject(new Error(`TlsServer.java exited: ${seen}`)));
  });
  return { port, close: () => void child.kill() };
}
