import type { Dialect, DialectName } from "../lib/dialects";
import { MigrationFileError } from "../lib/errors";
import { type ColumnChange, compileOperations, type SchemaOperation } from "../lib/schema";
import type { ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema, UniqueSchema } from "../lib/sql";

/** A table given as its schema or as anything that has one (a Core table from defineTable()). */
export type TableSource = TableSchema | { readonly schema: TableSchema };

/**
 * What `up(m)` and `down(m)` receive: a schema API that records changes, and
 * raw SQL. Nothing runs while up()/down() executes; the runner compiles the
 * recorded steps for the database and runs them in order afterwards, so a
 * migration's statement count is known (for progress and for failure reports)
 * before its first statement runs.
 *
 * ```ts
 * export async function up(m: MigrationBuilder) {
 *   m.addColumn("tasks", { name: "due", type: { kind: "date" }, nullable: true, autoIncrement: false });
 *   m.createIndex("tasks", { name: "ix_tasks_due", columns: ["due"], unique: false });
 *   m.sql("UPDATE tasks SET due = '2024-01-01' WHERE due IS NULL");
 * }
 * ```
 *
 * A migration file is trusted code, like the entity classes: what it hands
 * here is written into DDL as the developer wrote it. Names (tables, columns,
 * indexes, constraints) are always quoted identifiers, and default values are
 * rendered as escaped literals; but a default of kind "expression" (plain
 * data such as `{ kind: "expression", expr: { kind: "unsafe", text: "CURRENT_TIMESTAMP" } }`,
 * as generated migrations write it), a type's length or precision, a foreign
 * key action, and m.sql() text are SQL text by design. Unlike statements
 * compiled for queries, these raw nodes need no brand from sql``: never build
 * a migration's arguments from request data.
 */
export interface MigrationBuilder {
  /** The database this runs on, for raw SQL that has to differ. */
  readonly dialect: DialectName;
  createTable(table: TableSource): void;
  /** Drop a table. Give its schema rather than its name where the SQL needs the whole table (SQLite rebuilds). */
  dropTable(table: TableSource | string): void;
  addColumn(table: string, column: ColumnSchema): void;
  dropColumn(table: string, column: ColumnSchema | string): void;
  /** Change a column's type, nullability, default or collation; `changes` says which (by default: every part that differs). */
  alterColumn(table: string, from: ColumnSchema, to: ColumnSchema, changes?: readonly ColumnChange[]): void;
  createIndex(table: string, index: IndexSchema): void;
  dropIndex(table: string, index: IndexSchema | string): void;
  addUnique(table: string, unique: UniqueSchema): void;
  dropUnique(table: string, unique: UniqueSchema | string): void;
  addForeignKey(table: string, foreignKey: ForeignKeySchema): void;
  dropForeignKey(table: string, foreignKey: ForeignKeySchema | string): void;
  /**
   * Recreate a table with another structure, keeping its rows (new table,
   * copy, swap): how SQLite makes changes its ALTER TABLE cannot.
   */
  rebuildTable(from: TableSchema, to: TableSchema): void;
  /** One raw SQL statement, run as written (no parameters; one statement per call). */
  sql(text: string): void;
}

type Step = { readonly kind: "operation"; readonly operation: SchemaOperation } | { readonly kind: "sql"; readonly text: string };

function schemaOf(table: TableSource): TableSchema {
  return "schema" in table ? table.schema : table;
}

/** A table known only by name: enough for a DROP TABLE. */
function namedTable(name: string): TableSchema {
  return { name, columns: [], primaryKey: [], foreignKeys: [], uniques: [], indexes: [] };
}

function namedColumn(name: string): ColumnSchema {
  return { name, type: { kind: "text" }, nullable: true, autoIncrement: false };
}

function same(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)) ===
    JSON.stringify(b, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))
  );
}

function columnChanges(from: ColumnSchema, to: ColumnSchema): ColumnChange[] {
  const changes: ColumnChange[] = [];
  if (!same(from.type, to.type)) changes.push("type");
  if (from.nullable !== to.nullable) changes.push("nullable");
  if (!same(from.default, to.default)) changes.push("default");
  if (from.collation !== to.collation) changes.push("collation");
  return changes;
}

/** Records the steps of one up() or down() call; `statements()` compiles them for a dialect. */
export class RecordingMigrationBuilder implements MigrationBuilder {
  private readonly steps: Step[] = [];

  constructor(private readonly target: Dialect) {}

  get dialect(): DialectName {
    return this.target.name;
  }

  createTable(table: TableSource): void {
    this.operation({ kind: "createTable", table: schemaOf(table) });
  }

  dropTable(table: TableSource | string): void {
    this.operation({ kind: "dropTable", table: typeof table === "string" ? namedTable(table) : schemaOf(table) });
  }

  addColumn(table: string, column: ColumnSchema): void {
    this.operation({ kind: "addColumn", table, column });
  }

  dropColumn(table: string, column: ColumnSchema | string): void {
    this.operation({ kind: "dropColumn", table, column: typeof column === "string" ? namedColumn(column) : column });
  }

  alterColumn(table: string, from: ColumnSchema, to: ColumnSchema, changes?: readonly ColumnChange[]): void {
    if (from.name !== to.name) {
      throw new MigrationFileError(`alterColumn("${table}") cannot rename ${from.name} to ${to.name}; use m.sql() for a rename.`);
    }
    this.operation({ kind: "alterColumn", table, from, to, changes: changes ?? columnChanges(from, to) });
  }

  createIndex(table: string, index: IndexSchema): void {
    this.operation({ kind: "addIndex", table, index });
  }

  dropIndex(table: string, index: IndexSchema | string): void {
    this.operation({ kind: "dropIndex", table, index: typeof index === "string" ? { name: index, columns: [], unique: false } : index });
  }

  addUnique(table: string, unique: UniqueSchema): void {
    this.operation({ kind: "addUnique", table, unique });
  }

  dropUnique(table: string, unique: UniqueSchema | string): void {
    this.operation({ kind: "dropUnique", table, unique: typeof unique === "string" ? { name: unique, columns: [] } : unique });
  }

  addForeignKey(table: string, foreignKey: ForeignKeySchema): void {
    this.operation({ kind: "addForeignKey", table, foreignKey });
  }

  dropForeignKey(table: string, foreignKey: ForeignKeySchema | string): void {
    const fk = typeof foreignKey === "string" ? { name: foreignKey, columns: [], referencedTable: "", referencedColumns: [] } : foreignKey;
    this.operation({ kind: "dropForeignKey", table, foreignKey: fk });
  }

  rebuildTable(from: TableSchema, to: TableSchema): void {
    this.operation({ kind: "rebuildTable", from, to });
  }

  sql(text: string): void {
    if (typeof text !== "string" || text.trim() === "") throw new MigrationFileError("m.sql() needs the text of one SQL statement.");
    this.steps.push({ kind: "sql", text });
  }

  /**
   * The SQL of the recorded steps, in order. Consecutive schema operations
   * are compiled together, so the compiler can plan them as one change (a
   * SQLite table rebuild covers several column changes at once).
   */
  statements(): string[] {
    const out: string[] = [];
    let batch: SchemaOperation[] = [];
    const flush = () => {
      if (batch.length > 0) out.push(...compileOperations(this.target, batch));
      batch = [];
    };
    for (const step of this.steps) {
      if (step.kind === "operation") batch.push(step.operation);
      else {
        flush();
        out.push(step.text);
      }
    }
    flush();
    return out;
  }

  private operation(operation: SchemaOperation): void {
    this.steps.push({ kind: "operation", operation });
  }
}
