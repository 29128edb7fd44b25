import { InvalidValueError } from "../errors";
import type { Column } from "./column";
import type { Executable } from "./executable";
import type { Selectable } from "./expression";
import type { DefaultValueNode, ExprNode, InsertNode, OnConflictNode } from "./nodes";
import type { SelectRow } from "./select-builder";
import type { InsertRowOf, RowOf } from "./table";
import type { UpdateValues } from "./update-builder";
import { type AnyTable, columnByKey, generatedValue, returningSelection, writeValueNode } from "./write-values";

const DEFAULT: DefaultValueNode = Object.freeze({ kind: "default" });

export interface OnConflictDoUpdate<TTable extends AnyTable> {
  /** The columns of the unique key that conflicts. */
  readonly target: readonly Column<string, unknown>[];
  /** New values for the existing row: plain values, `excluded(table.c.x)` for the proposed value, or sql`` expressions. */
  readonly set: UpdateValues<TTable>;
}

/** An immutable INSERT builder. Without returning() its result has no rows, only rowCount (and insertId where the database reports one). */
export class InsertBuilder<TTable extends AnyTable, TRow = never> implements Executable<TRow> {
  declare readonly __row?: () => TRow;

  constructor(
    private readonly table: TTable,
    private readonly state: InsertNode,
  ) {}

  /** One row or many; rows may leave out columns that have defaults. */
  values(rows: InsertRowOf<TTable> | readonly InsertRowOf<TTable>[]): InsertBuilder<TTable, TRow> {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[];
    if (this.state.rows.length > 0) {
      throw new InvalidValueError(`insert(${this.table.name}).values() was called twice; pass every row in one call.`);
    }
    if (list.length === 0) throw new InvalidValueError(`insert(${this.table.name}).values() needs at least one row.`);
    const statement = `insert(${this.table.name})`;
    const keys: string[] = [];
    for (const row of list) {
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        throw new InvalidValueError(`${statement}.values() takes objects keyed by column, got ${row === null ? "null" : typeof row}.`);
      }
      for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
    }
    const columns = keys.map((k) => columnByKey(this.table, k, statement));
    for (const c of this.table.columns) {
      if (!keys.includes(c.key) && generatedValue(c) !== undefined) columns.push(c);
    }
    const nodeRows = list.map((row) =>
      columns.map((c): ExprNode | DefaultValueNode => {
        if (Object.hasOwn(row, c.key)) return writeValueNode(c, row[c.key], statement);
        const generated = generatedValue(c);
        return generated === undefined ? DEFAULT : writeValueNode(c, generated, statement);
      }),
    );
    const schemaColumns = new Map(this.table.schema.columns.map((c) => [c.name, c]));
    return this.with({
      columns: columns.map((c) => {
        const sc = schemaColumns.get(c.name);
        return {
          name: c.name,
          type: c.config.type,
          autoIncrement: sc?.autoIncrement ?? false,
          ...(sc?.default ? { default: sc.default } : {}),
        };
      }),
      rows: nodeRows,
    });
  }

  /** Return columns of the inserted rows (every column when none are named). Needs RETURNING support: PostgreSQL, SQLite. */
  returning(): InsertBuilder<TTable, RowOf<TTable>>;
  returning<const Items extends readonly [Selectable, ...Selectable[]]>(...items: Items): InsertBuilder<TTable, SelectRow<Items>>;
  returning(...items: Selectable[]): InsertBuilder<TTable, unknown> {
    return this.with({ returning: returningSelection(this.table, items) });
  }

  /** Skip rows that would break a unique key (ON CONFLICT DO NOTHING; on MySQL a no-op ON DUPLICATE KEY UPDATE). */
  onConflictDoNothing(options: { target?: readonly Column<string, unknown>[] } = {}): InsertBuilder<TTable, TRow> {
    return this.with({ onConflict: { target: (options.target ?? []).map((c) => c.name) } });
  }

  /** Upsert: update the existing row where a unique key conflicts. */
  onConflictDoUpdate(options: OnConflictDoUpdate<TTable>): InsertBuilder<TTable, TRow> {
    const statement = `insert(${this.table.name}).onConflictDoUpdate()`;
    if (!options.target || options.target.length === 0) {
      throw new InvalidValueError(`${statement} needs target: the columns of the unique key, e.g. [users.c.email].`);
    }
    const entries = Object.entries(options.set as Record<string, unknown>);
    if (entries.length === 0) throw new InvalidValueError(`${statement} needs at least one column in set.`);
    const onConflict: OnConflictNode = {
      target: options.target.map((c) => c.name),
      set: entries.map(([k, v]) => {
        const column = columnByKey(this.table, k, statement);
        return [column.name, writeValueNode(column, v, statement)] as const;
      }),
    };
    return this.with({ onConflict });
  }

  toStatementNode(): InsertNode {
    if (this.state.rows.length === 0) throw new InvalidValueError(`insert(${this.table.name}) has no rows; call .values(...).`);
    return this.state;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the row type is re-stated by each public method.
  private with(patch: Partial<InsertNode>): any {
    return new InsertBuilder(this.table, Object.freeze({ ...this.state, ...patch }));
  }
}

/** INSERT INTO a table. */
export function insert<TTable extends AnyTable>(table: TTable): InsertBuilder<TTable> {
  return new InsertBuilder(table, Object.freeze({ kind: "insert", table: table.toTableRef(), columns: [], rows: [] }));
}
