// The feature panels the shell shows in its toolbar, in toolbar order. Each lives in a file of its
// own and is loaded when first opened: the panels import the library, and the empty page should
// load neither (the shell loads keystorekit lazily too, app/src/library.ts).
import type { AppContext, Panel } from "../context.js";

/** A toolbar entry whose code loads on first use. */
function lazy(panel: Omit<Panel, "open">, load: () => Promise<(ctx: AppContext) => void>): Panel {
  return { ...panel, open: async (ctx) => (await load())(ctx) };
}

export const PANELS: Panel[] = [
  lazy({ id: "add-certificates", label: "Add certificates", shortcut: "a", needsStore: true }, async () => (await import("./add-certificates.js")).openAddCertificates),
  lazy({ id: "import-key-pair", label: "Import key pair", shortcut: "i", needsStore: true }, async () => (await import("./import-key-pair.js")).openImportKeyPair),
  lazy({ id: "generate-key-pair", label: "Generate key pair", shortcut: "g", needsStore: true }, async () => (await import("./generate-key-pair.js")).openGenerateKeyPair),
  lazy({ id: "create-csr", label: "Create CSR", shortcut: "c", needsStore: true }, async () => (await import("./generate-key-pair.js")).openCreateCsr),
  lazy({ id: "sign-csr", label: "Sign CSR", shortcut: "e", needsStore: true }, async () => (await import("./sign-csr.js")).openSignCsr),
  lazy({ id: "install-ca-reply", label: "Install CA reply", shortcut: "r", needsStore: true }, async () => (await import("./install-ca-reply.js")).openInstallCaReply),
  lazy({ id: "rename-entry", label: "Rename", shortcut: "n", needsStore: true }, async () => (await import("./rename-entry.js")).openRenameEntry),
  lazy({ id: "delete-entry", label: "Delete", shortcut: "x", needsStore: true }, async () => (await import("./delete-entry.js")).openDeleteEntry),
  lazy({ id: "change-passwords", label: "Passwords", shortcut: "p", needsStore: true }, async () => (await import("./change-passwords.js")).openChangePasswords),
  lazy({ id: "diagnose", label: "Diagnose", shortcut: "d", needsStore: true }, async () => (await import("./diagnose.js")).openDiagnose),
  lazy({ id: "trust-check", label: "Trust check", shortcut: "t", needsStore: true }, async () => (await import("./trust-check.js")).openTrustCheck),
  lazy({ id: "diff", label: "Diff", shortcut: "f", needsStore: true }, async () => (await import("./diff-stores.js")).openDiffStores),
];
