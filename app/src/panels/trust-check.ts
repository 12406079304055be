// "Would Java trust this chain?": a pasted or dropped chain against the open store as trust store,
// with Java's own message on failure. Without WebCrypto the page says signatures cannot be
// checked here rather than report a false failure.
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { checkTrust, NO_WEBCRYPTO_MESSAGE } from "../actions/checks.js";
import { field, onSubmit, panelForm, readOne, requireStore, showPanel, sourceInput, textInput } from "./ui.js";

/** Opens the "Trust check" panel (registered in index.ts as "trust-check"). */
export function openTrustCheck(ctx: AppContext): void {
  const chain = sourceInput("chain", "Chain, leaf first as the server sends it (PEM, DER or PKCS#7)", { accept: ".pem,.crt,.cer,.der,.p7b,.p7c" });
  const host = textInput("host", { placeholder: "optional: example.com or 192.0.2.1" });
  const parts = panelForm(
    "trust-check",
    "Would Java trust this chain?",
    [ctx.hasWebCrypto() ? null : h("p", { class: "warning", role: "note" }, NO_WEBCRYPTO_MESSAGE), chain.element, field("Host name (Java's HTTPS host check)", host)],
    "Check",
  );
  showPanel(ctx, "Would Java trust this chain?", parts);
  onSubmit(ctx, parts, async () => {
    parts.result.replaceChildren();
    const answer = await checkTrust(requireStore(ctx).store, await readOne(chain, "a certificate chain"), { host: host.value });
    if (answer.kind === "unchecked") {
      parts.result.replaceChildren(h("p", { "data-testid": "trust-verdict", "data-verdict": "unchecked", class: "warning" }, answer.message));
      return;
    }
    const { result } = answer;
    parts.result.replaceChildren(
      h(
        "div",
        { "data-testid": "trust-verdict", "data-verdict": result.trusted ? "trusted" : "untrusted", "data-code": result.code, class: result.trusted ? "verdict-ok" : "verdict-fail" },
        h("p", {}, h("strong", {}, result.trusted ? "Java would trust this chain." : "Java would not trust this chain."), " ", result.reason),
        result.trusted ? null : h("p", {}, "Java says: ", h("code", { "data-testid": "trust-java-message" }, result.javaMessage)),
        result.path ? h("p", {}, `Path: ${result.path.map((c) => c.subject).join(" → ")}`) : null,
      ),
    );
  });
}
