import { InvalidStatementError, InvalidValueError } from "../errors";
import type { ColumnType } from "./column-type";
import type { ComparisonOperator, ExprNode, OrderByNode, SelectionNode, SelectNode } from "./nodes";
import { betweenNode, binaryNode, inNode, nullCheckNode, orderByNode, paramNode, selectionNode, subqueryNode } from "./nodes/create-nodes";

/** Anything that can stand as a subquery: a select builder. */
export interface SubqueryLike<T = unknown> {
  /** @internal */
  toSelectNode(): SelectNode;
  /** Phantom: the type of the single selected value. */
  readonly __value?: T;
}

/** A value that can be selected under a key in result rows. */
export interface Selectable<K extends string = string, T = unknown> {
  readonly __key?: K;
  readonly __value?: T;
  /** @internal */
  toSelectionNode(): SelectionNode;
}

export type Operand<T> = T | Expression<T>;

/**
 * A typed SQL expression. `T` is the type its value has in JavaScript. The
 * methods build predicates and orderings; every plain value becomes a bound
 * parameter typed by this expression's column type.
 */
export class Expression<T> {
  declare readonly __value?: T;
  /** @internal The expression's node in the SQL tree. */
  readonly node: ExprNode;
  /** @internal The column type of this expression's value, used to bind and decode values. */
  readonly valueType?: ColumnType;
  /** @internal `table.column`, for messages about bad values. */
  readonly target?: string;

  /** @internal Expressions are made by columns, functions and sql``, never by hand. */
  constructor(node: ExprNode, valueType?: ColumnType, target?: string) {
    this.node = node;
    this.valueType = valueType;
    this.target = target;
  }

  /** `= value`; `eq(null)` is `IS NULL`, as comparing with NULL never matches. */
  eq(value: Operand<T> | null): Predicate {
    if (value === null) return this.isNull();
    return this.compare("=", value);
  }

  /** `<> value`; `ne(null)` is `IS NOT NULL`. */
  ne(value: Operand<T> | null): Predicate {
    if (value === null) return this.isNotNull();
    return this.compare("<>", value);
  }

  gt(value: Operand<T>): Predicate {
    return this.compare(">", value);
  }

  gte(value: Operand<T>): Predicate {
    return this.compare(">=", value);
  }

  lt(value: Operand<T>): Predicate {
    return this.compare("<", value);
  }

  lte(value: Operand<T>): Predicate {
    return this.compare("<=", value);
  }

  /**
   * SQL LIKE with `%` and `_` wildcards (case sensitivity follows the
   * database's collation). A backslash escapes a wildcard on every database;
   * `like(escapeLike(text) + "%")` matches text literally.
   */
  like(pattern: Operand<string>): Predicate {
    return this.compare("like", pattern, TEXT_TYPE);
  }

  notLike(pattern: Operand<string>): Predicate {
    return this.compare("notLike", pattern, TEXT_TYPE);
  }

  /** Case-insensitive LIKE on every database. */
  ilike(pattern: Operand<string>): Predicate {
    return this.compare("ilike", pattern, TEXT_TYPE);
  }

  in(values: readonly Operand<T>[] | SubqueryLike<T>): Predicate {
    return new Expression<boolean>(inNode(this.node, this.listOrSubquery(values), false));
  }

  notIn(values: readonly Operand<T>[] | SubqueryLike<T>): Predicate {
    return new Expression<boolean>(inNode(this.node, this.listOrSubquery(values), true));
  }

  isNull(): Predicate {
    return new Expression<boolean>(nullCheckNode(this.node, false));
  }

  isNotNull(): Predicate {
    return new Expression<boolean>(nullCheckNode(this.node, true));
  }

  between(low: Operand<T>, high: Operand<T>): Predicate {
    return new Expression<boolean>(betweenNode(this.node, this.operand(low), this.operand(high)));
  }

  /** Ascending order by this expression, for orderBy(): `users.c.name.asc()`. */
  asc(): Ordering {
    return new Ordering(this, "asc");
  }

  /** Descending order by this expression, for orderBy(): `users.c.name.desc()`. */
  desc(): Ordering {
    return new Ordering(this, "desc");
  }

  /** Name this expression in result rows (and in SQL): `count().as("tasks")`. */
  as<K extends string>(key: K): Labeled<K, T> {
    return new Labeled(key, this);
  }

  /** Turn a plain value into a parameter typed like this expression; expressions pass through. @internal */
  operand(value: unknown, type: ColumnType | undefined = this.valueType): ExprNode {
    return toOperandNode(value, type, this.target);
  }

