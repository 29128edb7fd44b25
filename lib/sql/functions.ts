import { InvalidStatementError, InvalidValueError } from "../errors";
import type { Column } from "./column";
import { type ColumnType, columnType } from "./column-type";
import { Expression, KeyedExpression, type SubqueryLike } from "./expression";
import { FilterGroup } from "./filter-group";
import type { AggregateName, ExprNode } from "./nodes";
import { excludedNode, existsNode, functionNode, logicalNode, notNode, starNode, subqueryNode } from "./nodes/create-nodes";

/**
 * A condition: a typed predicate, a boolean column or a raw sql`` fragment
 * (which fits anywhere). Other expressions (`users.c.id`) are refused.
 */
export type Condition = Expression<boolean | null>;

const COUNT_TYPE: ColumnType = columnType("integer");
const FLOAT_TYPE: ColumnType = columnType("float");

function aggregate<K extends AggregateName, T>(
  name: K,
  expr: Expression<unknown> | undefined,
  type: ColumnType | undefined,
  distinct = false,
): KeyedExpression<K, T> {
  return new KeyedExpression<K, T>(name, functionNode(name, [expr ? expr.node : starNode()], distinct), type);
}

/** `count(*)`, or `count(expr)` (non-NULL values); a number. Its result key is `count` unless `.as()` names it. */
export function count(expr?: Expression<unknown>): KeyedExpression<"count", number> {
  return aggregate("count", expr, COUNT_TYPE);
}

/** `count(DISTINCT expr)`. */
export function countDistinct(expr: Expression<unknown>): KeyedExpression<"count", number> {
  return aggregate("count", expr, COUNT_TYPE, true);
}

/** Sum of the values (NULL for no rows); same JS type as the column. */
export function sum<T extends number | bigint | string | null>(expr: Expression<T>): KeyedExpression<"sum", NonNullable<T> | null> {
  return aggregate("sum", expr, expr.valueType);
}

/** Average: a number for integer and float columns, an exact string for decimals. */
export function avg<T extends number | string | null>(
  expr: Expression<T>,
): KeyedExpression<"avg", (NonNullable<T> extends string ? string : number) | null> {
  return aggregate("avg", expr, expr.valueType?.kind === "decimal" ? columnType("decimal", { precision: 65, scale: 30 }) : FLOAT_TYPE);
}

export function min<T>(expr: Expression<T>): KeyedExpression<"min", NonNullable<T> | null> {
  return aggregate("min", expr, expr.valueType);
}

export function max<T>(expr: Expression<T>): KeyedExpression<"max", NonNullable<T> | null> {
  return aggregate("max", expr, expr.valueType);
}

function conditions(items: readonly (Condition | undefined)[], fn: string): ExprNode[] {
  const present = items.filter((c): c is Condition => c !== undefined);
  for (const c of present) {
    if (!(c instanceof Expression)) throw new InvalidValueError(`${fn}() takes conditions such as users.c.id.eq(1), got ${typeof c}.`);
  }
  return present.map((c) => c.node);
}

/** Entity filters and values, never SQL expressions (those combine into an Expression instead). */
type NoExpressions<F extends readonly unknown[]> = { [K in keyof F]: F[K] extends Expression<unknown> ? never : F[K] };

/** Whether combinator items are entity filters (anything but SQL conditions) rather than conditions. */
function isFilterItems(items: readonly unknown[]): boolean {
  const present = items.filter((c) => c !== undefined);
  return present.length > 0 && present.every((c) => !(c instanceof Expression));
}

/** All conditions hold. `undefined` items are left out, so optional filters compose. */
export function and(...items: (Condition | undefined)[]): Expression<boolean>;
/** All entity filters hold (in an ORM `where`). */
export function and<const F extends readonly unknown[]>(...items: NoExpressions<F>): FilterGroup<F[number]>;
export function and(...items: unknown[]): Expression<boolean> | FilterGroup {
  if (isFilterItems(items))
    return new FilterGroup(
      "and",
      items.filter((c) => c !== undefined),
    );
  const nodes = conditions(items as Condition[], "and");
  if (nodes.length === 1) return new Expression(nodes[0]);
  return new Expression(logicalNode("and", nodes));
}

/** At least one condition holds. */
export function or(...items: (Condition | undefined)[]): Expression<boolean>;
/** At least one entity filter (or, for a property, one value or operator) holds: `or({ status: "a" }, { title: "b" })`. */
export function or<const F extends readonly unknown[]>(...items: NoExpressions<F>): FilterGroup<F[number]>;
export function or(...items: unknown[]): Expression<boolean> | FilterGroup {
  if (isFilterItems(items))
    return new FilterGroup(
      "or",
      items.filter((c) => c !== undefined),
    );
  const nodes = conditions(items as Condition[], "or");
  if (nodes.length === 1) return new Expression(nodes[0]);
  return new Expression(logicalNode("or", nodes));
}

/** The condition does not hold. */
export function not(condition: Condition): Expression<boolean>;
/** The entity filter, value or operator does not match: `{ status: not("done") }`, `not({ owner: { name: "A" } })`. */
export function not<const F>(filter: F extends Expression<unknown> ? never : F): FilterGroup<F>;
export function not(condition: unknown): Expression<boolean> | FilterGroup {
  // Unlike and()/or(), not() has nothing to skip: not(undefined) would negate nothing.
  if (condition === undefined) {
    throw new InvalidValueError("not() takes a condition such as users.c.id.eq(1) (or, in a query, a filter or value), got undefined.");
  }
  if (!(condition instanceof Expression)) return new FilterGroup("not", [condition]);
  return new Expression(notNode(condition.node));
}

/** `EXISTS (subquery)`. */
export function exists(subquery: SubqueryLike): Expression<boolean> {
  return new Expression(existsNode(subquery.toSelectNode()));
}

/**
 * A scalar subquery used as a value: `(SELECT max(...) FROM ...)`. It must
 * select one value; that value is decoded as its column type (NULL when the
 * subquery finds no row).
 */
export function subquery<T>(query: SubqueryLike<T>): Expression<T> {
  const node = query.toSelectNode();
  if (node.selection.length !== 1) {
    throw new InvalidStatementError(
      `A scalar subquery must select exactly one value, but this one selects ${node.selection.length} (${node.selection.map((s) => s.key).join(", ")}); select a single column or expression.`,
    );
  }
  return new Expression(subqueryNode(node), node.selection[0].type);
}

/**
 * In an upsert's `set`, the value the INSERT proposed for a column
 * (`excluded.col` on PostgreSQL and SQLite, `VALUES(col)` on MySQL).
 */
export function excluded<T>(column: Column<string, T>): Expression<T> {
  return new Expression(excludedNode(column.name), column.valueType);
}

export function lower(expr: Expression<string | null> | Expression<string>): Expression<string> {
  return new Expression(functionNode("lower", [expr.node]), expr.valueType);
}

export function upper(expr: Expression<string | null> | Expression<string>): Expression<string> {
  return new Expression(functionNode("upper", [expr.node]), expr.valueType);
}
