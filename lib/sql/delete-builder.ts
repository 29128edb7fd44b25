import type { Executable } from "./executable";
import type { Selectable } from "./expression";
import type { Condition } from "./functions";
import type { DeleteNode } from "./nodes";
import { deleteNode } from "./nodes/create-nodes";
import type { SelectRow } from "./select-builder";
import type { RowOf } from "./table";
import { andWhere } from "./update-builder";
import { type AnyTable, returningSelection } from "./write-values";

/** An immutable DELETE builder. Its result's rowCount is the number of rows deleted. */
export class DeleteBuilder<TTable extends AnyTable, TRow = never> implements Executable<TRow> {
  declare readonly __row?: () => TRow;

  /** @internal */
  constructor(
    private readonly table: TTable,
    private readonly state: DeleteNode,
  ) {}

  where(condition: Condition): DeleteBuilder<TTable, TRow> {
    return this.with({ where: andWhere(this.state.where, condition, `del(${this.table.name}).where()`) });
  }

  returning(): DeleteBuilder<TTable, RowOf<TTable>>;
  returning<const Items extends readonly [Selectable, ...Selectable[]]>(...items: Items): DeleteBuilder<TTable, SelectRow<Items>>;
  returning(...items: Selectable[]): DeleteBuilder<TTable, unknown> {
    return this.with({ returning: returningSelection(this.table, items) });
  }

  /** @internal */
  toStatementNode(): DeleteNode {
    return this.state;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the row type is re-stated by each public method.
  private with(patch: Partial<DeleteNode>): any {
    return new DeleteBuilder(this.table, Object.freeze({ ...this.state, ...patch }));
  }
}

/** DELETE FROM a table (`delete` is a reserved word, hence `del`). */
export function del<TTable extends AnyTable>(table: TTable): DeleteBuilder<TTable> {
  return new DeleteBuilder(table, deleteNode(table.toTableRef()));
}
