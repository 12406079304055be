// Import a key pair: a PEM/DER key (passphrase for an encrypted one) with its chain, or the key
// entries of a PKCS#12 file (with its password). A key that does not match its certificate shows
// the library's KEY_MISMATCH message.
import { KeystoreError } from "keystorekit";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { importKeyPair, importPkcs12Keys } from "../actions/key-pair.js";
import { done, edit, field, onSubmit, panelForm, passwordInput, readOne, showPanel, sourceInput, textInput, uid } from "./ui.js";

/** Opens the "Import key pair" panel (registered in index.ts as "import-key-pair"). */
export function openImportKeyPair(ctx: AppContext): void {
  const group = uid("mode");
  const radio = (value: string, label: string, checked: boolean) => {
    const input = h("input", { type: "radio", name: group, value, checked, "data-testid": `mode-${value}`, id: uid(value) });
    return { input, element: h("div", { class: "choice" }, input, h("label", { for: input.id }, label)) };
  };
  const pemMode = radio("pem", "PEM key and certificate chain", true);
  const p12Mode = radio("pkcs12", "PKCS#12 file (its key entries)", false);

  const key = sourceInput("key", "Private key (PKCS#8, PKCS#1, SEC1, encrypted or not; PEM or DER)", { accept: ".pem,.key,.der,.p8" });
  const passphrase = passwordInput("passphrase");
  const chain = sourceInput("chain", "Certificate chain (leaf and CAs, any order; PEM, DER or PKCS#7)", { accept: ".pem,.crt,.cer,.der,.p7b,.p7c", multiple: true });
  const pemSection = h("div", { "data-testid": "section-pem" }, key.element, field("Key passphrase (encrypted keys)", passphrase), chain.element);

  const p12 = sourceInput("pkcs12", "PKCS#12 file", { accept: ".p12,.pfx" });
  const p12Password = passwordInput("pkcs12-password");
  const p12Section = h("div", { "data-testid": "section-pkcs12", hidden: true }, p12.element, field("PKCS#12 password", p12Password));

  const alias = textInput("alias", { placeholder: "from the certificate's subject" });
  const keyPassword = passwordInput("key-password", { autocomplete: "new-password" });
  const parts = panelForm(
    "import-key-pair",
    "Import key pair",
    [
      h("fieldset", { class: "choices" }, h("legend", {}, "Import from"), pemMode.element, p12Mode.element),
      pemSection,
      p12Section,
      field("Alias", alias, "Empty: made from the certificate (PKCS#12: the file's aliases)"),
      field("Key password in this store", keyPassword, "Empty: the store password (PKCS12 keeps one password)"),
    ],
    "Import",
  );
  const toggle = () => {
    pemSection.hidden = !pemMode.input.checked;
    p12Section.hidden = !p12Mode.input.checked;
  };
  pemMode.input.addEventListener("change", toggle);
  p12Mode.input.addEventListener("change", toggle);
  const dialog = showPanel(ctx, "Import key pair", parts);
  onSubmit(ctx, parts, async () => {
    let imported;
    if (p12Mode.input.checked) {
      const bytes = await readOne(p12, "a PKCS#12 file");
      if (typeof bytes === "string") throw new KeystoreError("INVALID_ARGUMENT", "A PKCS#12 file is binary: choose or drop the .p12 file");
      imported = await edit(ctx, "Import key pairs from PKCS#12", (draft) => importPkcs12Keys(draft, bytes, p12Password.value, { alias: alias.value, keyPassword: keyPassword.value }));
    } else {
      const keyInput = await readOne(key, "the private key");
      const certificates = await chain.read();
      imported = await edit(ctx, "Import key pair", (draft) => importKeyPair(draft, { key: keyInput, passphrase: passphrase.value, certificates, alias: alias.value, keyPassword: keyPassword.value }));
    }
    done(ctx, [`Imported key pair${imported.aliases.length === 1 ? "" : "s"} ${imported.aliases.map((a) => `<${a}>`).join(", ")}`, ...imported.warnings].join("; "), imported.warnings.length > 0 ? "warning" : "info");
    if (imported.aliases[0]) ctx.select(imported.aliases[0]);
    dialog.close();
  });
}
