// Install a CA reply on a key entry (keytool -importcert on a key alias), with keytool's messages.
import { CA_REPLY_MESSAGES } from "keystorekit";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { installReply } from "../actions/ca-reply.js";
import { aliasSelect, edit, field, onSubmit, panelForm, readOne, requireStore, showPanel, sourceInput } from "./ui.js";

/** Opens the "Install CA reply" panel (registered in index.ts as "install-ca-reply"). */
export function openInstallCaReply(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const alias = aliasSelect(ctx, opened.store, "alias", (type) => type === "privateKey");
  const reply = sourceInput("reply", "CA reply (PEM chain, DER, or PKCS#7 .p7b)", { accept: ".pem,.crt,.cer,.der,.p7b,.p7c" });
  const anyway = h("input", { type: "checkbox", name: "accept-untrusted", "data-testid": "input-accept-untrusted", id: "p-accept-untrusted" });
  const parts = panelForm(
    "install-ca-reply",
    "Install CA reply",
    [field("Key entry", alias), reply.element, h("div", { class: "choice" }, anyway, h("label", { for: anyway.id }, "Install the reply even if its top certificate is not trusted (keytool: “Install reply anyway?”)"))],
    "Install",
  );
  const dialog = showPanel(ctx, "Install CA reply", parts);
  onSubmit(ctx, parts, async () => {
    const input = await readOne(reply, "the CA reply");
    const installed = await edit(ctx, `Install CA reply on ${alias.value}`, (draft) => installReply(draft, alias.value, input, { acceptUntrusted: anyway.checked }));
    for (const message of installed.messages) ctx.notify(message.startsWith(CA_REPLY_MESSAGES.installed) ? "info" : "warning", message);
    ctx.select(installed.alias);
    dialog.close();
  });
}
