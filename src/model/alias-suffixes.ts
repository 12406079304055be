/**
 * The numbered aliases a store hands out ("name-2", "name-3", …), remembered per base so that
 * naming n certificates alike costs O(n) lookups rather than O(n²) (issue #11 item 14: a bundle
 * of 20k certificates sharing a CN took 38.7 s).
 *
 * For each base it keeps `next` and `freed`, with the invariant: every `base-i` with
 * 2 <= i < next is taken, or i is in `freed` (numbers whose alias was removed since they were
 * passed). Adding entries never breaks it (it only takes aliases); the store reports every
 * removal to {@link AliasSuffixes.removed}. So the first free `base-i` is the smallest free one
 * in `freed` (a min-heap, emptied lazily of numbers taken again), else the first free from `next`.
 */
export class AliasSuffixes {
  /** fold(base) → base → its numbers (the fold groups the spellings a removal can concern). */
  private readonly bases = new Map<string, Map<string, Suffixes>>();

  /** `fold`: how the store compares aliases (lower-casing for Java's formats, identity otherwise). */
  constructor(private readonly fold: (alias: string) => string) {}

  /** The first of `base-2`, `base-3`, … that `taken` says is free. */
  firstFree(base: string, taken: (alias: string) => boolean): string {
    const key = this.fold(base);
    let spellings = this.bases.get(key);
    if (!spellings) this.bases.set(key, (spellings = new Map()));
    let suffixes = spellings.get(base);
    if (!suffixes) spellings.set(base, (suffixes = { next: 2, freed: [] }));
    while (suffixes.freed.length > 0) {
      const candidate = `${base}-${suffixes.freed[0]!}`;
      if (!taken(candidate)) return candidate; // kept in `freed`: the caller may not use it
      heapPop(suffixes.freed);
    }
    for (; ; suffixes.next++) {
      const candidate = `${base}-${suffixes.next}`;
      if (!taken(candidate)) return candidate;
    }
  }

  /** The store no longer holds `alias`: if it reads `base-i` for a known base, i may be free again. */
  removed(alias: string): void {
    const dash = alias.lastIndexOf("-");
    if (dash < 0 || !/^[1-9][0-9]*$/.test(alias.slice(dash + 1))) return;
    const number = Number(alias.slice(dash + 1));
    if (number < 2) return; // "base-1" is never handed out
    // Every spelling whose numbered alias could be this one, under the store's alias comparison.
    // A number listed for a spelling it does not concern costs one lookup later, nothing more.
    for (const suffixes of this.bases.get(this.fold(alias.slice(0, dash)))?.values() ?? []) {
      if (number < suffixes.next) heapPush(suffixes.freed, number);
    }
  }
}

interface Suffixes {
  next: number;
  /** Min-heap of numbers below `next` whose alias was removed. */
  freed: number[];
}

function heapPush(heap: number[], value: number): void {
  let i = heap.push(value) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const child = left + 1 < heap.length && heap[left + 1]! < heap[left]! ? left + 1 : left;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
}
