/**
 * The small text rules keytool applies to its option values, so that keystorekit accepts exactly the
 * spellings keytool does: Java's String.split (trailing empty parts dropped), keytool's `oneOf`
 * (a case-insensitive prefix or the capital-letter abbreviation of a name, "kCS" for keyCertSign)
 * and ObjectIdentifier's dotted-decimal check.
 */

/** A word keytool could not match: the message says which word and what it could be. */
export class KeytoolWordError extends Error {}

/** Java's `text.split(separator)` for a one-character separator: trailing empty strings dropped. */
export function javaSplit(text: string, separator: string): string[] {
  if (text.length === 0) return [""];
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** keytool's abbreviation of a name: its first character and every character that is not lower case. */
function abbreviation(name: string): string {
  let out = name[0] ?? "";
  for (const c of name.slice(1)) if (c === c.toUpperCase()) out += c; // Java: !Character.isLowerCase(c)
  return out;
}

/**
 * keytool's `oneOf(s, list)`: the index of the one name `s` is a prefix (any case) or the
 * abbreviation of; -1 when none; an error when several match. `null` entries mark where keytool's
 * "experimental" names begin: a match among those loses to an earlier one instead of being ambiguous.
 */
export function oneOf(word: string, names: readonly (string | null)[]): number {
  const matches: number[] = [];
  let experiment = Number.MAX_SAFE_INTEGER;
  const lower = word.toLowerCase();
  names.forEach((name, i) => {
    if (name === null) {
      experiment = i;
      return;
    }
    if (name.toLowerCase().startsWith(lower) || abbreviation(name).toLowerCase() === lower) matches.push(i);
  });
  if (matches.length === 0) return -1;
  if (matches.length === 1 || matches[1]! > experiment) return matches[0]!;
  const candidates = matches.filter((i) => i < experiment).map((i) => names[i]);
  throw new KeytoolWordError(`"${word}" is ambiguous: it could be ${candidates.join(", ")}`);
}

/** True when `text` is an OID as Java's ObjectIdentifier.of accepts it (two or more decimal arcs, 0-2 first, below 40 second under 0 and 1). */
export function isObjectIdentifier(text: string): boolean {
  const arcs = text.split(".");
  if (arcs.length < 2 || !arcs.every((arc) => /^[0-9]+$/.test(arc))) return false;
  const first = Number(arcs[0]);
  const second = Number(arcs[1]);
  return first <= 2 && (first === 2 || second < 40) && arcs.every((arc) => Number.isSafeInteger(Number(arc)));
}

/** The dotted OID of `text` in canonical form (leading zeros dropped), or a KeytoolWordError naming `what`. */
export function objectIdentifier(text: string, what: string): string {
  if (!isObjectIdentifier(text)) throw new KeytoolWordError(`${what} "${text}" is not an OID`);
  return text
    .split(".")
    .map((arc) => String(Number(arc)))
    .join(".");
}
