import type { Dialect, DialectName } from "../lib/dialects";
import type { Connection } from "../lib/engine";
import { MigrationFileError } from "../lib/errors";
import { type ColumnChange, compileOperations, type SchemaOperation } from "../lib/schema";
import type { ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema, UniqueSchema } from "../lib/sql";

/**
 * A column as a migration writes it. Left out: `nullable` is false (NOT
 * NULL, as entity columns are) and `autoIncrement` false.
 */
export type ColumnInput = Omit<ColumnSchema, "nullable" | "autoIncrement"> & {
  readonly nullable?: boolean;
  readonly autoIncrement?: boolean;
};

/** An index as a migration writes it; `unique` is false when left out. */
export type IndexInput = Omit<IndexSchema, "unique"> & { readonly unique?: boolean };

/** A table as a migration writes it: keys, constraints and indexes it has none of can be left out. */
export interface TableInput {
  readonly name: string;
  readonly columns: readonly ColumnInput[];
  readonly primaryKey?: readonly string[];
  readonly foreignKeys?: readonly ForeignKeySchema[];
  readonly uniques?: readonly UniqueSchema[];
  readonly indexes?: readonly IndexInput[];
  readonly comment?: string;
}

/** A table given as its schema or as anything that has one (a Core table from defineTable()). */
export type TableSource = TableInput | { readonly schema: TableSchema };

/**
 * What `up(m)` and `down(m)` receive: a schema API that records changes, raw
 * SQL, and code to run. Nothing runs while up()/down() executes; the runner
 * compiles the recorded steps for the database and runs them in order
 * afterwards, so a migration's step count is known (for progress and for
 * failure reports) before its first step runs.
 *
 * ```ts
 * export async function up(m: MigrationBuilder) {
 *   m.addColumn("tasks", { name: "due", type: { kind: "date" }, nullable: true });
 *   m.createIndex("tasks", { name: "ix_tasks_due", columns: ["due"] });
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
  /** Drop a table by name (or give its schema). */
  dropTable(table: TableSource | string): void;
  /** Rename a table, keeping its rows; foreign keys that reference it follow. Reversed by renaming it back. */
  renameTable(from: string, to: string): void;
  addColumn(table: string, column: ColumnInput): void;
  dropColumn(table: string, column: ColumnInput | string): void;
  /** Rename a column, keeping its values; indexes and foreign keys on it follow. Reversed by renaming it back. */
  renameColumn(table: string, from: string, to: string): void;
  /**
   * Change a column's type, nullability, default, collation or comment;
   * `changes` says which (by default: every part that differs).
   */
  alterColumn(table: string, from: ColumnInput, to: ColumnInput, changes?: readonly ColumnChange[]): void;
  createIndex(table: string, index: IndexInput): void;
  dropIndex(table: string, index: IndexInput | string): void;
  addUnique(table: string, unique: UniqueSchema): void;
  dropUnique(table: string, unique: UniqueSchema | string): void;
  addForeignKey(table: string, foreignKey: ForeignKeySchema): void;
  dropForeignKey(table: string, foreignKey: ForeignKeySchema | string): void;
  /** Set a table's comment; none removes it (databases without comments, SQLite, ignore it). */
  setTableComment(table: string, comment?: string): void;
  /**
   * Recreate a table with another structure, keeping its rows (new table,
   * copy, swap): how SQLite makes changes its ALTER TABLE cannot.
   */
  rebuildTable(from: TableSource, to: TableSource): void;
  /** One raw SQL statement, run as written (no parameters; one statement per call). */
  sql(text: string): void;
  /**
   * Code that runs at this point of the migration, with `db`, a Core
   * connection inside the migration's transaction (its own transaction on
   * MySQL/MariaDB, which cannot roll DDL back): read rows, compute, write
   * them back. Steps before it have run; steps after it run once it
   * resolves. A throw fails the migration like a failing statement. Use `db`
   * only: another connection would wait for this one's locks. On SQLite,
   * foreign keys are not enforced while a migration runs (its table
   * rebuilds need that), so the code must keep its references whole.
   *
   * ```ts
   * m.run(async (db) => {
   *   for (const row of (await db.execute(select(people))).all()) {
   *     const [first, ...rest] = row.fullName.split(" ");
   *     await db.execute(update(people).set({ firstName: first, lastName: rest.join(" ") }).where(people.c.id.eq(row.id)));
   *   }
   * });
   * ```
   */
  run(code: (db: Connection) => Promise<void>, description?: string): void;
}

/** A step of a planned migration: SQL to run, or code to call with the migration's connection. */
export type MigrationStep =
  | { readonly kind: "sql"; readonly sql: string }
  | { readonly kind: "code"; readonly run: (db: Connection) => Promise<void>; readonly description: string };

type Step =
  | { readonly kind: "operation"; readonly operation: SchemaOperation }
  | { readonly kind: "sql"; readonly text: string }
  | { readonly kind: "code"; readonly run: (db: Connection) => Promise<void>; readonly description: string };

function column(input: ColumnInput): ColumnSchema {
  return { ...input, nullable: input.nullable ?? false, autoIncrement: input.autoIncrement ?? false };
}

function index(input: IndexInput): IndexSchema {
  return { ...input, unique: input.unique ?? false };
}

