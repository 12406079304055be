import { UsageError } from "./args.js";

/** --at DATE: "2030-01-01" or an ISO time (UsageError otherwise). */
export function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--at takes a date (2030-01-01 or an ISO time), not "${value}"`);
  return date;
}
