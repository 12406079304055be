// Change the store password and a key's password (the shell saves with OpenedStore.password and
// keyPasswords); each change is one undoable step.
import { KeystoreError } from "keystorekit";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { changeKeyPassword, changeStorePassword } from "../actions/passwords.js";
import { aliasSelect, done, edit, field, onSubmit, panelForm, passwordInput, requireStore, showPanel } from "./ui.js";

function confirmed(fresh: HTMLInputElement, again: HTMLInputElement): string {
  if (fresh.value !== again.value) throw new KeystoreError("INVALID_ARGUMENT", "The two new passwords differ (keytool: \"They don't match. Try again\")");
  return fresh.value;
}

/** Opens the "Passwords" panel (registered in index.ts as "change-passwords"). */
export function openChangePasswords(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const storeNew = passwordInput("store-password", { autocomplete: "new-password" });
  const storeAgain = passwordInput("store-password-again", { autocomplete: "new-password" });
  const storeForm = panelForm("change-store-password", "Store password", [h("h3", {}, "Store password"), field("New store password", storeNew), field("New store password, again", storeAgain)], "Change store password");

  const keys = aliasSelect(ctx, opened.store, "key-alias", (type) => type !== "trustedCert");
  const keyCurrent = passwordInput("key-current");
  const keyNew = passwordInput("key-password", { autocomplete: "new-password" });
  const keyAgain = passwordInput("key-password-again", { autocomplete: "new-password" });
  const keyForm = panelForm(
    "change-key-password",
    "Key password",
    [h("h3", {}, "Key password"), field("Key entry", keys), field("Current key password", keyCurrent, "Empty: the key's known password, else the store password"), field("New key password", keyNew), field("New key password, again", keyAgain)],
    "Change key password",
  );
  const body = h("div", { "data-panel": "change-passwords" }, storeForm.form, opened.store.format === "JKS" || opened.store.format === "JCEKS" ? keyForm.form : h("p", {}, `${opened.store.format} keeps one password for the store and its keys.`));
  const dialog = ctx.dialog("Change passwords", body);
  storeForm.cancel.addEventListener("click", () => dialog.close());
  keyForm.cancel.addEventListener("click", () => dialog.close());
  onSubmit(ctx, storeForm, async () => {
    const fresh = confirmed(storeNew, storeAgain);
    const notes = await edit(ctx, "Change store password", (draft) => changeStorePassword(draft, fresh));
    done(ctx, "Keystore password changed (it takes effect when saved)");
    for (const note of notes) ctx.notify("warning", note);
    storeForm.result.textContent = ["Keystore password changed.", ...notes].join(" ");
  });
  onSubmit(ctx, keyForm, async () => {
    const fresh = confirmed(keyNew, keyAgain);
    const alias = await edit(ctx, `Change key password of ${keys.value}`, (draft) => changeKeyPassword(draft, keys.value, fresh, keyCurrent.value));
    done(ctx, `Key password of <${alias}> changed (it takes effect when saved)`);
    keyForm.result.textContent = `Key password of <${alias}> changed.`;
  });
}
