import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KeystoreError } from "../../src/model/errors.js";
import { Keystore } from "../../src/model/keystore.js";
import { readCertificates } from "../../src/truststore/certificates.js";
import {
  editKeystoreFile,
  openKeystoreFile,
  readBytes,
  readFileBounded,
  saveFileAtomic,
  saveKeystoreFile,
  type SaveOptions,
} from "../../src/node/index.js";
import { repoRoot } from "../helpers/corpus.js";

const encode = (text: string) => new TextEncoder().encode(text);
const tempDir = () => mkdtempSync(join(tmpdir(), "kk-safe-"));
const isRoot = process.getuid?.() === 0;
const caPem = readFileSync(join(repoRoot, "test/fixtures/certs/ca.pem"), "utf8");

function expectError(run: () => unknown, code: string, message?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KeystoreError);
  expect((caught as KeystoreError).code).toBe(code);
  if (message) expect((caught as KeystoreError).message).toMatch(message);
}

function withUmask<T>(mask: number, run: () => T): T {
  const previous = process.umask(mask);
  try {
    return run();
  } finally {
    process.umask(previous);
  }
}

const leftovers = (dir: string) => readdirSync(dir).filter((name) => /\.(tmp|bak|lock)$/.test(name));

describe("saveFileAtomic: modes", () => {
  const modes = [0o600, 0o640, 0o644, 0o660, 0o664, 0o604];
  const umasks = [0o022, 0o077, 0o002, 0o027];
  it("keeps an existing file's mode under every umask (24 cases)", () => {
    const dir = tempDir();
    for (const mode of modes) {
      for (const mask of umasks) {
        const path = join(dir, `store-${mode.toString(8)}-${mask.toString(8)}.jks`);
        writeFileSync(path, "old");
        chmodSync(path, mode);
        const report = withUmask(mask, () => saveFileAtomic(path, encode("new"), { contents: "keys" }));
        expect([path, statSync(path).mode & 0o7777]).toEqual([path, mode]);
        expect(report.method).toBe("replaced");
        expect(readFileSync(path, "utf8")).toBe("new");
      }
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it("a new file without keys follows the umask (as keytool and cp); one with keys is 0600", () => {
    const dir = tempDir();
    for (const mask of umasks) {
      const publicPath = join(dir, `trust-${mask.toString(8)}.jks`);
      const keyPath = join(dir, `keys-${mask.toString(8)}.jks`);
      withUmask(mask, () => {
        saveFileAtomic(publicPath, encode("certs"), { contents: "public" });
        saveFileAtomic(keyPath, encode("keys"), { contents: "keys" });
      });
      expect(statSync(publicPath).mode & 0o777).toBe(0o666 & ~mask);
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    }
  });

  it("tightens an existing file that will hold a plaintext key, and says so", () => {
    const dir = tempDir();
    const path = join(dir, "server.pem");
    writeFileSync(path, "old");
    chmodSync(path, 0o644);
    const report = saveFileAtomic(path, encode("-----BEGIN PRIVATE KEY-----"), { contents: "plaintext-keys" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(report.notes.join("\n")).toMatch(/tightened the mode of .* from 0644 to 0600/);
  });

  it.skipIf(!isRoot)("keeps the owner and group (a root edit of nobody:nogroup 0640 stays nobody:nogroup)", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "old");
    chmodSync(path, 0o640);
    chownSync(path, 65534, 65534);
    saveFileAtomic(path, encode("new"));
    const stats = statSync(path);
    expect([stats.uid, stats.gid, stats.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
  });
});

describe("saveFileAtomic: links", () => {
  it("follows a symbolic link (relative, chained) and replaces the file it points to", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real"));
    const real = join(dir, "real", "cacerts");
    writeFileSync(real, "old");
    symlinkSync("real/cacerts", join(dir, "hop"));
    symlinkSync(join(dir, "hop"), join(dir, "cacerts"));
    const report = saveFileAtomic(join(dir, "cacerts"), encode("new"));
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(lstatSync(join(dir, "cacerts")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "hop"))).toBe("real/cacerts");
    expect(report.target).toBe(real);
    expect(report.notes.join("\n")).toMatch(/followed the symbolic link/);
  });

  it("a dangling link creates the file it names", () => {
    const dir = tempDir();
    symlinkSync("made-later.jks", join(dir, "link.jks"));
    saveFileAtomic(join(dir, "link.jks"), encode("new"));
    expect(readFileSync(join(dir, "made-later.jks"), "utf8")).toBe("new");
    expect(lstatSync(join(dir, "link.jks")).isSymbolicLink()).toBe(true);
  });

  it("rewrites a hard-linked file in place: same inode, both names see the new bytes, and says so", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "old old old");
    linkSync(path, join(dir, "other-name.jks"));
    const inode = statSync(path).ino;
    const report = saveFileAtomic(path, encode("new"));
    expect(report.method).toBe("in-place");
    expect(statSync(path).ino).toBe(inode);
    expect(readFileSync(join(dir, "other-name.jks"), "utf8")).toBe("new");
    expect(report.notes.join("\n")).toMatch(/rewrote .* in place \(it has 2 hard links\)/);
    expect(leftovers(dir)).toEqual([]);
  });

  it("an in-place rewrite whose check fails puts the old bytes back", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "the old contents");
    linkSync(path, join(dir, "second"));
    expectError(
      () => saveFileAtomic(path, encode("x"), { verify: () => { throw new Error("does not decode"); } }),
      "IO",
      /does not decode: the old contents were put back/,
    );
    expect(readFileSync(path, "utf8")).toBe("the old contents");
    expect(leftovers(dir)).toEqual([]);
  });
});

