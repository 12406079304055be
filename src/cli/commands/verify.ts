import { existsSync } from "node:fs";
import { readCertificateFile } from "../../node/files.js";
import { readCertificates } from "../../truststore/certificates.js";
import { trustAnchorsOf, verifyChain } from "../../truststore/verify.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import type { CliWarning } from "../io.js";
import { passwordOptions } from "../passwords.js";

import { parseDate } from "../parse-date.js";

export const verifyCommand: Command = {
  name: "verify",
  summary: "check whether a server's certificate chain would be trusted (exit 0 yes, 1 no)",
  usage: "keystorekit verify [-keystore STORE] [-storepass P] CHAIN.pem [--host NAME] [--at DATE] [--purpose tls-server|tls-client|any] [--json]",
  help: `Validates CHAIN (PEM, leaf first, as the server sends it; intermediates included) against
the trust anchors of STORE (default: the JVM's trust store) the way Java's PKIX trust manager
does: path building, signatures, validity at --at (default now), basic constraints and key
usage. With --host NAME, also Java's HTTPS host-name check of the leaf (SAN dNSName with
wildcards, IP SANs for IP addresses, the CN only without DNS SANs), failing with Java's own
message such as "No subject alternative names present". To check a live server, use
keystorekit probe HOST:PORT. Prints "trusted" or the reason and the exact Java error the application would log, such
as "PKIX path building failed: … unable to find valid certification path to requested target",
naming the issuer that is missing. Exit status 0 trusted, 1 not trusted, 2 bad usage.

Example:
  keystorekit verify -keystore truststore.jks -storepass changeit server-chain.pem`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), { name: "at", takesValue: true }, { name: "purpose", takesValue: true }, { name: "file", takesValue: true }, { name: "host", takesValue: true }],
  async run(args, io) {
    // The chain is the last positional (STORE may come first as a positional too).
    const chainFile = optionValue(args, "file") ?? (optionValue(args, "keystore") !== undefined ? args.positionals[0] : args.positionals[1] ?? args.positionals[0]);
    if (chainFile === undefined) throw new UsageError("verify needs the CHAIN file (PEM, leaf first)");
    const storeArgs = { ...args, positionals: optionValue(args, "keystore") !== undefined || args.positionals.length < 2 ? [] : args.positionals.slice(0, 1) };
    // As list: the default store is tried with "changeit", and --json says how far it was checked.
    const warnings: CliWarning[] = [];
    const { store, path, isDefault } = await openStore(storeArgs, { ...io, warnings }, { allowDefault: true });
    const purpose = optionValue(args, "purpose") ?? "tls-server";
    if (purpose !== "tls-server" && purpose !== "tls-client" && purpose !== "any") throw new UsageError("--purpose is tls-server, tls-client or any");
    const at = parseDate(optionValue(args, "at"));
    if (/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(chainFile) && !existsSync(chainFile)) {
      throw new UsageError(`"${chainFile}" is not a file; to check a live server use: keystorekit probe ${chainFile}`);
    }
    const bytes = readCertificateFile(chainFile);
    // An empty file is an empty chain, as Java sees a server that sends no certificate.
    const chain = new TextDecoder().decode(bytes.subarray(0, 64)).trim() === "" && bytes.length < 64 ? [] : readCertificates(bytes);
    const result = await verifyChain(chain, trustAnchorsOf(store), { ...(at ? { at } : {}), purpose, ...(optionValue(args, "host") !== undefined ? { host: optionValue(args, "host")! } : {}) });
    if (flag(args, "json")) {
      printJson(io, {
        trusted: result.trusted,
        code: result.code,
        reason: result.reason,
        javaMessage: result.javaMessage,
        ...(result.missingIssuer !== undefined ? { missingIssuer: result.missingIssuer } : {}),
        path: (result.path ?? []).map((c) => ({ subject: c.subject, sha256: c.sha256 })),
        store: path,
        integrity: store.integrity,
        warnings,
      });
    } else if (result.trusted) {
      io.stdout(`trusted: ${result.reason}\n`);
    } else {
      io.stdout(`NOT trusted: ${result.reason}\nJava reports: ${result.javaMessage}\n`);
      if (result.missingIssuer) {
        // Never suggest editing the JDK's own cacerts: start a copy of it instead.
        const fix = isDefault ? "keystorekit import-cert --from-default -keystore truststore.jks -file ISSUER.pem" : `keystorekit import-cert -keystore ${path} -file ISSUER.pem`;
        io.stdout(`Missing issuer: ${result.missingIssuer}\nAdd it with: ${fix}\n`);
      }
    }
    return result.trusted ? 0 : 1;
  },
};
