import type { StatementOptions } from "../../engine";
import type { ColumnKeys, DataKeys, FilterGroup, Ordering, RelationKeys, RelationTarget } from "../../sql";

export type { ColumnKeys, DataKeys, RelationKeys, RelationTarget };

import type { FilterOperator } from "./filter-operators";

/** What a column property may be filtered by: a value, an operator helper, or and/or/not of those. */
export type ValueFilter<V> = V | FilterOperator<V> | FilterGroup<ValueFilter<V>>;

/**
 * A filter typed by the entity: equality by value, operator helpers for the
 * rest, nested objects to filter through relations (a to-many relation
 * matches when any related row does), `null` for "no related row" on a
 * to-one relation, and and/or/not to combine whole filters.
 */
export type Where<T> =
  | ({ [K in ColumnKeys<T>]?: ValueFilter<T[K]> } & {
      [K in RelationKeys<T>]?:
        | Where<RelationTarget<T[K]>>
        | RelationTarget<T[K]>
        | (null extends T[K] ? null | FilterOperator<null> | FilterOperator<never> : never);
    })
  | FilterGroup<Where<T>>;

/** Ordering by column properties, in key order (`{ createdAt: "desc", id: "asc" }`), or a Core ordering (`tableOf(Task).c.id.desc()`). */
export type OrderBy<T> = { [K in ColumnKeys<T>]?: "asc" | "desc" } | Ordering;

type Depth = [never, 0, 1, 2, 3];

/** A relation path to load: `"owner"`, `"owner.profile"`, `"tasks.tags"` (up to four levels). */
export type LoadPath<T, D extends number = 4> = [D] extends [never]
  ? never
  : { [K in RelationKeys<T>]: K | `${K}.${LoadPath<RelationTarget<T[K]>, Depth[D]>}` }[RelationKeys<T>];

/** How a relation is loaded: one extra query per level (select-in), in the same query (joined), or only on request (lazy). */
export type LoadStrategyName = "select-in" | "joined" | "lazy";

/** Options of session.find() and repository.find(). */
/** A query as options (`find`, `findOne`, repositories), and the limits of its statements (statementTimeoutMillis, signal). */
export interface FindOptions<T> extends StatementOptions {
  readonly where?: Where<T>;
  readonly orderBy?: OrderBy<T> | readonly OrderBy<T>[];
  readonly load?: readonly LoadPath<T>[];
  readonly limit?: number;
  readonly offset?: number;
}