  private compare(op: ComparisonOperator, value: unknown, type?: ColumnType): Predicate {
    return new Expression<boolean>(binaryNode(op, this.node, this.operand(value, type ?? this.valueType)));
  }

  private listOrSubquery(values: readonly unknown[] | SubqueryLike): readonly ExprNode[] | SelectNode {
    if (isSubqueryLike(values)) {
      const query = values.toSelectNode();
      if (query.selection.length !== 1) {
        throw new InvalidStatementError(
          `in()/notIn() on ${this.target ?? "an expression"} takes a subquery that selects one column, but this one selects ${query.selection.length} (${query.selection.map((s) => s.key).join(", ")}).`,
        );
      }
      return query;
    }
    if (!Array.isArray(values)) {
      throw new InvalidValueError(
        `in()/notIn() on ${this.target ?? "an expression"} takes an array or a subquery, got ${describeValue(values)}.`,
      );
    }
    return values.map((v) => this.operand(v));
  }
}

/** The direction of an ordering; exactly these two strings. */
export type OrderDirection = "asc" | "desc";

/**
 * One ORDER BY item: an expression and a direction, made by `expr.asc()` and
 * `expr.desc()`. orderBy() takes these (and expressions, ascending), never
 * an object of the same shape: only Strata's builders make orderings, so
 * JSON from a request can never become an ORDER BY clause.
 */
export class Ordering {
  /** @internal The ORDER BY item this ordering compiles to. */
  readonly node: OrderByNode;

  /** @internal Orderings are made by `expr.asc()` and `expr.desc()`. */
  constructor(expression: Expression<unknown>, direction: OrderDirection) {
    if (!(expression instanceof Expression)) {
      throw new InvalidValueError(`An ordering is made from an expression, as in users.c.name.desc(); got ${describeValue(expression)}.`);
    }
    if (direction !== "asc" && direction !== "desc") {
      throw new InvalidValueError(`The direction of an ordering is "asc" or "desc", got ${describeValue(direction)}.`);
    }
    this.node = orderByNode(expression.node, direction);
  }
}

/** A boolean SQL expression, as used in where/having/on. */
export type Predicate = Expression<boolean>;

/** An expression with an explicit result key. */
export class Labeled<K extends string, T> implements Selectable<K, T> {
  declare readonly __key?: K;
  declare readonly __value?: T;

  /** @internal Made by `expr.as(key)`. */
  constructor(
    readonly key: K,
    readonly expression: Expression<T>,
  ) {}

  /** @internal */
  toSelectionNode(): SelectionNode {
    return selectionNode(this.expression.node, this.key, this.expression.valueType);
  }
}

/** An expression with a natural result key, like an aggregate (`count`) or a column (its property name). */
export class KeyedExpression<K extends string, T> extends Expression<T> implements Selectable<K, T> {
  declare readonly __key?: K;

  /** @internal */
  constructor(
    readonly key: K,
    node: ExprNode,
    valueType?: ColumnType,
    target?: string,
  ) {
    super(node, valueType, target);
  }

  /** @internal */
  toSelectionNode(): SelectionNode {
    return selectionNode(this.node, this.key, this.valueType);
  }
}

const TEXT_TYPE: ColumnType = Object.freeze({ kind: "text" });

export function isSubqueryLike(value: unknown): value is SubqueryLike {
  return typeof value === "object" && value !== null && typeof (value as SubqueryLike).toSelectNode === "function";
}

/**
 * A value or expression as an operand node. `undefined` is refused here: in a
 * filter it would otherwise silently become "match everything" or NULL.
 */
export function toOperandNode(value: unknown, type: ColumnType | undefined, target?: string): ExprNode {
  if (value instanceof Expression) return value.node;
  if (value instanceof Labeled) return value.expression.node;
  if (value === undefined) {
    throw new InvalidValueError(
      `undefined was given as a value${target ? ` for ${target}` : ""}. Pass null for SQL NULL, or leave the condition out.`,
    );
  }
  if (isSubqueryLike(value)) return subqueryNode(value.toSelectNode());
  return paramNode(value, type, target);
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : `Date ${value.toISOString()}`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return value.toString();
  // The class from the prototype, not an own "constructor" key (JSON may have one).
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return "a plain object";
  const ctor = Object.hasOwn(proto, "constructor") ? proto.constructor : undefined;
  return typeof ctor === "function" && ctor.name ? `an instance of ${ctor.name}` : "an object";
}
