import { InvalidValueError } from "../../errors";
import type { ColumnType } from "../../sql/column-type";
import type { ColumnSchema, DropForeignKeyNode, ForeignKeySchema, TableSchema } from "../../sql/nodes";
import { DdlCompiler } from "../base/ddl-compiler";

const SQL_TYPES: Record<ColumnType["kind"], (t: ColumnType) => string> = {
  integer: () => "INT",
  bigint: () => "BIGINT",
  float: () => "DOUBLE",
  decimal: (t) => {
    if ((t.precision ?? 0) > 65 || (t.scale ?? 0) > 30) {
      throw new InvalidValueError(
        `MySQL decimals hold at most 65 digits with 30 after the point; decimal(${t.precision}, ${t.scale}) is too large.`,
      );
    }
    return `DECIMAL(${t.precision}, ${t.scale})`;
  },
  varchar: (t) => `VARCHAR(${t.length})`,
  // LONGTEXT: TEXT stops at 64 KB.
  text: () => "LONGTEXT",
  boolean: () => "TINYINT(1)",
  date: () => "DATE",
  // DATETIME, not TIMESTAMP: TIMESTAMP ends in 2038 and starts in 1970. Instants are stored in UTC.
  datetime: () => "DATETIME(3)",
  timestamptz: () => "DATETIME(3)",
  json: () => "JSON",
  uuid: () => "CHAR(36)",
  blob: () => "LONGBLOB",
  enum: () => "",
};

export class MysqlDdlCompiler extends DdlCompiler {
  readonly tableNamesQuery =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";

  /** InnoDB has no SET DEFAULT: MariaDB silently makes it RESTRICT, MySQL accepts it and then rejects every delete or update it covers. */
  protected foreignKeyClause(fk: ForeignKeySchema): string {
    if (fk.onDelete === "set default" || fk.onUpdate === "set default") {
      throw new InvalidValueError(
        `Foreign key ${fk.name}: MySQL and MariaDB do not support ON ${fk.onDelete === "set default" ? "DELETE" : "UPDATE"} SET DEFAULT; use "set null", "cascade" or "restrict".`,
      );
    }
    return super.foreignKeyClause(fk);
  }

  protected dropForeignKey(node: DropForeignKeyNode): string {
    return `ALTER TABLE ${this.q(node.table)} DROP FOREIGN KEY ${this.q(node.name)}`;
  }

  columnSqlType(type: ColumnType): string {
    if (type.kind === "enum") return `ENUM(${(type.values ?? []).map((v) => this.stringLiteral(v)).join(", ")})`;
    return SQL_TYPES[type.kind](type);
  }

  protected autoIncrementType(c: ColumnSchema): string {
    return `${this.columnSqlType(c.type)} AUTO_INCREMENT`;
  }

  /** ENUM already limits the values. */
  protected columnCheck(): string {
    return "";
  }

  protected columnComment(comment: string): string {
    return ` COMMENT ${this.stringLiteral(comment)}`;
  }

  /** utf8mb4 holds every Unicode character (emoji included); the binary collation compares exactly, like PostgreSQL. */
  protected tableOptions(t: TableSchema): string {
    return ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin${t.comment ? ` COMMENT=${this.stringLiteral(t.comment)}` : ""}`;
  }

  /** MySQL has no CREATE INDEX IF NOT EXISTS; indexes go inside CREATE TABLE. */
  protected inlineIndexes(t: TableSchema): string[] {
    return t.indexes.map((i) => `${i.unique ? "UNIQUE " : ""}INDEX ${this.q(i.name)} (${i.columns.map((c) => this.q(c)).join(", ")})`);
  }

  protected separateIndexes(): string[] {
    return [];
  }
}
