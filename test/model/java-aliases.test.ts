import { describe, expect, it } from "vitest";
import {
  Certificate,
  Keystore,
  aliasChanges,
  aliasCollisions,
  decodeKeystore,
  encodeKeystore,
  isKeystoreError,
  renameAliasCollisions,
} from "../../src/index.js";
import { fixtureCertificate, upperCaseJks } from "../helpers/crafted-stores.js";

/**
 * Aliases in Java's case-insensitive formats (issue 12, items 5 and 7): JKS, JCEKS and PKCS#12
 * aliases are written lower-cased, as Java's writers do, and aliases that differ only in case
 * (possible in BKS/UBER) are refused with INVALID_ARGUMENT unless renamed on request.
 */
const ca = new Certificate(fixtureCertificate("ca.pem"));
const server = new Certificate(fixtureCertificate("server.pem"));
const FOLDING = ["JKS", "JCEKS", "PKCS12"] as const;

/** A store as read from BKS: aliases kept exact, "CaseSensitive" beside "casesensitive". */
function bksLike(): Keystore {
  const store = new Keystore({ format: "BKS", caseSensitiveAliases: true });
  store.set({ type: "trustedCert", alias: "CaseSensitive", created: new Date(1000), certificate: ca });
  store.set({ type: "trustedCert", alias: "casesensitive", created: new Date(2000), certificate: server });
  store.set({ type: "trustedCert", alias: "other", created: new Date(3000), certificate: ca });
  return store;
}

describe("aliases that differ only in case", () => {
  it("are found", () => {
    expect(aliasCollisions(bksLike())).toEqual([["CaseSensitive", "casesensitive"]]);
  });

  for (const format of FOLDING) {
    it(`${format}: encoding refuses with INVALID_ARGUMENT naming both`, () => {
      try {
        encodeKeystore(bksLike(), { format, password: "pw" });
        expect.unreachable(`${format} was written`);
      } catch (error) {
        expect(isKeystoreError(error, "INVALID_ARGUMENT")).toBe(true);
        expect((error as Error).message).toContain("<CaseSensitive> and <casesensitive>");
      }
    });

    it(`${format}: renamed on request, every entry survives and is reachable`, () => {
      const store = bksLike();
      expect(renameAliasCollisions(store)).toEqual([{ from: "casesensitive", to: "casesensitive-2" }]);
      const back = decodeKeystore(encodeKeystore(store, { format, password: "pw" }), { password: "pw" });
      expect(back.aliases().sort()).toEqual(["casesensitive", "casesensitive-2", "other"]);
      expect(back.certificates("CaseSensitive")[0]!.sha256).toBe(ca.sha256);
      expect(back.certificates("casesensitive-2")[0]!.sha256).toBe(server.sha256);
    });
  }

  it("renames pick a name free in any case", () => {
    const store = bksLike();
    store.set({ type: "trustedCert", alias: "CaseSensitive-2", created: null, certificate: ca });
    expect(renameAliasCollisions(store)).toEqual([{ from: "casesensitive", to: "casesensitive-3" }]);
    expect(aliasCollisions(store)).toEqual([]);
  });

  it("BKS-like stores without collisions convert, and PEM does not care", () => {
    const store = bksLike();
    store.delete("casesensitive");
    expect(aliasChanges(store, "JKS")).toEqual([{ from: "CaseSensitive", to: "casesensitive" }]);
    expect(aliasChanges(store, "PEM")).toEqual([]);
    expect(encodeKeystore(bksLike(), { format: "PEM", password: "pw" }).length).toBeGreaterThan(0);
  });
});

describe("upper-case aliases written by other tools", () => {
  for (const format of FOLDING) {
    it(`${format}: a pyjks "CAcert" is written as "cacert", and the change is reported`, () => {
      const store = decodeKeystore(upperCaseJks("changeit"), { password: "changeit" });
      expect(store.aliases()).toEqual(["CAcert"]);
      expect(aliasChanges(store, format)).toEqual([{ from: "CAcert", to: "cacert" }]);
      const bytes = encodeKeystore(store, { format, password: "changeit" });
      const back = decodeKeystore(bytes, { password: "changeit" });
      expect(back.aliases()).toEqual(["cacert"]);
      expect(aliasChanges(back, format)).toEqual([]);
    });
  }

  it("an entry replaced under its decoded alias stays one entry", () => {
    const store = decodeKeystore(upperCaseJks("changeit"), { password: "changeit" });
    const entry = store.entry("CAcert");
    store.set({ ...entry, created: new Date(5) });
    expect(store.aliases()).toEqual(["CAcert"]);
    store.rename("CAcert", "Root");
    expect(store.aliases()).toEqual(["root"]);
  });
});
