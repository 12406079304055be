// Sign a CSR with a CA key entry (keytool -gencert): the CSR's signature is verified first by the
// library; the issued chain is offered as PEM (the CA reply to send back).
import type { AppContext } from "../context.js";
import { signCsr } from "../actions/sign-csr.js";
import { extensionFields } from "./generate-key-pair.js";
import { aliasSelect, field, onSubmit, panelForm, passwordInput, pemOutput, readOne, requireStore, showPanel, sourceInput, textInput } from "./ui.js";

/** Opens the "Sign CSR" panel (registered in index.ts as "sign-csr"). */
export function openSignCsr(ctx: AppContext): void {
  const opened = requireStore(ctx);
  const csr = sourceInput("csr", "Certificate request (PEM or DER)", { accept: ".csr,.pem,.der,.p10", placeholder: "-----BEGIN CERTIFICATE REQUEST-----" });
  const ca = aliasSelect(ctx, opened.store, "ca-alias", (type) => type === "privateKey");
  const validity = textInput("validity", { type: "number", value: "90" });
  const extensions = extensionFields();
  const keyPassword = passwordInput("key-password");
  const parts = panelForm(
    "sign-csr",
    "Sign certificate request",
    [csr.element, field("CA key entry", ca), field("Validity (days)", validity), ...extensions.elements, field("CA key password", keyPassword, "Empty: the key's known password, else the store password")],
    "Sign",
  );
  showPanel(ctx, "Sign a certificate request", parts);
  onSubmit(ctx, parts, async () => {
    const days = Number(validity.value);
    const { issued, pem } = await signCsr(requireStore(ctx), {
      csr: await readOne(csr, "a certificate request"),
      caAlias: ca.value,
      validityDays: Number.isFinite(days) && days > 0 ? days : 90,
      extensions: extensions.read(),
      keyPassword: keyPassword.value,
    });
    parts.result.replaceChildren(pemOutput(ctx, pem, "issued-chain.pem", "Issued certificate chain"));
    ctx.notify("info", `Issued a certificate for ${issued.certificate.subject} (serial ${issued.certificate.serialNumber}), signed by ${issued.certificate.issuer}`);
  });
}
