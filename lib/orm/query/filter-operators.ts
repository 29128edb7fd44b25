/**
 * Operator helpers for the values of an entity filter:
 * `{ title: like("A%"), priority: gt(2), ownerId: inArray([1, 2]), notes: isNull() }`.
 * Each records the comparison to make; the query resolves it against the
 * property's column, so values are checked and bound with the column's type.
 */
export class FilterOperator<T = unknown> {
  declare readonly __value?: T;

  /** @internal */
  constructor(
    readonly op: FilterOperatorName,
    readonly args: readonly unknown[],
  ) {}
}

export type FilterOperatorName =
  | "eq"
  | "ne"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "like"
  | "notLike"
  | "ilike"
  | "in"
  | "notIn"
  | "isNull"
  | "isNotNull"
  | "between";

/** `= value` (the same as the bare value; `eq(null)` is IS NULL). */
export const eq = <T>(value: T): FilterOperator<T> => new FilterOperator("eq", [value]);
/** `<> value`; `ne(null)` is IS NOT NULL. */
export const ne = <T>(value: T): FilterOperator<T> => new FilterOperator("ne", [value]);
export const gt = <T>(value: T): FilterOperator<T> => new FilterOperator("gt", [value]);
export const gte = <T>(value: T): FilterOperator<T> => new FilterOperator("gte", [value]);
export const lt = <T>(value: T): FilterOperator<T> => new FilterOperator("lt", [value]);
export const lte = <T>(value: T): FilterOperator<T> => new FilterOperator("lte", [value]);
/** SQL LIKE with `%` and `_`; escapeLike(text) matches text literally. */
export const like = (pattern: string): FilterOperator<string> => new FilterOperator("like", [pattern]);
export const notLike = (pattern: string): FilterOperator<string> => new FilterOperator("notLike", [pattern]);
/** Case-insensitive LIKE on every database. */
export const ilike = (pattern: string): FilterOperator<string> => new FilterOperator("ilike", [pattern]);
/** One of the values; an empty list matches nothing. */
export const inArray = <T>(values: readonly T[]): FilterOperator<T> => new FilterOperator("in", [values]);
/** None of the values; an empty list matches every row. */
export const notInArray = <T>(values: readonly T[]): FilterOperator<T> => new FilterOperator("notIn", [values]);
export const isNull = (): FilterOperator<null> => new FilterOperator("isNull", []);
export const isNotNull = (): FilterOperator<never> => new FilterOperator("isNotNull", []);
/** `BETWEEN low AND high` (both ends included). */
export const between = <T>(low: T, high: T): FilterOperator<T> => new FilterOperator("between", [low, high]);