describe("saveFileAtomic: refusals", () => {
  it("refuses a read-only store unless allowed, and keeps 0444 when allowed", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "old");
    chmodSync(path, 0o444);
    expectError(() => saveFileAtomic(path, encode("new")), "IO", /it is read-only \(mode 0444\): nothing was written/);
    expect(readFileSync(path, "utf8")).toBe("old");
    saveFileAtomic(path, encode("new"), { allowReadOnly: true });
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(statSync(path).mode & 0o777).toBe(0o444);
  });

  it("never replaces a device, a FIFO or a directory", () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo], { stdio: "ignore" });
    expectError(() => saveFileAtomic(fifo, encode("x")), "IO", /it is a FIFO \(named pipe\), not a regular file: nothing was written/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expectError(() => saveFileAtomic("/dev/null", encode("x")), "IO", /\/dev\/null: it is a character device/);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
    expectError(() => saveFileAtomic(dir, encode("x")), "IO", new RegExp(`cannot write ${dir}: it is a directory`));
  });

  it("names the user's path, not the temporary file, in every error", () => {
    const dir = tempDir();
    const long = join(dir, `${"x".repeat(300)}.jks`);
    expectError(() => saveFileAtomic(long, encode("x")), "IO", /^cannot (open|write) .*xxxx\.jks: file name too long/);
    expectError(() => saveFileAtomic(join(dir, "missing", "x.jks"), encode("x")), "IO", /missing\/x\.jks: no such file or directory/);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a failed verification leaves the original untouched and no temporary file", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "original");
    const options: SaveOptions = { verify: () => { throw new Error("re-read failed"); } };
    expectError(() => saveFileAtomic(path, encode("new"), options), "IO", /cannot write .*store\.jks: re-read failed: nothing was changed/);
    expect(readFileSync(path, "utf8")).toBe("original");
    expect(readdirSync(dir)).toEqual(["store.jks"]);
  });
});

