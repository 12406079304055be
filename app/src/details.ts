// The details of one entry: the whole chain, each certificate's fields and extensions, PEM with
// Copy and Download, and for PKCS#12 the state of Java's trusted-certificate attribute.
import type { Certificate, Entry } from "keystorekit";
import type { AppContext, OpenedStore } from "./context.js";
import { h } from "./dom.js";
import { loaded } from "./library.js";
import { ENTRY_TYPE_NAMES, colonHex, expiryState, keyDescription } from "./fields.js";

function field(label: string, value: Node | string): [HTMLElement, HTMLElement] {
  return [h("dt", {}, label), h("dd", {}, value)];
}

function javaTrustState(opened: OpenedStore, entry: Entry): string | undefined {
  if (opened.format !== "PKCS12") return undefined;
  if (entry.type === "trustedCert") return "Has Java's trusted-certificate attribute (2.16.840.1.113894.746875.1.1): Java lists it as a trustedCertEntry and trusts it.";
  if (entry.type === "privateKey") return "A key entry: Java uses its chain with the key; the chain needs no trusted-certificate attribute.";
  return undefined;
}

function pemActions(ctx: AppContext, pem: string, fileName: string, what: string): HTMLElement {
  const copy = h("button", { type: "button", "data-action": "copy-pem" }, `Copy ${what}`);
  copy.addEventListener("click", () => {
    if (!navigator.clipboard) {
      ctx.notify("error", "This browser does not let the page write to the clipboard here; use Download instead.");
      return;
    }
    navigator.clipboard.writeText(pem).then(
      () => ctx.notify("info", `${what} copied to the clipboard.`),
      () => ctx.notify("error", "The browser did not allow writing to the clipboard; use Download instead."),
    );
  });
  const download = h("button", { type: "button", "data-action": "download-pem" }, `Download ${what}`);
  download.addEventListener("click", () => ctx.download(fileName, pem, "application/x-pem-file"));
  return h("div", { class: "actions" }, copy, download);
}

function certificateView(ctx: AppContext, certificate: Certificate, index: number, count: number, alias: string): HTMLElement {
  const section = h("section", { class: "cert", "aria-label": `Certificate ${index + 1} of ${count}` });
  const state = expiryState(certificate.notAfter);
  const validity = h("span", {}, `${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}`);
  if (state) validity.append(" ", h("span", { class: `tag ${state === "expired" ? "expired" : "expiring"}` }, state === "expired" ? "expired" : "expires within 30 days"));
  const role = index === 0 ? (count > 1 ? "leaf" : "certificate") : index === count - 1 ? "root or last in chain" : "intermediate";
  const list = h(
    "dl",
    {},
    ...field("Subject", certificate.subject),
    ...field("Issuer", certificate.issuer),
    ...field("Serial", colonHex(certificate.serialNumber.length % 2 ? `0${certificate.serialNumber}` : certificate.serialNumber)),
    ...field("Version", `v${loaded().certificateVersion(certificate)}`),
    ...field("Validity", validity),
    ...field("Key", keyDescription(certificate)),
    ...field("Signature", loaded().signatureAlgorithmName(certificate)),
    ...field("SHA-256", h("span", { class: "mono" }, colonHex(certificate.sha256))),
    ...field("SHA-1", h("span", { class: "mono" }, colonHex(certificate.sha1))),
  );
  const extensions = loaded().describeExtensions(certificate);
  const extensionList = h("dl", { class: "extensions" });
  for (const extension of extensions) {
    const values = h("ul", {}, ...extension.values.map((value) => h("li", {}, value)));
    extensionList.append(
      h("dt", { "data-oid": extension.oid }, extension.name, extension.critical ? " (critical)" : ""),
      h("dd", {}, values),
    );
  }
  const pem = certificate.toPem();
  const pemBlock = h("details", {}, h("summary", {}, "PEM"), h("pre", { tabindex: 0 }, pem));
  section.append(
    h("h3", {}, `Certificate ${index + 1} of ${count} (${role})`),
    list,
    h("h4", {}, "Extensions"),
    extensions.length === 0 ? h("p", { class: "small" }, "None (a version 1 certificate, or none set).") : extensionList,
    pemActions(ctx, pem, `${alias}${count > 1 ? `-${index + 1}` : ""}.pem`, "PEM"),
    pemBlock,
  );
  return section;
}

export function renderDetails(ctx: AppContext, container: HTMLElement, opened: OpenedStore, alias: string): void {
  const entry = opened.store.get(alias);
  if (!entry) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  const chain = opened.store.certificates(entry.alias);
  const head = h(
    "dl",
    {},
    ...field("Type", ENTRY_TYPE_NAMES[entry.type]),
    ...field("Created", entry.created ? entry.created.toISOString() : "not recorded (PKCS#12 has no creation date)"),
  );
  if (entry.type === "secretKey") head.append(...field("Algorithm", entry.algorithm ?? entry.key.protected?.keyAlgorithm ?? "sealed with the key (open it with the key password)"));
  const trust = javaTrustState(opened, entry);
  if (trust) head.append(...field("Java trust", trust));
  if (entry.javaIgnores) head.append(...field("Java", `Java's loader skips this entry: ${entry.javaIgnores}`));
  container.replaceChildren(h("h2", { id: "details-title" }, `Entry “${entry.alias}”`), head);
  if (chain.length > 1) {
    const pem = chain.map((certificate) => certificate.toPem()).join("");
    container.append(h("p", {}, `A chain of ${chain.length} certificates, leaf first.`), pemActions(ctx, pem, `${entry.alias}-chain.pem`, "chain PEM"));
  }
  chain.forEach((certificate, index) => {
    try {
      container.append(certificateView(ctx, certificate, index, chain.length, entry.alias));
    } catch (error) {
      container.append(h("p", { class: "error" }, `Certificate ${index + 1} could not be read: ${error instanceof Error ? error.message : String(error)}`));
    }
  });
  container.hidden = false;
}
