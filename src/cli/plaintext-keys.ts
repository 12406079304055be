import { UsageError, flag, type OptionSpec, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

/**
 * Plaintext key material is written only where the user can see it happen: always with a
 * warning, never silently into a file whose name says "certificate" (tools and people share
 * .crt and .cer files freely), and into files that others cannot read.
 */

export const KEY_IN_CERT_FILE_OPTION: OptionSpec = { name: "allow-key-in-cert-file", takesValue: false };

/** UsageError for a .crt/.cer output that would hold a plaintext key, unless the user allowed it. */
export function refuseKeyInCertificateFile(path: string, args: ParsedArgs): void {
  if (/\.(crt|cer)$/i.test(path) && !flag(args, KEY_IN_CERT_FILE_OPTION.name)) {
    throw new UsageError(
      `${path} would hold an unencrypted private key, but its name says certificate: choose a .pem or .key name (or pass --allow-key-in-cert-file)`,
    );
  }
}

/** The stderr warning for `count` plaintext keys written to the file `path` (undefined: standard output). */
export function plaintextKeyWarning(path: string | undefined, count = 1): string {
  const what = count === 1 ? "an unencrypted key" : `${count} unencrypted keys`;
  return path === undefined
    ? `Warning: the output holds ${what}: keep it private\n`
    : `Warning: ${path} holds ${what}: keep it private (only its owner can read it)\n`;
}

/** A warning when standard output is a file that users other than its owner can read. */
export function stdoutExposureWarning(io: CliIo): string | null {
  const mode = io.stdoutFileMode?.() ?? null;
  if (mode === null || (mode & 0o044) === 0) return null;
  return `Warning: standard output is a file others can read (mode 0${(mode & 0o777).toString(8)}): the key written to it is exposed; use -file OUT instead (written 0600)\n`;
}