function schemaOf(table: TableSource): TableSchema {
  if ("schema" in table) return table.schema;
  return {
    name: table.name,
    columns: (table.columns ?? []).map(column),
    primaryKey: table.primaryKey ?? [],
    foreignKeys: table.foreignKeys ?? [],
    uniques: table.uniques ?? [],
    indexes: (table.indexes ?? []).map(index),
    ...(table.comment !== undefined ? { comment: table.comment } : {}),
  };
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

/** Every part of a column that differs between two definitions: what alterColumn changes when not told. */
export function columnChanges(from: ColumnSchema, to: ColumnSchema): ColumnChange[] {
  const changes: ColumnChange[] = [];
  if (!same(from.type, to.type)) changes.push("type");
  if (from.nullable !== to.nullable) changes.push("nullable");
  if (!same(from.default, to.default)) changes.push("default");
  if (from.collation !== to.collation) changes.push("collation");
  if ((from.comment ?? "") !== (to.comment ?? "")) changes.push("comment");
  return changes;
}

function names(table: string, from: unknown, to: unknown, what: string): void {
  if (typeof from !== "string" || from === "" || typeof to !== "string" || to === "") {
    throw new MigrationFileError(
      `${what}${table ? ` on ${table}` : ""} needs the old and the new name, got ${JSON.stringify(from)} and ${JSON.stringify(to)}.`,
    );
  }
}

/** Records the steps of one up() or down() call; `steps()` compiles them for a dialect. */
export class RecordingMigrationBuilder implements MigrationBuilder {
  private readonly recorded: Step[] = [];

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

  renameTable(from: string, to: string): void {
    names("", from, to, "renameTable()");
    this.operation({ kind: "renameTable", from, to });
  }

  addColumn(table: string, input: ColumnInput): void {
    this.operation({ kind: "addColumn", table, column: column(input) });
  }

  dropColumn(table: string, input: ColumnInput | string): void {
    this.operation({ kind: "dropColumn", table, column: typeof input === "string" ? namedColumn(input) : column(input) });
  }

  renameColumn(table: string, from: string, to: string): void {
    names(table, from, to, "renameColumn()");
    this.operation({ kind: "renameColumn", table, from, to });
  }

  alterColumn(table: string, fromInput: ColumnInput, toInput: ColumnInput, changes?: readonly ColumnChange[]): void {
    const from = column(fromInput);
    const to = column(toInput);
    if (from.name !== to.name) {
      throw new MigrationFileError(
        `alterColumn("${table}") cannot rename ${from.name} to ${to.name}; call m.renameColumn("${table}", "${from.name}", "${to.name}") first, then alter the column under its new name.`,
      );
    }
    this.operation({ kind: "alterColumn", table, from, to, changes: changes ?? columnChanges(from, to) });
  }

  createIndex(table: string, input: IndexInput): void {
    this.operation({ kind: "addIndex", table, index: index(input) });
  }

  dropIndex(table: string, input: IndexInput | string): void {
    this.operation({
      kind: "dropIndex",
      table,
      index: typeof input === "string" ? { name: input, columns: [], unique: false } : index(input),
    });
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

  setTableComment(table: string, comment?: string): void {
    this.operation({ kind: "setTableComment", table, ...(comment ? { comment } : {}) });
  }

  rebuildTable(from: TableSource, to: TableSource): void {
    this.operation({ kind: "rebuildTable", from: schemaOf(from), to: schemaOf(to) });
  }

  sql(text: string): void {
    if (typeof text !== "string" || text.trim() === "") throw new MigrationFileError("m.sql() needs the text of one SQL statement.");
    this.recorded.push({ kind: "sql", text });
  }

  run(code: (db: Connection) => Promise<void>, description?: string): void {
    if (typeof code !== "function") throw new MigrationFileError("m.run() needs a function, e.g. m.run(async (db) => { ... }).");
    const count = this.recorded.filter((s) => s.kind === "code").length + 1;
    this.recorded.push({ kind: "code", run: code, description: description ?? `m.run() #${count}` });
  }

  /**
   * The recorded steps compiled, in order. Consecutive schema operations are
   * compiled together, so the compiler can plan them as one change (a SQLite
   * table rebuild covers several column changes at once).
   */
  steps(): MigrationStep[] {
    const out: MigrationStep[] = [];
    let batch: SchemaOperation[] = [];
    const flush = () => {
      if (batch.length > 0) out.push(...compileOperations(this.target, batch).map((sql): MigrationStep => ({ kind: "sql", sql })));
      batch = [];
    };
    for (const step of this.recorded) {
      if (step.kind === "operation") batch.push(step.operation);
      else {
        flush();
        out.push(step.kind === "sql" ? { kind: "sql", sql: step.text } : step);
      }
    }
    flush();
    return out;
  }

  /** The schema operations recorded, in order (raw SQL and code steps left out). */
  operations(): SchemaOperation[] {
    return this.recorded.flatMap((s) => (s.kind === "operation" ? [s.operation] : []));
  }

  /** The SQL of the recorded steps, in order (code steps left out). */
  statements(): string[] {
    return this.steps().flatMap((s) => (s.kind === "sql" ? [s.sql] : []));
  }

  private operation(operation: SchemaOperation): void {
    this.recorded.push({ kind: "operation", operation });
  }
}
