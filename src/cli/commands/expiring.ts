import { TrustStore } from "../../truststore/truststore.js";
import { UsageError, flag, optionValue } from "../args.js";
import { COMMON_OPTIONS, STORE_OPTIONS, printJson, type Command } from "../command.js";
import { openStore } from "../open-store.js";
import { passwordOptions } from "../passwords.js";

export const expiringCommand: Command = {
  name: "expiring",
  summary: "list certificates that expire within N days (exit 1 when any does)",
  usage: "keystorekit expiring [STORE] [--days N] [--storepass …] [--json]",
  help: `Lists every certificate (trusted entries and key chains) whose validity ends within N days
(default 30), soonest first; already expired ones show negative days. Exit status 1 when the
list is not empty, so it can guard a deployment.

Example:
  keystorekit expiring server.jks --days 60 --storepass-env STOREPASS`,
  options: [...COMMON_OPTIONS, ...STORE_OPTIONS, ...passwordOptions("storepass"), { name: "days", takesValue: true }],
  async run(args, io) {
    const days = Number(optionValue(args, "days") ?? "30");
    if (!Number.isFinite(days) || days < 0) throw new UsageError("--days takes a number of days");
    const { store } = await openStore(args, io, { allowDefault: true });
    const items = new TrustStore(store).expiring(days);
    if (flag(args, "json")) printJson(io, items.map((i) => ({ alias: i.alias, subject: i.certificate.subject, notAfter: i.notAfter.toISOString(), daysLeft: i.daysLeft })));
    else if (items.length === 0) io.stdout(`Nothing expires within ${days} days\n`);
    else for (const i of items) io.stdout(`${i.alias}  ${i.notAfter.toISOString().slice(0, 10)}  (${i.daysLeft} days)  ${i.certificate.subject}\n`);
    return items.length === 0 ? 0 : 1;
  },
};
