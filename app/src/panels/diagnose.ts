// The library's diagnose findings for the open store, as Java will use it (trust store or key
// store): severity, what was found, and the Java message it predicts.
import type { Finding } from "keystorekit";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { findingsFor } from "../actions/checks.js";
import { errorMessage, field, requireStore, select } from "./ui.js";

function findingsTable(findings: readonly Finding[]): HTMLElement {
  if (findings.length === 0) return h("p", { "data-testid": "diagnose-clean" }, "Nothing found that Java would trip over.");
  return h(
    "table",
    { class: "findings", "data-testid": "diagnose-findings" },
    h("caption", {}, `${findings.length} finding${findings.length === 1 ? "" : "s"}, errors first`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Severity"), h("th", { scope: "col" }, "Finding"), h("th", { scope: "col" }, "Java says"))),
    h(
      "tbody",
      {},
      ...findings.map((finding) =>
        h(
          "tr",
          { "data-code": finding.code, "data-severity": finding.severity, class: `severity-${finding.severity}` },
          h("td", {}, finding.severity),
          h("td", {}, h("code", {}, finding.code), " ", finding.message, finding.aliases ? h("span", { class: "aliases" }, ` (${finding.aliases.map((a) => `<${a}>`).join(", ")})`) : null),
          h("td", {}, finding.javaMessage ? h("code", { class: "java-message" }, finding.javaMessage) : "—"),
        ),
      ),
    ),
  );
}

/** Opens the "Diagnose" panel (registered in index.ts as "diagnose"). */
export function openDiagnose(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const hasKeys = opened.store.entries().some((entry) => entry.type === "privateKey");
  const role = select("role", [
    { value: "truststore", label: "Trust store (javax.net.ssl.trustStore)" },
    { value: "keystore", label: "Key store (javax.net.ssl.keyStore)" },
  ], hasKeys ? "keystore" : "truststore");
  const output = h("div", { "data-testid": "diagnose-output", "aria-live": "polite" });
  const render = () => {
    try {
      output.replaceChildren(findingsTable(findingsFor(requireStore(ctx), role.value as "truststore" | "keystore")));
    } catch (error) {
      output.replaceChildren(h("p", { role: "alert", "data-testid": "panel-error" }, errorMessage(error)));
      ctx.notify("error", errorMessage(error));
    }
  };
  role.addEventListener("change", render);
  const close = h("button", { type: "button", "data-testid": "panel-cancel" }, "Close");
  const body = h("div", { "data-panel": "diagnose", class: "panel-form" }, field("Java uses the store as", role), output, h("div", { class: "buttons" }, close));
  render();
  const dialog = ctx.dialog("Diagnose", body);
  close.addEventListener("click", () => dialog.close());
}
