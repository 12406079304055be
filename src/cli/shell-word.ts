/** A word a POSIX shell reads back as `value` (single-quoted when needed), for lines users paste. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
