import type { ColumnType } from "../../sql/column-type";
import type { ColumnSchema, TableSchema } from "../../sql/nodes";
import { DdlCompiler } from "../base/ddl-compiler";

/** SQL type names chosen for their SQLite affinity, and readable back by introspection. */
const SQL_TYPES: Record<ColumnType["kind"], (t: ColumnType) => string> = {
  integer: () => "INTEGER",
  bigint: () => "BIGINT",
  float: () => "REAL",
  // A name containing TEXT gives TEXT affinity: the digits are kept exactly as written.
  decimal: (t) => `DECIMAL_TEXT(${t.precision}, ${t.scale})`,
  varchar: (t) => `VARCHAR(${t.length})`,
  text: () => "TEXT",
  boolean: () => "BOOLEAN",
  date: () => "DATE",
  datetime: () => "DATETIME",
  timestamptz: () => "TIMESTAMPTZ",
  json: () => "JSON",
  uuid: () => "UUID",
  blob: () => "BLOB",
  enum: () => "TEXT",
};

export class SqliteDdlCompiler extends DdlCompiler {
  readonly tableNamesQuery = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

  /** SQLite drops a referenced table (deleting its rows, with their ON DELETE actions): dropAll() checks first. */
  readonly foreignKeyTablesQuery =
    "SELECT m.name AS from_table, f.\"table\" AS to_table FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'";

  columnSqlType(type: ColumnType): string {
    return SQL_TYPES[type.kind](type);
  }

  /** Only `INTEGER PRIMARY KEY` makes SQLite number rows itself; AUTOINCREMENT keeps ids of deleted rows from coming back, as elsewhere. */
  protected autoIncrementType(): string {
    return "INTEGER PRIMARY KEY AUTOINCREMENT";
  }

  protected keyIsInline(column: ColumnSchema, _table: TableSchema): boolean {
    return column.autoIncrement;
  }

  /**
   * SQLite cannot drop a foreign key, and DROP TABLE first deletes the rows,
   * checking each foreign key: rows of a cycle would block each other.
   * Deferred to COMMIT, the checks pass once every table of the cycle is gone
   * (tables left standing cannot point at them: dropAll() checks that first,
   * see foreignKeyTablesQuery). The pragma ends with the transaction.
   */
  beforeDropTables(): string[] {
    return ["PRAGMA defer_foreign_keys = ON"];
  }
}
