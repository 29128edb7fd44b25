import { InvalidValueError, UsageError } from "../../errors";
import type { ColumnType } from "../../sql/column-type";
import type { ColumnSchema, DropForeignKeyNode, ForeignKeySchema, TableSchema } from "../../sql/nodes";
import type { AlterColumnOperation, DropIndexOperation, DropUniqueOperation } from "../../sql/nodes/schema-operations";
import { canonicalTypeText } from "../base/column-comparison";
import { DdlCompiler } from "../base/ddl-compiler";
import type { SqlLexerOptions } from "../base/sql-lexer";
import type { IntrospectedColumn } from "../introspector";
import { exactCollation, type MysqlServer, type ServerRecord } from "./mysql-server";

/** Integer types whose parameter is only a display width (MariaDB reports `int(11)` for INT); TINYINT(1) is how booleans are written, so it keeps its. */
const DISPLAY_WIDTH_TYPES = new Set(["smallint", "mediumint", "int", "integer", "bigint"]);

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
  datetime: (t) => `DATETIME(${t.precision ?? 3})`,
  timestamptz: (t) => `DATETIME(${t.precision ?? 3})`,
  json: () => "JSON",
  uuid: () => "CHAR(36)",
  blob: () => "LONGBLOB",
  enum: () => "",
};

/** Kinds written as CHAR, VARCHAR, TEXT or ENUM: each has a collation of its own here. */
export const MYSQL_COLLATED_KINDS: ReadonlySet<ColumnType["kind"]> = new Set<ColumnType["kind"]>(["varchar", "text", "uuid", "enum"]);

/**
 * One engine's MySQL/MariaDB DDL. The collation of the tables it creates
 * depends on the server (see exactCollation), which the engine's driver
 * records here from its first connection (see ServerLearningDriver).
 */
export class MysqlDdlCompiler extends DdlCompiler implements ServerRecord {
  private learned?: MysqlServer;

  get server(): MysqlServer | undefined {
    return this.learned;
  }

  serverIs(server: MysqlServer): void {
    this.learned = server;
  }

  readonly tableNamesQuery =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";

  protected readonly lexerOptions: SqlLexerOptions = { backslashEscapes: true };

  /** MariaDB's JSON is LONGTEXT plus a json_valid() CHECK; introspection already read it as json. */
  protected liveTypeKey(live: IntrospectedColumn): string {
    return live.type.kind === "json" ? "json" : super.liveTypeKey(live);
  }

  /**
   * Enum values are compared one by one (sameColumnType), so the type's text
   * drops them. TIMESTAMP holds instants as DATETIME does here (sessions run
   * in UTC), so a TIMESTAMP column a schema already has is not rewritten;
   * either declared without a precision has none (`datetime` is `datetime(0)`).
   */
  protected canonicalTypeText(text: string): string {
    return canonicalTypeText(text, this.lexerOptions, (name, args) => {
      if (name === "enum" || DISPLAY_WIDTH_TYPES.has(name)) return { name, args: [] };
      if (name === "tinyint" && args[0] !== "1") return { name, args: [] };
      if (name === "datetime" || name === "timestamp") return { name: "datetime", args: args.length === 0 ? ["0"] : args };
      return { name, args };
    });
  }

  /** InnoDB refuses to change the type or collation of a column a foreign key uses (on either end), even to what the key would accept. */
  alterNeedsForeignKeysDropped(op: AlterColumnOperation): boolean {
    return op.changes.includes("type") || op.changes.includes("collation");
  }

  /** MODIFY COLUMN restates the whole column: what is not restated (NOT NULL, default, comment) would be lost. */
  protected alterColumn(op: AlterColumnOperation): string[] {
    return [`ALTER TABLE ${this.q(op.table)} MODIFY COLUMN ${this.columnDefinition(op.to, this.tableOfColumn(op.table, op.to))}`];
  }

  /** MySQL keeps "no comment" as an empty one. */
  protected setTableComment(table: string, comment: string | undefined): string[] {
    return [`ALTER TABLE ${this.q(table)} COMMENT = ${this.stringLiteral(comment ?? "")}`];
  }

  protected dropIndex(op: DropIndexOperation): string {
    return `DROP INDEX ${this.q(op.index.name)} ON ${this.q(op.table)}`;
  }

  /** A UNIQUE constraint is a unique index here. */
  protected dropUnique(op: DropUniqueOperation): string {
    return `ALTER TABLE ${this.q(op.table)} DROP INDEX ${this.q(op.unique.name)}`;
  }

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

  /**
   * utf8mb4 holds every Unicode character (emoji included); the binary NO PAD
   * collation compares exactly, trailing spaces included, like PostgreSQL
   * and SQLite. Its name depends on the server (see exactCollation).
   */
  protected tableOptions(t: TableSchema): string {
    return ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${this.tableCollation(t.name)}${t.comment ? ` COMMENT=${this.stringLiteral(t.comment)}` : ""}`;
  }

  private tableCollation(table: string): string {
    if (!this.learned) {
      throw new UsageError(
        `CREATE TABLE ${table} cannot be written before the engine has connected: the collation MySQL and MariaDB tables are created with (utf8mb4_0900_bin on MySQL, utf8mb4_nopad_bin on MariaDB) depends on the server. Run a statement on the engine first (createAll, planSync and migrations do).`,
      );
    }
    return exactCollation(this.learned);
  }

  /** CHAR (uuid) and ENUM columns have a collation too, as a foreign key to one must match it. */
  takesCollation(type: ColumnType): boolean {
    return MYSQL_COLLATED_KINDS.has(type.kind);
  }

  /** MySQL's collation names ignore case. */
  protected sameCollationName(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
  }

  /** MySQL has no CREATE INDEX IF NOT EXISTS; indexes go inside CREATE TABLE. */
  protected inlineIndexes(t: TableSchema): string[] {
    return t.indexes.map((i) => `${i.unique ? "UNIQUE " : ""}INDEX ${this.q(i.name)} (${i.columns.map((c) => this.q(c)).join(", ")})`);
  }

  protected separateIndexes(): string[] {
    return [];
  }
}
