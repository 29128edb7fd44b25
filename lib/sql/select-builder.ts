import { InvalidStatementError, InvalidValueError } from "../errors";
import { Column } from "./column";
import { type EntityRow, type EntitySource, tableOfSource } from "./entity-source";
import type { Executable } from "./executable";
import { describeValue, Expression, Ordering, type Selectable, type SubqueryLike } from "./expression";
import { FilterGroup } from "./filter-group";
import type { Condition } from "./functions";
import type { JoinNode, OrderByNode, SelectionNode, SelectNode, TableRefNode } from "./nodes";
import { andNode, joinNode, orderByNode, selectNode, tableNode } from "./nodes/create-nodes";
import { type RowOf, Table } from "./table";
import type { AnyTable } from "./write-values";

/** What select() takes: whole tables (every column) and selectable expressions. */
export type SelectItem = AnyTable | Selectable<string, unknown> | EntitySource;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ItemRow<I> = I extends AnyTable
  ? RowOf<I>
  : I extends Selectable<infer K, infer T>
    ? { [P in K]: T }
    : I extends EntitySource<infer E>
      ? EntityRow<E>
      : never;

/** The row type of a select over these items: each column under its key, each labelled expression under its label. */
export type SelectRow<Items extends readonly SelectItem[]> = Simplify<UnionToIntersection<ItemRow<Items[number]>>>;

/** An ordering: `users.c.name.desc()`, or an expression (ascending). */
export type OrderItem = Ordering | Expression<unknown>;

function checkCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidValueError(`${what} takes a non-negative integer, got ${describeValue(value)}.`);
  }
  return value;
}

/** An orderBy() item as its node: only orderings and expressions Strata built, never an object of their shape. */
/** The ORDER BY item of an ordering, or of an expression (ascending); anything else is refused. */
function orderingOf(item: unknown): OrderByNode {
  if (item instanceof Ordering) return item.node;
  if (item instanceof Expression) return orderByNode(item.node, "asc");
  throw new InvalidValueError(
    `orderBy() takes orderings such as users.c.name.desc() and expressions such as users.c.name (ascending), got ${describeValue(item)}.`,
  );
}

function conditionNode(condition: Condition, where: string) {
  if (condition instanceof FilterGroup) {
    throw new InvalidValueError(
      `${where} was given ${condition.op}() of entity filters or values; in a Core statement combine conditions such as users.c.id.eq(1) (entity filters work in session.query(...).where()).`,
    );
  }
  if (!(condition instanceof Expression)) {
    throw new InvalidValueError(`${where} takes a condition such as users.c.id.eq(1) or sql\`...\`.`);
  }
  return condition.node;
}

function selectionOf(items: readonly SelectItem[]): SelectionNode[] {
  const selection: SelectionNode[] = [];
  for (const item of items) {
    if (item instanceof Table) {
      for (const col of item.columns) selection.push(col.toSelectionNode());
    } else if (item && typeof (item as Selectable).toSelectionNode === "function") {
      selection.push((item as Selectable).toSelectionNode());
    } else if (typeof item === "function") {
      throw new InvalidValueError(
        `select(${item.name}): ${item.name} is not mapped with @Table; select() takes entity classes, tables and columns/expressions.`,
      );
    } else {
      throw new InvalidValueError("select() takes tables and columns/expressions, e.g. select(users) or select(users.c.id, count()).");
    }
  }
  const seen = new Set<string>();
  for (const s of selection) {
    if (seen.has(s.key)) {
      throw new InvalidStatementError(`Two selected values share the result key "${s.key}"; name one with .as("otherName").`);
    }
    seen.add(s.key);
  }
  return selection;
}

function firstTableOf(items: readonly SelectItem[]): TableRefNode | undefined {
  for (const item of items) {
    if (item instanceof Table) return item.toTableRef();
    if (item instanceof Column) {
      const t = item.table;
      return tableNode(t.name, t.alias);
    }
  }
  return undefined;
}

/**
 * An immutable SELECT builder: each method returns a new builder, so a
 * half-built query can be shared and extended safely.
 */
