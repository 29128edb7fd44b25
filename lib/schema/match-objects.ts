/** How the wanted objects of one kind (indexes, foreign keys...) pair up with the live ones. */
export interface MatchedObjects<W, L> {
  /** Same name, different definition: the live one is replaced. */
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
 * drop-and-recreate. No other renames are guessed.
 */
export function matchObjects<W extends { readonly name: string }, L extends { readonly name: string }>(
  wanted: readonly W[],
  live: readonly L[],
  same: (wanted: W, live: L) => boolean,
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
  const added: W[] = [];
  for (const w of unpaired) {
    const l = live.find((x) => !used.has(x) && same(w, x));
    if (l) used.add(l);
    else added.push(w);
  }
  return { changed, added, liveOnly: live.filter((l) => !used.has(l)) };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
