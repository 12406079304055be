// The feature panels the shell shows in its toolbar, in toolbar order. Each lives in a file of its own.
import type { Panel } from "../context.js";
import { addCertificatesPanel } from "./add-certificates.js";
import { changePasswordsPanel } from "./change-passwords.js";
import { deleteEntryPanel } from "./delete-entry.js";
import { diagnosePanel } from "./diagnose.js";
import { diffStoresPanel } from "./diff-stores.js";
import { createCsrPanel, generateKeyPairPanel } from "./generate-key-pair.js";
import { importKeyPairPanel } from "./import-key-pair.js";
import { installCaReplyPanel } from "./install-ca-reply.js";
import { renameEntryPanel } from "./rename-entry.js";
import { signCsrPanel } from "./sign-csr.js";
import { trustCheckPanel } from "./trust-check.js";

export const PANELS: Panel[] = [
  addCertificatesPanel,
  importKeyPairPanel,
  generateKeyPairPanel,
  createCsrPanel,
  signCsrPanel,
  installCaReplyPanel,
  renameEntryPanel,
  deleteEntryPanel,
  changePasswordsPanel,
  diagnosePanel,
  trustCheckPanel,
  diffStoresPanel,
];
