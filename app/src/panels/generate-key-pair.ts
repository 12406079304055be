// Generate a key pair with a self-signed certificate (keytool -genkeypair), and "Create CSR" for a
// key entry (keytool -certreq), PEM to copy or download.
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { createCsrPem, generateKeyEntry, KEY_TYPES, type ExtensionFields, type KeyTypeId } from "../actions/generate.js";
import { aliasSelect, done, edit, field, onSubmit, panelForm, passwordInput, pemOutput, requireStore, select, showPanel, textInput } from "./ui.js";

/** The SAN / EKU / more -ext fields both forms (and sign-csr) share. */
export function extensionFields(): { elements: HTMLElement[]; read(): ExtensionFields } {
  const san = textInput("san", { placeholder: "dns:example.com,ip:127.0.0.1" });
  const eku = textInput("eku", { placeholder: "serverAuth,clientAuth" });
  const more = h("textarea", { name: "ext", "data-testid": "input-ext", rows: 2, spellcheck: "false", placeholder: "BC:c=ca:true\nKU=keyCertSign,cRLSign" });
  return {
    elements: [
      field("Subject alternative names (SAN)", san, "keytool -ext SAN=…: dns:, ip:, email:, uri:"),
      field("Extended key usage (EKU)", eku, "keytool -ext EKU=…"),
      field("More -ext options, one a line", more, "keytool's -ext syntax"),
    ],
    read: () => ({ san: san.value, eku: eku.value, more: more.value }),
  };
}

/** The "no WebCrypto" note, where key generation and signing cannot work. */
function webCryptoNote(ctx: AppContext): HTMLElement | null {
  return ctx.hasWebCrypto() ? null : h("p", { class: "warning", role: "note" }, "This page has no WebCrypto (crypto.subtle): browsers offer it only on https:// or localhost pages, and keys cannot be generated or used for signing without it.");
}

/** Opens the "Generate key pair" panel (registered in index.ts as "generate-key-pair"). */
export function openGenerateKeyPair(ctx: AppContext): void {
  const alias = textInput("alias", { required: true });
  const keyType = select("key-type", KEY_TYPES.map((t) => ({ value: t.id, label: t.label })), "ec-p256");
  const dname = textInput("dname", { required: true, placeholder: "CN=example.com, O=Example, C=US" });
  const validity = textInput("validity", { type: "number", value: "90" });
  validity.min = "1";
  const extensions = extensionFields();
  const keyPassword = passwordInput("key-password", { autocomplete: "new-password" });
  const parts = panelForm(
    "generate-key-pair",
    "Generate key pair",
    [webCryptoNote(ctx), field("Alias", alias), field("Key type", keyType), field("Distinguished name (-dname)", dname), field("Validity (days)", validity), ...extensions.elements, field("Key password in this store", keyPassword, "Empty: the store password")],
    "Generate",
  );
  const dialog = showPanel(ctx, "Generate key pair", parts);
  onSubmit(ctx, parts, async () => {
    const days = Number(validity.value);
    const entry = await edit(ctx, `Generate key pair ${alias.value}`, (draft) =>
      generateKeyEntry(draft, { alias: alias.value, keyType: keyType.value as KeyTypeId, dname: dname.value, validityDays: Number.isFinite(days) && days > 0 ? days : 90, extensions: extensions.read(), keyPassword: keyPassword.value }),
    );
    done(ctx, `Generated a ${keyType.selectedOptions[0]?.textContent ?? ""} key pair <${entry.alias}> with a self-signed certificate for ${entry.chain[0]?.subject ?? ""}`);
    ctx.select(entry.alias);
    dialog.close();
  });
}

/** Opens the "Create CSR" panel (registered in index.ts as "create-csr"). */
export function openCreateCsr(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const alias = aliasSelect(ctx, opened.store, "alias", (type) => type === "privateKey");
  const dname = textInput("dname", { placeholder: "empty: the certificate's subject" });
  const extensions = extensionFields();
  const keyPassword = passwordInput("key-password");
  const parts = panelForm(
    "create-csr",
    "Create certificate request",
    [webCryptoNote(ctx), field("Key entry", alias), field("Subject (-dname)", dname), ...extensions.elements, field("Key password", keyPassword, "Empty: the key's known password, else the store password")],
    "Create CSR",
  );
  showPanel(ctx, "Create certificate request (CSR)", parts);
  onSubmit(ctx, parts, async () => {
    const pem = await createCsrPem(requireStore(ctx), alias.value, { dname: dname.value, extensions: extensions.read(), keyPassword: keyPassword.value });
    parts.result.replaceChildren(pemOutput(ctx, pem, `${alias.value}.csr`, "Certificate request"));
    ctx.notify("info", `Created a certificate request for <${alias.value}>`);
  });
}
