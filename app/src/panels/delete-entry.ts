// Delete an entry (the selected one, or one chosen from the list), undoable until saved.
import type { AppContext } from "../context.js";
import { deleteEntry } from "../actions/entries.js";
import { aliasSelect, done, edit, field, onSubmit, panelForm, requireStore, showPanel } from "./ui.js";

/** Opens the "Delete" panel (registered in index.ts as "delete-entry"). */
export function openDeleteEntry(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const alias = aliasSelect(ctx, opened.store, "alias");
  const parts = panelForm("delete-entry", "Delete entry", [field("Entry", alias)], "Delete");
  const dialog = showPanel(ctx, "Delete entry", parts);
  onSubmit(ctx, parts, async () => {
    const deleted = await edit(ctx, `Delete ${alias.value}`, (draft) => deleteEntry(draft, alias.value));
    done(ctx, `Deleted <${deleted}>`);
    dialog.close();
  });
}
