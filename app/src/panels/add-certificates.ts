// Add certificates: paste PEM, or choose/drop .pem/.crt/.cer/.der/.p7b files; aliases from the
// certificate; certificates already trusted are reported, not added twice.
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { addCertificates, allAlreadyTrusted, certificatesOf, describeAdded } from "../actions/certificates.js";
import { done, edit, field, onSubmit, panelForm, requireStore, showPanel, sourceInput, textInput } from "./ui.js";

/** Opens the "Add certificates" panel (registered in index.ts as "add-certificates"). */
export function openAddCertificates(ctx: AppContext): void {
  const source = sourceInput("certificates", "Certificates", { accept: ".pem,.crt,.cer,.der,.p7b,.p7c", multiple: true });
  const alias = textInput("alias", { placeholder: "from the certificate's subject" });
  const parts = panelForm(
    "add-certificates",
    "Add certificates",
    [source.element, field("Alias (one certificate only)", alias, "Empty: made from the subject's CN, numbered when taken")],
    "Add",
  );
  onSubmit(ctx, parts, async () => {
    const certificates = certificatesOf(await source.read());
    // Nothing new: say so without an undo step that changes nothing.
    const result = allAlreadyTrusted(requireStore(ctx).store, certificates) ?? (await edit(ctx, "Add certificates", (draft) => addCertificates(draft.store, certificates, { alias: alias.value })));
    const message = describeAdded(result);
    if (result.added.length === 0) ctx.notify("warning", message);
    else done(ctx, message, result.duplicates.length > 0 ? "warning" : "info");
    parts.result.replaceChildren(h("p", { "data-testid": "add-result" }, message));
    const first = result.added[0];
    if (first) ctx.select(first.alias);
  });
  showPanel(ctx, "Add certificates", parts);
}
