// Diff: a second store file (and its password) against the open one, by certificate fingerprint
// (TrustStore.diff), side by side: removed, added, changed.
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { diffRows, openOther } from "../actions/checks.js";
import { field, onSubmit, panelForm, passwordInput, readOne, requireStore, showPanel, sourceInput } from "./ui.js";

/** Opens the "Diff" panel (registered in index.ts as "diff"). */
export function openDiffStores(ctx: AppContext): void {
  const other = sourceInput("other", "The other store (any format keystorekit reads)", { accept: ".jks,.jceks,.p12,.pfx,.bks,.uber,.ks,.keystore,.truststore,.pem" });
  const password = passwordInput("other-password");
  const parts = panelForm("diff", "Diff with another store", [other.element, field("Its password", password, "Empty: read without the integrity check")], "Compare");
  showPanel(ctx, "Diff with another store", parts);
  onSubmit(ctx, parts, async () => {
    const input = await readOne(other, "the other store");
    const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
    const opened = requireStore(ctx);
    const { rows } = diffRows(opened.store, await openOther(bytes, password.value || undefined));
    if (rows.length === 0) {
      parts.result.replaceChildren(h("p", { "data-testid": "diff-same" }, "Same trusted certificates in both stores."));
      return;
    }
    parts.result.replaceChildren(
      h(
        "table",
        { class: "diff", "data-testid": "diff-table" },
        h("caption", {}, `${opened.fileName} (left) and the other store (right)`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Change"), h("th", { scope: "col" }, "Alias"), h("th", { scope: "col" }, opened.fileName), h("th", { scope: "col" }, "Other store"))),
        h("tbody", {}, ...rows.map((row) => h("tr", { "data-change": row.change, class: `diff-${row.change}` }, h("td", {}, row.change), h("td", {}, row.alias), h("td", {}, row.left || "—"), h("td", {}, row.right || "—")))),
      ),
    );
  });
}