export class SelectBuilder<TRow> implements Executable<TRow>, SubqueryLike<TRow[keyof TRow]> {
  declare readonly __row?: () => TRow;
  declare readonly __value?: TRow[keyof TRow];

  /** @internal */
  constructor(private readonly state: SelectNode) {}

  /** The table to select from; by default the table of the first selected column. */
  from(table: AnyTable): SelectBuilder<TRow> {
    return this.with({ from: table.toTableRef() });
  }

  join(table: AnyTable, on: Condition): SelectBuilder<TRow> {
    return this.addJoin("inner", table, on);
  }

  innerJoin(table: AnyTable, on: Condition): SelectBuilder<TRow> {
    return this.addJoin("inner", table, on);
  }

  /** LEFT OUTER JOIN: columns of `table` are NULL where no row matched. */
  leftJoin(table: AnyTable, on: Condition): SelectBuilder<TRow> {
    return this.addJoin("left", table, on);
  }

  /** Filter rows; calling where() again adds a condition with AND. */
  where(condition: Condition): SelectBuilder<TRow> {
    const node = conditionNode(condition, "where()");
    const where = andNode(this.state.where, node);
    return this.with({ where });
  }

  orderBy(...items: OrderItem[]): SelectBuilder<TRow> {
    const order = items.map(orderingOf);
    return this.with({ orderBy: [...this.state.orderBy, ...order] });
  }

  groupBy(...exprs: Expression<unknown>[]): SelectBuilder<TRow> {
    const nodes = exprs.map((e) => {
      if (!(e instanceof Expression))
        throw new InvalidValueError(`groupBy() takes expressions such as users.c.id, got ${describeValue(e)}.`);
      return e.node;
    });
    return this.with({ groupBy: [...this.state.groupBy, ...nodes] });
  }

  having(condition: Condition): SelectBuilder<TRow> {
    const node = conditionNode(condition, "having()");
    const having = andNode(this.state.having, node);
    return this.with({ having });
  }

  limit(count: number): SelectBuilder<TRow> {
    return this.with({ limit: checkCount(count, "limit()") });
  }

  offset(count: number): SelectBuilder<TRow> {
    return this.with({ offset: checkCount(count, "offset()") });
  }

  distinct(): SelectBuilder<TRow> {
    return this.with({ distinct: true });
  }

  /** SELECT ... FOR UPDATE: lock the selected rows until the transaction ends (ignored where the database locks whole files). */
  forUpdate(): SelectBuilder<TRow> {
    return this.with({ forUpdate: true });
  }

  /** @internal */
  toSelectNode(): SelectNode {
    if (!this.state.from) {
      throw new InvalidStatementError("This select has no table to read from; add .from(table).");
    }
    return this.state;
  }

  /** @internal */
  toStatementNode(): SelectNode {
    return this.toSelectNode();
  }

  private addJoin(type: JoinNode["type"], table: AnyTable, on: Condition): SelectBuilder<TRow> {
    return this.with({ joins: [...this.state.joins, joinNode(type, table.toTableRef(), conditionNode(on, `${type}Join()`))] });
  }

  private with(patch: Partial<SelectNode>): SelectBuilder<TRow> {
    return new SelectBuilder<TRow>(selectNode({ ...this.state, ...patch }));
  }
}

/**
 * SELECT the given tables and expressions.
 *
 * ```ts
 * select(users).where(users.c.name.eq("Safi"))
 * // SELECT "users"."id" AS "id", "users"."name" AS "name" FROM "users" WHERE "users"."name" = $1
 * select(tasks.c.ownerId, count()).groupBy(tasks.c.ownerId).having(count().gt(1))
 * ```
 */
export function select<const Items extends readonly [SelectItem, ...SelectItem[]]>(...given: Items): SelectBuilder<SelectRow<Items>> {
  if (given.length === 0) throw new InvalidValueError("select() needs at least one table or column.");
  // A mapped class stands for its table: select(User) is select(tableOf(User)).
  const items = given.map((item) => tableOfSource(item) ?? item) as readonly SelectItem[];
  const from = firstTableOf(items);
  return new SelectBuilder<SelectRow<Items>>(selectNode({ selection: selectionOf(items), from }));
}
