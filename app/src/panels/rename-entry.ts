// Rename an entry (keytool -changealias): a taken alias is refused with the library's message.
import type { AppContext } from "../context.js";
import { renameEntry } from "../actions/entries.js";
import { aliasSelect, done, edit, field, onSubmit, panelForm, requireStore, showPanel, textInput } from "./ui.js";

/** Opens the "Rename" panel (registered in index.ts as "rename-entry"). */
export function openRenameEntry(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const from = aliasSelect(ctx, opened.store, "alias");
  const to = textInput("new-alias", { required: true });
  const parts = panelForm("rename-entry", "Rename entry", [field("Entry", from), field("New alias", to, opened.store.caseSensitiveAliases ? undefined : "Java stores aliases in lower case")], "Rename");
  const dialog = showPanel(ctx, "Rename entry", parts);
  onSubmit(ctx, parts, async () => {
    const renamed = await edit(ctx, `Rename ${from.value}`, (draft) => renameEntry(draft, from.value, to.value));
    done(ctx, `Renamed <${from.value}> to <${renamed}>`);
    ctx.select(renamed);
    dialog.close();
  });
}
