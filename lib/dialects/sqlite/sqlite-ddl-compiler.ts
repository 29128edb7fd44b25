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
}
