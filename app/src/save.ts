// Saving: a format among the writable ones, a PKCS#12 profile (weak ones warned about plainly),
// a password where the store has none, and a file name; the bytes are offered for download.
import type { KeystoreFormat, Pkcs12ProfileName, WritableFormat } from "keystorekit";
import type { AppContext } from "./context.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { loaded } from "./library.js";
import { errorText } from "./status.js";

const EXTENSIONS: Partial<Record<KeystoreFormat, string>> = { JKS: ".jks", JCEKS: ".jceks", PKCS12: ".p12", PEM: ".pem", BKS: ".bks", UBER: ".uber" };

export const WEAK_PROFILES: Partial<Record<Pkcs12ProfileName, string>> = {
  "java-legacy": "Weak: 3DES keys, RC2-40 certificates and a SHA-1 MAC. Only for Java 8 or old OpenSSL that cannot read the modern profile.",
  "openssl-legacy": "Weak: 3DES keys, RC2-40 certificates and a SHA-1 MAC. Only for old OpenSSL that cannot read the modern profile.",
  passwordless: "No integrity check and certificates in the clear: anyone can read and change the certificates without a password (keys stay encrypted). Meant for trust stores such as cacerts.",
};

/** `name` with its extension replaced by the format's. */
export function fileNameFor(name: string, format: KeystoreFormat, originalFormat: KeystoreFormat): string {
  if (format === originalFormat) return name;
  const base = name.replace(/\.[A-Za-z0-9]{1,6}$/, "");
  return `${base}${EXTENSIONS[format] ?? ""}`;
}

export function openSaveDialog(ctx: AppContext, saved: () => void): void {
  const opened = ctx.current();
  if (!opened) return;
  const kk = loaded();
  const formats = kk.writableFormats();
  const format = h("select", { id: "save-format" }, ...formats.map((name) => h("option", { value: name, selected: name === opened.format }, name === "PKCS12" ? "PKCS#12" : name)));
  if (!(formats as string[]).includes(opened.format)) format.value = "PKCS12";
  const profile = h(
    "select",
    { id: "save-profile", "aria-describedby": "save-profile-about" },
    ...Object.values(kk.PKCS12_PROFILES).map((p) => h("option", { value: p.name, selected: p.name === (opened.store.passwordless ? "passwordless" : "java") }, p.name)),
  );
  const profileAbout = h("p", { id: "save-profile-about", class: "small" });
  const profileWarning = h("p", { id: "save-warning", class: "warning", role: "note", hidden: true });
  const profileField = h("div", { class: "field" }, h("label", { for: "save-profile" }, "PKCS#12 profile"), profile, profileAbout, profileWarning);
  const password = h("input", { type: "password", id: "save-password", autocomplete: "new-password", value: opened.password ?? "" });
  const passwordHelp = h("p", { id: "save-password-help", class: "small" }, opened.password === undefined ? "The store was opened without a password: give the password to protect the saved file with." : "The store password (kept from opening; change it here to save under a new one).");
  password.setAttribute("aria-describedby", "save-password-help");
  const name = h("input", { type: "text", id: "save-name", value: opened.fileName, autocomplete: "off", spellcheck: false });
  const problem = h("p", { id: "save-error", role: "alert", class: "error", hidden: true });
  const submit = h("button", { type: "submit", class: "primary", id: "save-submit" }, "Download");
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h(
    "form",
    { id: "save-form" },
    h("div", { class: "field" }, h("label", { for: "save-format" }, "Format"), format),
    profileField,
    h("div", { class: "field" }, h("label", { for: "save-password" }, "Store password"), password, passwordHelp),
    h("div", { class: "field" }, h("label", { for: "save-name" }, "File name"), name),
    problem,
    h("div", { class: "buttons" }, cancel, submit),
  );

  let lastFormat = format.value as KeystoreFormat;
  const update = () => {
    const chosen = format.value as KeystoreFormat;
    profileField.hidden = chosen !== "PKCS12";
    const p = kk.PKCS12_PROFILES[profile.value as Pkcs12ProfileName];
    profileAbout.textContent = p.description;
    const weak = chosen === "PKCS12" ? WEAK_PROFILES[p.name] : undefined;
    profileWarning.textContent = weak ?? "";
    profileWarning.hidden = weak === undefined;
    if (chosen !== lastFormat) {
      name.value = fileNameFor(name.value, chosen, lastFormat);
      lastFormat = chosen;
    }
  };
  format.addEventListener("change", update);
  profile.addEventListener("change", update);
  name.value = fileNameFor(opened.fileName, format.value as KeystoreFormat, opened.format);
  lastFormat = format.value as KeystoreFormat;
  update();

  const dialog = ctx.dialog("Save keystore", form);
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = format.value as WritableFormat;
    const profileName = profile.value as Pkcs12ProfileName;
    if (password.value === "" && !(chosen === "PKCS12" && profileName === "passwordless") && chosen !== "PEM") {
      problem.textContent = "Give a store password: the saved file is protected with it (only the PKCS#12 passwordless profile and PEM need none).";
      problem.hidden = false;
      password.focus();
      return;
    }
    submit.disabled = true;
    const keyPasswords = Object.fromEntries(opened.keyPasswords);
    kk.encodeKeystoreAsync(opened.store, { format: chosen, password: password.value, keyPasswords, ...(chosen === "PKCS12" ? { profile: profileName } : {}) }).then(
      (bytes) => {
        ctx.download(name.value.trim() || fileNameFor(opened.fileName, chosen, opened.format), bytes, chosen === "PEM" ? "application/x-pem-file" : "application/octet-stream");
        dialog.close();
        saved();
        ctx.notify("info", `Saved ${name.value} as ${chosen === "PKCS12" ? `PKCS#12 (${profileName})` : chosen}.`);
      },
      (error: unknown) => {
        submit.disabled = false;
        problem.textContent = `Could not save: ${errorText(error)}`;
        problem.hidden = false;
      },
    );
  });
}
