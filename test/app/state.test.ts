import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import * as keystorekit from "../../src/index.js";
import { decodeKeystore } from "../../src/index.js";
import { fixture } from "./harness.js";

// The app loads the library lazily; here it is the repository's sources, already loaded.
vi.mock("../../app/src/library.js", () => ({ loaded: () => keystorekit, library: async () => keystorekit }));

import type { OpenedStore } from "../../app/src/context.js";
import { History, copyStore } from "../../app/src/state.js";

function opened(file: string, password?: string): OpenedStore {
  const store = decodeKeystore(new Uint8Array(readFileSync(fixture(file))), password === undefined ? {} : { password });
  return { fileName: file, format: store.format, store, password, integrity: store.integrity, keyPasswords: new Map() };
}

describe("app history (app/src/state.ts)", () => {
  it("copyStore keeps the entries, their order and exact aliases, the format and the flags; edits of the copy leave the original", () => {
    const source = opened("pkcs12/j17-passwordless.p12").store;
    expect(source.passwordless).toBe(true);
    const copy = copyStore(source);
    expect(copy).not.toBe(source);
    expect(copy.aliases()).toEqual(source.aliases());
    expect(copy.entries()).toEqual(source.entries());
    expect([copy.format, copy.integrity, copy.passwordless, copy.caseSensitiveAliases]).toEqual([source.format, source.integrity, true, false]);
    copy.delete(copy.aliases()[0]!);
    expect(copy.size).toBe(source.size - 1);

    const bks = opened("bks/bc.bks", "changeit").store;
    expect(copyStore(bks).caseSensitiveAliases).toBe(true);
    // PKCS#12 certificates outside Java's view travel with the copy.
    const nokeys = opened("java-ignores/openssl-nokeys.p12", "changeit").store;
    expect(copyStore(nokeys).untrustedCertificates).toEqual(nokeys.untrustedCertificates);
    expect(nokeys.untrustedCertificates.length).toBeGreaterThan(0);
  });

  it("edit, undo, redo, dirty; a failing edit changes nothing; a new edit after undo drops the redo branch", async () => {
    const history = new History();
    let changes = 0;
    history.onChange(() => changes++);
    const first = opened("jks/j17-trusted.jks", "changeit");
    history.reset(first);
    expect(history.dirty()).toBe(false);
    await history.edit("delete ca", (draft) => {
      draft.store.delete("ca");
    });
    expect(history.current()!.store.has("ca")).toBe(false);
    expect(first.store.has("ca")).toBe(true);
    expect(history.dirty()).toBe(true);
    expect(history.undoLabel()).toBe("delete ca");

    await expect(history.edit("broken", () => {
      throw new Error("no");
    })).rejects.toThrow("no");
    expect(history.current()!.store.aliases()).toEqual(["ed25519", "server"]);

    expect(history.undo()).toBe(true);
    expect(history.current()).toBe(first);
    expect(history.dirty()).toBe(false);
    expect(history.redo()).toBe(true);
    expect(history.current()!.store.has("ca")).toBe(false);
    history.markSaved();
    expect(history.dirty()).toBe(false);
    expect(history.undo()).toBe(true);
    expect(history.dirty()).toBe(true);

    await history.edit("rename server", (draft) => {
      draft.store.rename("server", "web");
    });
    expect(history.canRedo()).toBe(false);
    expect(history.current()!.store.aliases()).toEqual(["ca", "ed25519", "web"]);
    expect(history.undo() && history.undo()).toBe(false);
    expect(changes).toBe(8); // reset, edit, undo, redo, save, undo, edit, undo (the failed edit and the refused undo tell no one)
  });
});
