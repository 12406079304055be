// Opening a file: sniff the format, say what it is, ask for the store password (empty: read
// without the integrity check), and retry on a wrong password with Java's message.
import type { KeystoreFormat } from "keystorekit";
import type { OpenedStore } from "./context.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { library } from "./library.js";
import { errorText } from "./status.js";

/** The format in words, as the page says it. */
export const FORMAT_WORDS: Record<KeystoreFormat, string> = {
  JKS: "a Java KeyStore (JKS), Java's original keystore format",
  JCEKS: "a JCEKS keystore (Java's SunJCE format, which can also hold secret keys)",
  PKCS12: "a PKCS#12 file (.p12/.pfx), Java's default keystore type since Java 9",
  BKS: "a BouncyCastle keystore (BKS or UBER)",
  UBER: "a BouncyCastle UBER keystore (encrypted as a whole)",
  PEM: "PEM text (certificates, and possibly keys)",
};

export const TAMPERED = "Keystore was tampered with, or password was incorrect";

/** What the page says about how the store was read. */
export function integrityWords(opened: OpenedStore): string {
  if (opened.integrity === "verified") return "Integrity verified with the store password.";
  if (opened.integrity === "unchecked") {
    const pkcs12 = opened.format === "PKCS12" ? " PKCS#12 encrypts certificates with the password, so encrypted certificates are not shown." : "";
    return `Read without its integrity check (no password was given): nothing proves the file was not altered.${pkcs12}`;
  }
  return "This format has no integrity check.";
}

/** Reads `file` and asks for the password; resolves with the opened store, or undefined when cancelled. */
export async function openFile(file: File): Promise<OpenedStore | undefined> {
  const kk = await library();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = kk.sniffFormat(bytes);
  if (format === null) throw new kk.KeystoreError("UNSUPPORTED", `${file.name} is not a keystore format this page reads (JKS, JCEKS, PKCS#12, BKS, UBER or PEM).`);

  const decode = async (password: string): Promise<OpenedStore> => {
    const store = await kk.decodeKeystoreAsync(bytes, password === "" ? {} : { password });
    return { fileName: file.name, format: store.format, store, password: password === "" ? undefined : password, integrity: store.integrity, keyPasswords: new Map() };
  };
  // PEM has no store password: ask only when a key in it is encrypted.
  if (format === "PEM") {
    try {
      return await decode("");
    } catch (error) {
      if (!(kk.isKeystoreError(error) && error.code === "PASSWORD_REQUIRED")) throw error;
    }
  }
  return promptPassword(file.name, FORMAT_WORDS[format], decode, (error) => {
    if (kk.isKeystoreError(error) && error.code === "INTEGRITY") {
      return error.message === TAMPERED ? TAMPERED : `${TAMPERED}. (${error.message})`;
    }
    return errorText(error);
  });
}

function promptPassword(fileName: string, words: string, decode: (password: string) => Promise<OpenedStore>, explain: (error: unknown) => string): Promise<OpenedStore | undefined> {
  return new Promise((resolve) => {
    let result: OpenedStore | undefined;
    const input = h("input", { type: "password", id: "store-password", name: "password", autocomplete: "off", "aria-describedby": "store-password-help" });
    const problem = h("p", { id: "open-error", role: "alert", class: "error", hidden: true });
    const submit = h("button", { type: "submit", class: "primary", id: "open-submit" }, "Open");
    const cancel = h("button", { type: "button", id: "open-cancel" }, "Cancel");
    const form = h(
      "form",
      { id: "password-form" },
      h("p", { id: "sniffed" }, `${fileName} is ${words}.`),
      h("div", { class: "field" }, h("label", { for: "store-password" }, "Store password"), input),
      h("p", { id: "store-password-help", class: "small" }, "Leave it empty to read the store without checking its integrity (as Java's load(in, null))."),
      problem,
      h("div", { class: "buttons" }, cancel, submit),
    );
    const dialog = openDialog(`Open ${fileName}`, form);
    input.focus();
    cancel.addEventListener("click", () => dialog.close());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit.disabled = true;
      decode(input.value).then(
        (opened) => {
          result = opened;
          dialog.close();
        },
        (error: unknown) => {
          submit.disabled = false;
          problem.textContent = explain(error);
          problem.hidden = false;
          input.select();
          input.focus();
        },
      );
    });
    void dialog.closed.then(() => resolve(result));
  });
}
