/**
 * `and`, `or` and `not` over entity filters (`or({ status: "done" }, { title:
 * like("A%") })`) instead of SQL conditions. Core only carries the group; the
 * ORM resolves its items against the entity being queried, so one set of
 * combinators serves Core statements and ORM queries alike.
 */
export class FilterGroup<TItem = unknown> {
  /** @internal */
  constructor(
    readonly op: "and" | "or" | "not",
    readonly items: readonly TItem[],
  ) {}
}
