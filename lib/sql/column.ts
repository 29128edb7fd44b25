import type { ColumnConfig } from "./column-builder";
import { KeyedExpression } from "./expression";
import { columnNode } from "./nodes/create-nodes";

/** What a column knows of the table it belongs to. */
export interface ColumnOwner {
  readonly name: string;
  readonly alias?: string;
}

/**
 * A column of a table, usable as an expression (`users.c.name.eq("Safi")`),
 * as a selection (its key is the property it was defined under) and as an
 * ordering (`users.c.name.desc()`).
 */
export class Column<K extends string, T> extends KeyedExpression<K, T> {
  /** @internal */
  constructor(
    key: K,
    /** The database column name. */
    readonly name: string,
    readonly table: ColumnOwner,
    readonly config: ColumnConfig,
  ) {
    const ref = table.alias ?? table.name;
    super(key, columnNode(ref, name, config.type), config.type, `${table.name}.${name}`);
  }
}
