import { InvalidValueError } from "../errors";
import type { Column } from "./column";
import type { Executable } from "./executable";
import { describeValue, Expression, isSubqueryLike, Labeled, type Selectable } from "./expression";
import type { DefaultValueNode, ExprNode, InsertNode, InsertRowNode, OnConflictNode } from "./nodes";
import { defaultValueNode, insertNode, valuesRowNode } from "./nodes/create-nodes";
import type { SelectRow } from "./select-builder";
import type { InsertRowOf, RowOf } from "./table";
import type { UpdateValues } from "./update-builder";
import { type AnyTable, columnByKey, generatedValue, returningSelection, writeValueNode } from "./write-values";

const DEFAULT: DefaultValueNode = defaultValueNode();

export interface OnConflictDoUpdate<TTable extends AnyTable> {
  /** The columns of the unique key that conflicts. */
  readonly target: readonly Column<string, unknown>[];
  /** New values for the existing row: plain values, `excluded(table.c.x)` for the proposed value, or sql`` expressions. */
  readonly set: UpdateValues<TTable>;
}

/** An immutable INSERT builder. Without returning() its result has no rows, only rowCount (and insertId where the database reports one). */
export class InsertBuilder<TTable extends AnyTable, TRow = never> implements Executable<TRow> {
  declare readonly __row?: () => TRow;

  /** @internal */
  constructor(
    private readonly table: TTable,
    private readonly state: InsertNode,
  ) {}

  /** One row or many; rows may leave out columns that have defaults. */
  values(rows: InsertRowOf<TTable> | readonly InsertRowOf<TTable>[]): InsertBuilder<TTable, TRow> {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[];
    const statement = this.startValues(list.length);
    const keys = new Set<string>();
    for (const row of list) {
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        throw new InvalidValueError(`${statement}.values() takes objects keyed by column, got ${row === null ? "null" : typeof row}.`);
      }
      for (const key of Object.keys(row)) keys.add(key);
    }
    const columns = [...keys].map((k) => columnByKey(this.table, k, statement));
    columns.push(...this.generatedColumns(keys));
    const nodeRows = list.map((row): InsertRowNode => {
      const values = new Array<unknown>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        const value = Object.hasOwn(row, c.key) ? row[c.key] : generatedValue(c);
        if (!isPlainValue(value)) return expressionRow(columns, row, statement);
        values[i] = value;
      }
      return valuesRowNode(values);
    });
    return this.withRows(columns, nodeRows);
  }

  /**
   * Many rows as arrays, each holding one value per column of `columns`, in
   * that order: the bulk form of values(), without an object per row. Every
   * row gives every column (generated uuid keys aside, which are filled in as
   * values() fills them). The arrays become part of the statement as they
   * are, not copied: leave them unchanged once given.
   *
   * ```ts
   * insert(users).valueRows([users.c.name, users.c.email], [["Ada", "ada@example.com"], ["Safi", "safi@example.com"]]);
   * ```
   * The generated SQL (PostgreSQL):
   * ```sql
   * INSERT INTO "users" ("name", "email") VALUES ($1, $2), ($3, $4)
   * ```
   */
  valueRows(columns: readonly Column<string, unknown>[], rows: readonly (readonly unknown[])[]): InsertBuilder<TTable, TRow> {
    const statement = this.startValues(rows.length);
    const keys = new Set<string>();
    for (const c of columns) {
      const own = columnByKey(this.table, c.key, statement);
      if (own.name !== c.name || c.table.name !== this.table.name) {
        throw new InvalidValueError(`${statement}.valueRows(): ${c.table.name}.${c.name} is not a column of ${this.table.name}.`);
      }
      if (keys.has(c.key)) throw new InvalidValueError(`${statement}.valueRows() names the column ${c.name} twice.`);
      keys.add(c.key);
    }
    const all = [...columns, ...this.generatedColumns(keys)];
    const nodeRows = new Array<InsertRowNode>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (!Array.isArray(row) || row.length !== columns.length) {
        throw new InvalidValueError(
          `${statement}.valueRows() takes arrays of ${columns.length} values (one per column), got ${Array.isArray(row) ? `an array of ${row.length}` : describeValue(row)} at row ${r}.`,
        );
      }
      let plain = true;
      for (let i = 0; i < row.length && plain; i++) plain = isPlainValue(row[i]);
      const values = all.length === row.length ? row : [...row, ...all.slice(row.length).map(generatedValue)];
      nodeRows[r] = plain ? valuesRowNode(values) : all.map((c, i) => writeValueNode(c, values[i], statement));
    }
    return this.withRows(all, nodeRows);
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

  /** @internal */
  toStatementNode(): InsertNode {
    if (this.state.rows.length === 0) throw new InvalidValueError(`insert(${this.table.name}) has no rows; call .values(...).`);
    return this.state;
  }

  /** Refuse a second values()/valueRows() and an empty row list; returns the statement's name for messages. */
  private startValues(rowCount: number): string {
    if (this.state.rows.length > 0) {
      throw new InvalidValueError(`insert(${this.table.name}).values() was called twice; pass every row in one call.`);
    }
    if (rowCount === 0) throw new InvalidValueError(`insert(${this.table.name}).values() needs at least one row.`);
    return `insert(${this.table.name})`;
  }

  /** Columns whose value Strata generates (uuid keys) that the given keys leave out. */
  private generatedColumns(keys: ReadonlySet<string>): Column<string, unknown>[] {
    return this.table.columns.filter((c) => !keys.has(c.key) && generatedValue(c) !== undefined);
  }

  private withRows(columns: readonly Column<string, unknown>[], rows: readonly InsertRowNode[]): InsertBuilder<TTable, TRow> {
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
      rows,
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: the row type is re-stated by each public method.
  private with(patch: Partial<InsertNode>): any {
    return new InsertBuilder(this.table, Object.freeze({ ...this.state, ...patch }));
  }
}

/** Whether a value is bound as a parameter as it is (not an expression, subquery or undefined, which need nodes). */
function isPlainValue(value: unknown): boolean {
  if (typeof value !== "object") return value !== undefined;
  if (value === null || value instanceof Date) return true;
  return !(value instanceof Expression) && !(value instanceof Labeled) && !isSubqueryLike(value);
}

/** A row with an expression (or DEFAULT) in it, as nodes. */
function expressionRow(columns: readonly Column<string, unknown>[], row: Record<string, unknown>, statement: string): InsertRowNode {
  return columns.map((c): ExprNode | DefaultValueNode => {
    if (Object.hasOwn(row, c.key)) return writeValueNode(c, row[c.key], statement);
    const generated = generatedValue(c);
    return generated === undefined ? DEFAULT : writeValueNode(c, generated, statement);
  });
}

/** INSERT INTO a table. */
export function insert<TTable extends AnyTable>(table: TTable): InsertBuilder<TTable> {
  return new InsertBuilder(table, insertNode(table.toTableRef(), [], []));
}
