import { describe, expect, test } from "vitest";
import { Keystore, readCertificates } from "../../src/index.js";
import { addCertificates, allAlreadyTrusted, certificatesOf, describeAdded } from "../../app/src/actions/certificates.js";
import { deleteEntry, renameEntry } from "../../app/src/actions/entries.js";
import { fixture, fixtureText, opened } from "./actions-helpers.js";

describe("add certificates", () => {
  test("PEM, DER and PKCS#7 inputs become trusted entries with aliases from the subject", () => {
    const store = new Keystore({ format: "JKS" });
    const der = readCertificates(fixtureText("certs/server.pem"))[0]!.der;
    const certificates = certificatesOf([fixtureText("certs/ca.pem"), der, fixture("keys/chain/reply-rsa2048.p7b")]);
    expect(certificates.length).toBeGreaterThan(2);
    const result = addCertificates(store, certificates);
    expect(result.added.map((a) => a.alias)).toContain("keystorekit-test-ca");
    expect(result.added.map((a) => a.alias)).toContain("localhost");
    expect(store.size).toBe(result.added.length);
    expect(store.entries().every((entry) => entry.type === "trustedCert")).toBe(true);
  });

  test("a certificate already trusted is reported as a duplicate, not added twice", () => {
    const store = new Keystore({ format: "PKCS12" });
    addCertificates(store, certificatesOf([fixtureText("certs/ca.pem")]));
    const again = addCertificates(store, certificatesOf([fixtureText("certs/ca.pem"), fixtureText("certs/server.pem")]));
    expect(again.duplicates).toEqual([{ subject: "CN=keystorekit test CA,O=keystorekit", existingAlias: "keystorekit-test-ca" }]);
    expect(again.added.map((a) => a.alias)).toEqual(["localhost"]);
    expect(store.size).toBe(2);
    expect(describeAdded(again)).toContain("Certificate already exists in keystore under alias <keystorekit-test-ca>");
    // All of them trusted already: the same report, without touching the store.
    const revision = store.revision;
    expect(allAlreadyTrusted(store, certificatesOf([fixtureText("certs/server.pem"), fixtureText("certs/ca.pem")]))).toEqual({
      added: [],
      duplicates: [
        { subject: "CN=localhost,O=keystorekit", existingAlias: "localhost" },
        { subject: "CN=keystorekit test CA,O=keystorekit", existingAlias: "keystorekit-test-ca" },
      ],
    });
    expect(store.revision).toBe(revision);
    expect(allAlreadyTrusted(store, certificatesOf([fixtureText("certs/ed25519.pem"), fixtureText("certs/ca.pem")]))).toBeUndefined();
  });

  test("a given alias names a single certificate; a taken one is keytool's error", () => {
    const store = new Keystore({ format: "JKS" });
    addCertificates(store, certificatesOf([fixtureText("certs/ca.pem")]), { alias: "MyCA" });
    expect(store.aliases()).toEqual(["myca"]);
    expect(() => addCertificates(store, certificatesOf([fixtureText("certs/server.pem")]), { alias: "myca" })).toThrow("Certificate not imported, alias <myca> already exists");
  });

  test("garbage is refused with the library's error", () => {
    expect(() => certificatesOf(["hello"])).toThrow(/No certificate found/);
  });
});

describe("delete and rename", () => {
  test("rename keeps the place and moves the key password; delete drops both", () => {
    const draft = opened("jks/j17-keypass.jks");
    draft.keyPasswords.set("rsa", "keypass1");
    const before = draft.store.aliases();
    expect(renameEntry(draft, "rsa", "Server")).toBe("server");
    expect(draft.store.aliases()).toEqual(before.map((a) => (a === "rsa" ? "server" : a)));
    expect(draft.keyPasswords.get("server")).toBe("keypass1");
    expect(draft.keyPasswords.has("rsa")).toBe(false);
    expect(deleteEntry(draft, "SERVER")).toBe("server");
    expect(draft.store.has("server")).toBe(false);
    expect(draft.keyPasswords.size).toBe(0);
  });

  test("rename onto a taken alias is refused with the library's message; unknown aliases are NOT_FOUND", () => {
    const draft = opened("jks/j17-keypass.jks");
    expect(() => renameEntry(draft, "rsa", "ca")).toThrow("Alias <ca> already exists");
    expect(draft.store.has("rsa")).toBe(true);
    expect(() => deleteEntry(draft, "nope")).toThrow("Alias <nope> does not exist");
    expect(() => renameEntry(draft, "nope", "x")).toThrow("Alias <nope> does not exist");
  });
});
