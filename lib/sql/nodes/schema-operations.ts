import type { ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema, UniqueSchema } from "./schema-nodes";

/**
 * One change to a live schema, as plain data: what the schema layer's diff
 * produces, a dialect's DDL compiler turns into SQL, and the schema layer
 * inverts for a migration's down(). Every operation carries enough to be
 * undone (a drop keeps what it drops).
 *
 * These are DDL nodes of the SQL tree, so they live in lib/sql beside the
 * table schema they carry: the dialects compile them and sit below the
 * schema layer, so they could not import them from lib/schema.
 */
export type SchemaOperation =
  | CreateTableOperation
  | DropTableOperation
  | AddColumnOperation
  | DropColumnOperation
  | AlterColumnOperation
  | AddIndexOperation
  | DropIndexOperation
  | AddUniqueOperation
  | DropUniqueOperation
  | AddForeignKeyOperation
  | DropForeignKeyOperation
  | RebuildTableOperation
  | RenameTableOperation
  | RenameColumnOperation
  | SetTableCommentOperation;

export interface CreateTableOperation {
  readonly kind: "createTable";
  readonly table: TableSchema;
}

export interface DropTableOperation {
  readonly kind: "dropTable";
  /** The table as it is before the drop (to recreate it when reversed). */
  readonly table: TableSchema;
}

export interface AddColumnOperation {
  readonly kind: "addColumn";
  readonly table: string;
  readonly column: ColumnSchema;
}

export interface DropColumnOperation {
  readonly kind: "dropColumn";
  readonly table: string;
  /** The column as it is before the drop. */
  readonly column: ColumnSchema;
}

/** What about a column changes: its type, its nullability, its default, its collation, its comment (any of them). */
export type ColumnChange = "type" | "nullable" | "default" | "collation" | "comment";

export interface AlterColumnOperation {
  readonly kind: "alterColumn";
  readonly table: string;
  /** The column as it is now. */
  readonly from: ColumnSchema;
  /** The column as it is wanted (same name). */
  readonly to: ColumnSchema;
  /** Which parts differ, so compilers emit only the clauses needed. */
  readonly changes: readonly ColumnChange[];
}

export interface AddIndexOperation {
  readonly kind: "addIndex";
  readonly table: string;
  readonly index: IndexSchema;
}

export interface DropIndexOperation {
  readonly kind: "dropIndex";
  readonly table: string;
  readonly index: IndexSchema;
}

export interface AddUniqueOperation {
  readonly kind: "addUnique";
  readonly table: string;
  readonly unique: UniqueSchema;
}

export interface DropUniqueOperation {
  readonly kind: "dropUnique";
  readonly table: string;
  readonly unique: UniqueSchema;
}

export interface AddForeignKeyOperation {
  readonly kind: "addForeignKey";
  readonly table: string;
  readonly foreignKey: ForeignKeySchema;
}

export interface DropForeignKeyOperation {
  readonly kind: "dropForeignKey";
  readonly table: string;
  readonly foreignKey: ForeignKeySchema;
}

/**
 * Recreate a table with a new definition and copy its rows over: how SQLite,
 * which cannot alter a column or add/drop constraints in place, makes those
 * changes. Columns present in both definitions keep their values; columns
 * only in `to` take their defaults.
 */
export interface RebuildTableOperation {
  readonly kind: "rebuildTable";
  /** The table as it is now. */
  readonly from: TableSchema;
  /** The table as it is wanted (same name). */
  readonly to: TableSchema;
}

/** Rename a table, keeping its rows, constraints and indexes (the database updates the foreign keys that reference it). */
export interface RenameTableOperation {
  readonly kind: "renameTable";
  /** The table's name now. */
  readonly from: string;
  /** Its new name. */
  readonly to: string;
}

/** Rename a column of a table, keeping its values (indexes and foreign keys on it follow). */
export interface RenameColumnOperation {
  readonly kind: "renameColumn";
  readonly table: string;
  /** The column's name now. */
  readonly from: string;
  /** Its new name. */
  readonly to: string;
}

/** Set (or, with no `comment`, remove) a table's comment, where the database keeps comments. */
export interface SetTableCommentOperation {
  readonly kind: "setTableComment";
  readonly table: string;
  /** The new comment; none removes it. */
  readonly comment?: string;
  /** The comment it had, to put back when reversed. */
  readonly previous?: string;
}

/** The existing table an operation changes in place; undefined for those that create, drop, rebuild or rename a whole table. */
export function alteredTableOf(op: SchemaOperation): string | undefined {
  switch (op.kind) {
    case "createTable":
    case "dropTable":
    case "rebuildTable":
    case "renameTable":
      return undefined;
    default:
      return op.table;
  }
}
