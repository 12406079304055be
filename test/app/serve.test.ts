import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appServer } from "../../scripts/serve-app.mjs";

/** scripts/serve-app.mjs (npm run app:serve): static files of one folder, nothing else. */
describe("app server", () => {
  const root = mkdtempSync(join(tmpdir(), "kk-serve-"));
  const outside = `${root}-secret.txt`;
  const server = appServer(join(root, "site"));
  let port = 0;
  beforeAll(async () => {
    mkdirSync(join(root, "site", "chunks"), { recursive: true });
    writeFileSync(join(root, "site", "index.html"), "<!doctype html>");
    writeFileSync(join(root, "site", "main-ABCDEFGH.js"), "export {}");
    writeFileSync(join(root, "site", "chunks", "x-ABCDEFGH.js"), "export {}");
    writeFileSync(join(root, "site", "style-12345678.css"), "body{}");
    writeFileSync(outside, "secret");
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { force: true });
  });

  const get = (path: string, method = "GET") =>
    new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, type: response.headers["content-type"], body }));
      });
      req.on("error", reject);
      req.end();
    });

  it("serves files with their MIME types; / is index.html", async () => {
    expect(await get("/")).toMatchObject({ status: 200, type: "text/html; charset=utf-8" });
    expect(await get("/main-ABCDEFGH.js")).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
    expect(await get("/chunks/x-ABCDEFGH.js")).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
    expect(await get("/style-12345678.css")).toMatchObject({ status: 200, type: "text/css; charset=utf-8" });
  });

  it("no directory listing, nothing outside the folder, only GET and HEAD", async () => {
    expect((await get("/chunks")).status).toBe(404);
    expect((await get("/chunks/")).status).toBe(404);
    const name = outside.slice(outside.lastIndexOf("/") + 1);
    for (const path of [`/../${name}`, `/%2e%2e/${name}`, `/..%2f${name}`, `/chunks/../../${name}`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain("secret");
    }
    expect((await get("/", "POST")).status).toBe(405);
  });
});
