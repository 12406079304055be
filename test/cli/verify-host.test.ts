import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const tls = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url).pathname;

describe("verify --host", () => {
  it("fails a trusted chain without a SAN for an IP address with Java's message", async () => {
    const plain = await cli(["verify", "-keystore", tls("ca.pem"), tls("host-cn-only.pem")]);
    expect(plain.status).toBe(0);
    const result = await cli(["verify", "-keystore", tls("ca.pem"), tls("host-cn-only.pem"), "--host", "127.0.0.1"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Java reports: No subject alternative names present");
  });
  it("accepts a wildcard SAN, and reports a DNS mismatch in --json", async () => {
    expect((await cli(["verify", "-keystore", tls("ca.pem"), tls("host-wild.pem"), "--host", "api.example.com"])).status).toBe(0);
    const result = await cli(["verify", "-keystore", tls("ca.pem"), tls("host-wild.pem"), "--host", "example.com", "--json"]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ trusted: false, code: "HOSTNAME_MISMATCH", javaMessage: "No subject alternative DNS name matching example.com found." });
  });
  it("verify HOST:PORT that is no file points to probe (usage, exit 2), not 'no such file'", async () => {
    const result = await cli(["verify", "-keystore", tls("ca.pem"), "server.example:443"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("keystorekit probe server.example:443");
  });
});