describe("saveFileAtomic: the snapshot check", () => {
  it("refuses with CONFLICT when the file changed after it was read, keeping the other writer's bytes", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "version 1");
    const { snapshot } = readFileBounded(path, { maxBytes: 1000, what: "keystore" });
    writeFileSync(path, "version 2 by keytool");
    expectError(() => saveFileAtomic(path, encode("mine"), { expected: snapshot }), "CONFLICT", /changed while it was being edited .*nothing was written/);
    expect(readFileSync(path, "utf8")).toBe("version 2 by keytool");
    expect(leftovers(dir)).toEqual([]);
  });

  it("a new file that someone else created meanwhile is not overwritten", () => {
    const dir = tempDir();
    const path = join(dir, "new.jks");
    writeFileSync(path, "theirs");
    expectError(() => saveFileAtomic(path, encode("mine"), { expected: "absent" }), "CONFLICT");
    expect(readFileSync(path, "utf8")).toBe("theirs");
  });

  it("an unchanged file (same bytes, touched) is saved", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "v1");
    const { snapshot } = readFileBounded(path, { maxBytes: 1000, what: "keystore" });
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    saveFileAtomic(path, encode("v2"), { expected: snapshot });
    expect(readFileSync(path, "utf8")).toBe("v2");
  });
});

describe("saveFileAtomic: leftovers of killed saves", () => {
  it("sweeps temporary files of dead processes and old ones; keeps a live one and reports a .bak", () => {
    const dir = tempDir();
    const path = join(dir, "store.jks");
    writeFileSync(path, "old");
    const dead = join(dir, ".store.jks.999999999.aaaaaaaaaaaa.tmp");
    const legacy = join(dir, ".store.jks.bbbbbbbbbbbb.tmp");
    const live = join(dir, `.store.jks.${process.pid}.cccccccccccc.tmp`);
    const backup = join(dir, ".store.jks.999999999.dddddddddddd.bak");
    const unrelated = join(dir, ".other.jks.999999999.eeeeeeeeeeee.tmp");
    for (const file of [dead, legacy, live, backup, unrelated]) writeFileSync(file, "x");
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(legacy, old, old);
    const report = saveFileAtomic(path, encode("new"));
    expect(readdirSync(dir).sort()).toEqual([backup, live, unrelated, path].map((p) => p.slice(dir.length + 1)).sort());
    expect(report.notes.join("\n")).toContain(`${backup} holds the old contents`);
  });
});

describe("bounded reads", () => {
  it("refuses a FIFO without waiting for a writer, a device, and a sparse 2 GB file before reading", () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo], { stdio: "ignore" });
    expectError(() => readBytes(fifo), "IO", /it is a FIFO \(named pipe\), not a regular file/);
    expectError(() => readBytes("/dev/zero"), "IO", /\/dev\/zero: it is a character device/);
    const sparse = join(dir, "sparse.jks");
    writeFileSync(sparse, "");
    truncateSync(sparse, 2 * 1024 ** 3);
    expectError(() => openKeystoreFile(sparse), "LIMIT", /2147483648 bytes, above the keystore limit of 268435456 bytes: not read/);
    expectError(() => openKeystoreFile(join(dir, "small.jks"), { limits: { maxStoreFileBytes: 1 } }), "IO", /no such file/);
    writeFileSync(join(dir, "small.jks"), "ab");
    expectError(() => openKeystoreFile(join(dir, "small.jks"), { limits: { maxStoreFileBytes: 1 } }), "LIMIT");
  });
});

describe("editKeystoreFile", () => {
  it("creates, edits under the lock, and leaves no lock behind", async () => {
    const dir = tempDir();
    const path = join(dir, "trust.jks");
    await editKeystoreFile(path, { password: "changeit", create: () => new Keystore({ format: "JKS" }) }, (store) => {
      store.set({ type: "trustedCert", alias: "ca", created: new Date(), certificate: readCertificates(caPem)[0]! });
    });
    const saved = await editKeystoreFile(path, { password: "changeit" }, (store) => void store.rename("ca", "my-ca"));
    expect(saved.method).toBe("replaced");
    expect(openKeystoreFile(path, { password: "changeit" }).store.aliases()).toEqual(["my-ca"]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a store of certificates only is written as public (umask), one with keys 0600", () => {
    const dir = tempDir();
    const path = join(dir, "fresh.jks");
    withUmask(0o022, () => saveKeystoreFile(path, new Keystore({ format: "JKS" }), { format: "JKS", password: "changeit" }));
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });
});
