/** How the wanted objects of one kind (indexes, foreign keys...) pair up with the live ones. */
export interface MatchedObjects<W, L> {
  /** Same name (or same columns), different definition: the live one is replaced. */
  readonly changed: readonly { readonly wanted: W; readonly live: L }[];
  /** Wanted and not in the database. */
  readonly added: readonly W[];
  /** In the database and not wanted. */
  readonly liveOnly: readonly L[];
}

/**
 * Pair objects by name first; an object whose name has no match then pairs
 * with a live one of the same definition, so a name the database chose
 * itself (an unnamed SQLite foreign key) or an older naming scheme causes no
 * drop-and-recreate. Last, an object still unpaired pairs with a live one on
 * the same columns (`sameColumns`) as a change: a foreign key whose action
 * differs is replaced, never added beside the old one.
 */
export function matchObjects<W extends { readonly name: string }, L extends { readonly name: string }>(
  wanted: readonly W[],
  live: readonly L[],
  same: (wanted: W, live: L) => boolean,
  sameColumns?: (wanted: W, live: L) => boolean,
): MatchedObjects<W, L> {
  const used = new Set<L>();
  const changed: { wanted: W; live: L }[] = [];
  const unpaired: W[] = [];
  for (const w of wanted) {
    const l = live.find((x) => x.name !== "" && x.name === w.name && !used.has(x));
    if (!l) unpaired.push(w);
    else {
      used.add(l);
      if (!same(w, l)) changed.push({ wanted: w, live: l });
    }
  }
  const stillUnpaired: W[] = [];
  for (const w of unpaired) {
    const l = live.find((x) => !used.has(x) && same(w, x));
    if (l) used.add(l);
    else stillUnpaired.push(w);
  }
  const added: W[] = [];
  for (const w of stillUnpaired) {
    const l = sameColumns ? live.find((x) => !used.has(x) && sameColumns(w, x)) : undefined;
    if (!l) added.push(w);
    else {
      used.add(l);
      changed.push({ wanted: w, live: l });
    }
  }
  return { changed, added, liveOnly: live.filter((l) => !used.has(l)) };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
