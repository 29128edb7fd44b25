import type { ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema, UniqueSchema } from "../../sql/nodes";

/**
 * One change to a live schema, as plain data: what the schema layer's diff
 * produces, a dialect's DDL compiler turns into SQL, and the schema layer
 * inverts for a migration's down(). Every operation carries enough to be
 * undone (a drop keeps what it drops).
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
  | RebuildTableOperation;

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

/** What about a column changes: its type, its nullability, its default, its collation (any of them). */
export type ColumnChange = "type" | "nullable" | "default" | "collation";

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
