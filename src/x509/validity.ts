import { TAG, derSequence, encodeTlv } from "../binary/der.js";
import { KeystoreError } from "../model/errors.js";

/**
 * keytool's `-startdate` and `-validity`. The start date is either relative to now,
 * `([+-]n[ymdHMS])+` ("-1d", "+1y-2m+3d", "-1H+30M"), or absolute, `yyyy/mm/dd`, `HH:MM:SS` or
 * `yyyy/mm/dd HH:MM:SS`, in the local time zone as keytool's GregorianCalendar reads it (fields
 * out of range roll over, as Java's lenient calendar does). Without one the certificate starts now.
 */

/** keytool's default -validity, in days (Java 17 and 25 alike). */
export const DEFAULT_VALIDITY_DAYS = 90;

const illegal = (text: string) =>
  new KeystoreError("INVALID_ARGUMENT", `Illegal startdate value "${text}": write yyyy/mm/dd, HH:MM:SS, "yyyy/mm/dd HH:MM:SS" or a relative date such as -1d or +1y-2m`);

/** The start of validity for a `-startdate` text, relative to `now`. */
export function parseStartDate(text: string, now: Date = new Date()): Date {
  const date = new Date(now.getTime());
  if (text.length === 0) throw illegal(text);
  if (text[0] === "-" || text[0] === "+") {
    const step = /([+-])([0-9]+)([ymdHMS])/y;
    let at = 0;
    while (at < text.length) {
      step.lastIndex = at;
      const match = step.exec(text);
      if (!match) throw illegal(text);
      const amount = Number(match[2]) * (match[1] === "-" ? -1 : 1);
      if (!Number.isSafeInteger(amount) || Math.abs(amount) > 2147483647) throw illegal(text);
      addCalendarField(date, match[3]!, amount);
      at = step.lastIndex;
    }
    return date;
  }
  let day: string | undefined;
  let time: string | undefined;
  if (text.length === 19 && text[10] === " ") [day, time] = [text.slice(0, 10), text.slice(11)];
  else if (text.length === 10) day = text;
  else if (text.length === 8) time = text;
  else throw illegal(text);
  if (day !== undefined) {
    const parts = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(day);
    if (!parts) throw illegal(text);
    date.setFullYear(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
  }
  if (time !== undefined) {
    const parts = /^(\d{2}):(\d{2}):(\d{2})$/.exec(time);
    if (!parts) throw illegal(text);
    date.setHours(Number(parts[1]), Number(parts[2]), Number(parts[3]), 0);
  }
  return date;
}

/** Calendar.add: years and months keep the day of month where it exists (Jan 31 + 1m is Feb 28/29). */
function addCalendarField(date: Date, unit: string, amount: number): void {
  switch (unit) {
    case "y":
    case "m": {
      const months = unit === "y" ? amount * 12 : amount;
      const day = date.getDate();
      date.setDate(1);
      date.setMonth(date.getMonth() + months);
      const lastDay = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
      date.setDate(Math.min(day, lastDay));
      return;
    }
    case "d":
      date.setDate(date.getDate() + amount);
      return;
    case "H":
      date.setTime(date.getTime() + amount * 3_600_000);
      return;
    case "M":
      date.setTime(date.getTime() + amount * 60_000);
      return;
    default:
      date.setTime(date.getTime() + amount * 1000);
  }
}

/** notAfter as keytool computes it: the start plus `days` × 86,400 seconds. */
export function validityEnd(start: Date, days: number): Date {
  if (!Number.isInteger(days) || days <= 0) {
    throw new KeystoreError("INVALID_ARGUMENT", `Invalid -validity ${days}: give a positive whole number of days`);
  }
  return new Date(start.getTime() + days * 86_400_000);
}

/** Validity ::= SEQUENCE { notBefore, notAfter }: UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280), whole seconds. */
export function encodeValidity(notBefore: Date, notAfter: Date): Uint8Array {
  return derSequence(encodeTime(notBefore), encodeTime(notAfter));
}

export function encodeTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new KeystoreError("INVALID_ARGUMENT", `The date ${String(date)} cannot be written in a certificate`);
  const two = (n: number) => String(n).padStart(2, "0");
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  const utc = year >= 1950 && year < 2050;
  const text = utc ? two(year % 100) + rest : String(year).padStart(4, "0") + rest;
  return encodeTlv(utc ? TAG.UTC_TIME : TAG.GENERALIZED_TIME, Uint8Array.from(text, (c) => c.charCodeAt(0)));
}
