import type { KeystoreFormat } from "./entry.js";
import { errors } from "./errors.js";
import type { Keystore } from "./keystore.js";

/**
 * Aliases as Java's case-insensitive formats hold them. JKS, JCEKS and PKCS#12 look aliases up in
 * lower case and Java's writers store them so; BKS and UBER keep them exact. A store read from BKS
 * can therefore hold "CaseSensitive" and "casesensitive", which one alias names in the other
 * formats, and a JKS written by another tool (pyjks) can hold "CAcert", which Java lists but cannot
 * fetch (getCertificate("CAcert") looks for "cacert"). Encoders write lower-cased aliases and
 * refuse collisions; the helpers here say in advance what will change, or rename on request.
 */

/** An alias that changes on writing or renaming: `from` as the store holds it, `to` as written. */
export interface AliasChange {
  readonly from: string;
  readonly to: string;
}

/** Whether Java matches `format`'s aliases without regard to case (and writes them lower-cased). */
export function foldsAliasCase(format: KeystoreFormat | string): boolean {
  return format === "JKS" || format === "JCEKS" || format === "PKCS12";
}

/** Groups of two or more aliases of `store` that are one alias once lower-cased, in store order. */
export function aliasCollisions(store: Keystore): string[][] {
  const groups = new Map<string, string[]>();
  for (const alias of store.aliases()) {
    const key = alias.toLowerCase();
    const group = groups.get(key);
    if (group) group.push(alias);
    else groups.set(key, [alias]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/**
 * The alias of each entry (in store order) as `format` is written: lower-cased where Java
 * lower-cases. INVALID_ARGUMENT naming the aliases that would become one, since a file holding
 * both would lose one entry in Java (JKS, JCEKS) or not load at all (PKCS#12).
 */
export function writtenAliases(store: Keystore, format: KeystoreFormat | string): string[] {
  if (!foldsAliasCase(format)) return store.aliases();
  const collisions = aliasCollisions(store);
  if (collisions.length > 0) {
    const list = collisions.map((group) => group.map((alias) => `<${alias}>`).join(" and ")).join("; ");
    throw errors.invalidArgument(
      `${format} aliases are case-insensitive, so these aliases would name one entry: ${list}. Rename all but one ` +
        `first (renameAliasCollisions(store) does it)`,
    );
  }
  return store.aliases().map((alias) => alias.toLowerCase());
}

/** The aliases writing `store` in `format` lower-cases, as Java's writers do (empty for BKS, PEM, …). */
export function aliasChanges(store: Keystore, format: KeystoreFormat | string): AliasChange[] {
  if (!foldsAliasCase(format)) return [];
  return store
    .aliases()
    .filter((alias) => alias !== alias.toLowerCase())
    .map((alias) => ({ from: alias, to: alias.toLowerCase() }));
}

/**
 * Renames the entries whose aliases collide once lower-cased (see {@link aliasCollisions}), so that
 * the store can be written in a case-insensitive format: in each group the first alias in store
 * order stays, the others become "<alias in lower case>-2", "-3", … (the first that is free in any
 * case). Returns the renames, in store order; none when nothing collides.
 */
export function renameAliasCollisions(store: Keystore): AliasChange[] {
  const taken = new Set(store.aliases().map((alias) => alias.toLowerCase()));
  const changes: AliasChange[] = [];
  for (const group of aliasCollisions(store)) {
    for (const from of group.slice(1)) {
      const base = from.toLowerCase();
      let n = 2;
      while (taken.has(`${base}-${n}`)) n++;
      const to = `${base}-${n}`;
      taken.add(to);
      store.rename(from, to);
      changes.push({ from, to });
    }
  }
  return changes;
}
