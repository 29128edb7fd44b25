import type { ColumnType } from "../column-type";
import type { ExprNode } from "./expression-nodes";

/**
 * A table's structure as plain data: what DDL is generated from, what entity
 * metadata produces, and (later) what introspection reads back. One shape for
 * all three so that they can be compared.
 */
export interface TableSchema {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ForeignKeySchema[];
  readonly uniques: readonly UniqueSchema[];
  readonly indexes: readonly IndexSchema[];
  readonly comment?: string;
}

export type ColumnDefault = { readonly kind: "value"; readonly value: unknown } | { readonly kind: "expression"; readonly expr: ExprNode };

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** The database generates the value (identity / auto increment). */
  readonly autoIncrement: boolean;
  readonly default?: ColumnDefault;
  readonly comment?: string;
  /**
   * How the database compares and sorts the column's text, by the
   * database's name for it (e.g. `utf8mb4_unicode_ci`, `NOCASE`, `C`). The
   * options give one to text columns (varchar, text) only; a schema sync
   * also gives a new foreign key column the collation of the live key it
   * references (on MySQL, CHAR uuid keys included). Undefined: the default
   * (the engine's `collation` option, else exact, binary comparison).
   */
  readonly collation?: string;
}

export type ReferentialAction = "cascade" | "set null" | "set default" | "restrict" | "no action";

export interface ForeignKeySchema {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

export interface UniqueSchema {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface IndexSchema {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface CreateTableNode {
  readonly kind: "createTable";
  readonly table: TableSchema;
  readonly ifNotExists: boolean;
  /** Leave foreign keys out (they are added later with ALTER TABLE, to break cycles). */
  readonly withoutForeignKeys: boolean;
}

export interface DropTableNode {
  readonly kind: "dropTable";
  readonly name: string;
  readonly ifExists: boolean;
}

export interface CreateIndexNode {
  readonly kind: "createIndex";
  readonly table: string;
  readonly index: IndexSchema;
  readonly ifNotExists: boolean;
}

export interface AddForeignKeyNode {
  readonly kind: "addForeignKey";
  readonly table: string;
  readonly foreignKey: ForeignKeySchema;
}

export interface DropForeignKeyNode {
  readonly kind: "dropForeignKey";
  readonly table: string;
  readonly name: string;
}

export type DdlNode = CreateTableNode | DropTableNode | CreateIndexNode | AddForeignKeyNode | DropForeignKeyNode;
