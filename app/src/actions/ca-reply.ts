// Install a CA reply on a key entry (keytool -importcert on a key alias), with keytool's messages.
import { CA_REPLY_MESSAGES, installCaReply } from "keystorekit";
import type { OpenedStore } from "../context.js";

/** What the status area says after an installed reply: keytool's line, then what was noticed. */
export interface InstalledReply {
  alias: string;
  messages: string[];
}

/**
 * Installs `reply` (PEM, DER or PKCS#7) on the key entry `alias` of the draft. The key stays as
 * stored, so no key password is needed. Failures are the library's errors, whose messages start
 * with keytool's own (CA_REPLY_MESSAGES: "Public keys in reply and keystore don't match", …).
 * `acceptUntrusted` is keytool's "Install reply anyway? [yes]".
 */
export async function installReply(draft: OpenedStore, alias: string, reply: Uint8Array | string, options: { acceptUntrusted?: boolean } = {}): Promise<InstalledReply> {
  const installed = await installCaReply(draft.store, alias, reply, { acceptUntrusted: options.acceptUntrusted ?? false });
  const chain = installed.entry.chain.length;
  return {
    alias: installed.entry.alias,
    messages: [
      `${CA_REPLY_MESSAGES.installed} (chain of ${chain} certificate${chain === 1 ? "" : "s"}${installed.completedFrom.length > 0 ? `, ${installed.completedFrom.length} added from the store's trusted certificates` : ""})`,
      ...installed.warnings.map((warning) => warning.message),
    ],
  };
}
