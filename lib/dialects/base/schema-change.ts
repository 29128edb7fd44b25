import type { ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema, UniqueSchema } from "../sql";

/**
 * One change to a live schema, as plain data: what diffSchema() produces,
 * compileOperations() turns into SQL and reverseOperations() inverts. Every
 * operation carries enough to be undone (a drop keeps what it drops), so a
 * generated migration can write its down() from its up().
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
  | DropForeignKeyOperation;

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

/** What about a column changes: its type, its nullability, its default (any of them). */
export type ColumnChange = "type" | "nullable" | "default";

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
