import { InvalidValueError } from "../errors";
import type { Executable } from "./executable";
import { Expression, type Operand, type Selectable } from "./expression";
import type { Condition } from "./functions";
import type { ExprNode, UpdateNode } from "./nodes";
import { andNode, updateNode } from "./nodes/create-nodes";
import type { SelectRow } from "./select-builder";
import type { RowOf } from "./table";
import { type AnyTable, columnByKey, returningSelection, writeValueNode } from "./write-values";

/**
 * Values for UPDATE ... SET: plain values, or expressions of the column's type
 * (`excluded(t.c.n)`, another column, or sql`${t.c.n} + 1`, which fits any column).
 */
export type UpdateValues<TTable extends AnyTable> = { [K in keyof RowOf<TTable>]?: Operand<RowOf<TTable>[K]> };

export function andWhere(current: ExprNode | undefined, condition: Condition, where: string): ExprNode {
  if (!(condition instanceof Expression)) throw new InvalidValueError(`${where} takes a condition such as users.c.id.eq(1).`);
  return andNode(current, condition.node);
}

/** An immutable UPDATE builder. Its result's rowCount is the number of rows matched. */
export class UpdateBuilder<TTable extends AnyTable, TRow = never> implements Executable<TRow> {
  declare readonly __row?: () => TRow;

  /** @internal */
  constructor(
    private readonly table: TTable,
    private readonly state: UpdateNode,
  ) {}

  set(values: UpdateValues<TTable>): UpdateBuilder<TTable, TRow> {
    const statement = `update(${this.table.name}).set()`;
    if (typeof values !== "object" || values === null) throw new InvalidValueError(`${statement} takes an object keyed by column.`);
    const entries = Object.entries(values as Record<string, unknown>);
    if (entries.length === 0) throw new InvalidValueError(`${statement} needs at least one column.`);
    const set = entries.map(([k, v]) => {
      const column = columnByKey(this.table, k, statement);
      return [column.name, writeValueNode(column, v, statement)] as const;
    });
    return this.with({ set: [...this.state.set, ...set] });
  }

  /** Which rows to update; called again, conditions combine with AND. */
  where(condition: Condition): UpdateBuilder<TTable, TRow> {
    return this.with({ where: andWhere(this.state.where, condition, `update(${this.table.name}).where()`) });
  }

  returning(): UpdateBuilder<TTable, RowOf<TTable>>;
  returning<const Items extends readonly [Selectable, ...Selectable[]]>(...items: Items): UpdateBuilder<TTable, SelectRow<Items>>;
  returning(...items: Selectable[]): UpdateBuilder<TTable, unknown> {
    return this.with({ returning: returningSelection(this.table, items) });
  }

  /** @internal */
  toStatementNode(): UpdateNode {
    if (this.state.set.length === 0) throw new InvalidValueError(`update(${this.table.name}) has nothing to set; call .set({...}).`);
    return this.state;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the row type is re-stated by each public method.
  private with(patch: Partial<UpdateNode>): any {
    return new UpdateBuilder(this.table, Object.freeze({ ...this.state, ...patch }));
  }
}

/** UPDATE a table: `update(users).set({ name: "x" }).where(users.c.id.eq(1))`. */
export function update<TTable extends AnyTable>(table: TTable): UpdateBuilder<TTable> {
  return new UpdateBuilder(table, updateNode(table.toTableRef(), []));
}
