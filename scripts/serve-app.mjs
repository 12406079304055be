#!/usr/bin/env node
// Serves dist-app/ (npm run app first) on 127.0.0.1: static files only, no directory listing,
// nothing outside dist-app/. PORT sets the port (default 8080; 0 picks a free one).
//   npm run app:serve
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultOutdir } from "./build-app.mjs";

export const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
};

/** An http.Server for `root`, not yet listening. */
export function appServer(root = defaultOutdir) {
  const base = normalize(root + sep);
  return createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400).end("bad request");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    // Only regular files inside root: no "..", no directory listing.
    if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    const type = MIME_TYPES[extname(file)] ?? "application/octet-stream";
    const hashed = /-[A-Za-z0-9]{8}\.(js|css)$/.test(file);
    response.writeHead(200, {
      "content-type": type,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    });
    response.end(request.method === "HEAD" ? undefined : readFileSync(file));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(defaultOutdir, "index.html"))) {
    console.error(`${defaultOutdir} has no index.html: run "npm run app" first`);
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8080);
  const server = appServer();
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    console.log(`keystorekit app: http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/ (Ctrl-C stops)`);
  });
}
