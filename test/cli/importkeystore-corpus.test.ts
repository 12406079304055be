import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKeystore } from "../../src/formats/codec.js";
import { corpusRoot, hasCorpus, loadManifest } from "../helpers/corpus.js";
import { cli } from "./helpers.js";

/**
 * importkeystore of every JKS, JCEKS and PKCS#12 store of the peer corpus (made by other tools)
 * into a fresh JCEKS keeps every entry Java sees in it: same aliases, chains, and key bytes
 * (each key opened with its own password through --srckeypass-for). Skipped without the corpus.
 */

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const stores = loadManifest().stores.filter((s) => s.expected.result === "ok" && ["JKS", "JCEKS", "PKCS12"].includes(s.format));

describe.skipIf(!hasCorpus)("importkeystore of the peer corpus", () => {
  it.each(stores.map((s) => [s.file, s] as const))("%s", async (_file, manifest) => {
    const dest = join(mkdtempSync(join(tmpdir(), "kk-iks-corpus-")), "copy.jceks");
    const env: Record<string, string> = { SRC: manifest.storePassword, DEST: "dest-password" };
    const perKey = manifest.entries.flatMap((entry, i) => {
      if (entry.keyPassword === undefined || entry.keyPassword === null) return [];
      env[`KP${i}`] = entry.keyPassword;
      return ["--srckeypass-for", `${entry.alias}=KP${i}`];
    });
    const r = await cli(["importkeystore", "-srckeystore", join(corpusRoot, manifest.file), "-srcstoretype", manifest.format, "--srcstorepass-env", "SRC", ...perKey, "-destkeystore", dest, "--deststorepass-env", "DEST"], env);
    if (manifest.entries.some((e) => e.type === "privateKey" && e.certChainSha256.length === 0)) {
      // A key without a chain (keystore-go writes them): Java's KeyStore refuses to store one
      // ("Private key must be accompanied by certificate chain"), so the copy stops, naming it.
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("Private key must be accompanied by certificate chain");
      expect(existsSync(dest)).toBe(false);
      return;
    }
    expect(r.status, r.stderr).toBe(0);
    const copy = decodeKeystore(readFileSync(dest), { password: "dest-password" });
    for (const want of manifest.entries) {
      const entry = copy.entry(want.alias);
      expect(copy.certificates(entry.alias).map((c) => c.sha256), want.alias).toEqual(want.certChainSha256);
      if (entry.type === "privateKey" && want.pkcs8DecryptedSha256) expect(sha256(entry.key.protected!.decrypt("dest-password"))).toBe(want.pkcs8DecryptedSha256);
      if (entry.type === "secretKey" && want.secretKeySha256) expect(sha256(entry.key.protected!.decrypt("dest-password"))).toBe(want.secretKeySha256);
    }
  });
});
