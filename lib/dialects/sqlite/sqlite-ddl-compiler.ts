import { ForeignKeyViolationError, InvalidStatementError } from "../../errors";
import type { ColumnType } from "../../sql/column-type";
import type { ColumnSchema, TableSchema } from "../../sql/nodes";
import { alteredTableOf, type RebuildTableOperation, type SchemaOperation } from "../../sql/nodes/schema-operations";
import { DdlCompiler, type SchemaChangeSession } from "../base/ddl-compiler";
import type { SqlLexerOptions } from "../base/sql-lexer";
import type { IntrospectedColumn, IntrospectedTable } from "../introspector";
import { FOREIGN_KEYS_QUERY, rebuildTableStatements } from "./sqlite-table-rebuild";

/** A column type by what it means here: kind and parameters (enum values are compared apart; SQLite keeps no datetime precision). */
function sqliteTypeKey(type: ColumnType): string {
  switch (type.kind) {
    case "varchar":
      return `varchar(${type.length})`;
    case "decimal":
      return type.precision === undefined ? "decimal" : `decimal(${type.precision},${type.scale ?? 0})`;
    default:
      return type.kind;
  }
}

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

  protected readonly lexerOptions: SqlLexerOptions = { bracketIdentifiers: true };

  /** A table rebuild needs foreign key enforcement off, which only changes outside a transaction. */
  readonly schemaChangeSession: SchemaChangeSession = { before: ["PRAGMA foreign_keys = OFF"], after: ["PRAGMA foreign_keys = ON"] };

  /**
   * SQLite's ALTER TABLE adds, drops and renames columns, nothing else. A
   * column it cannot add (NOT NULL without a default, a default that is not
   * a constant) needs the rebuild too.
   */
  needsRebuild(op: SchemaOperation): boolean {
    switch (op.kind) {
      case "alterColumn":
      case "addUnique":
      case "dropUnique":
      case "addForeignKey":
      case "dropForeignKey":
        return true;
      case "addColumn": {
        const c = op.column;
        return c.autoIncrement || (!c.nullable && c.default === undefined) || c.default?.kind === "expression";
      }
      default:
        return false;
    }
  }

  /** LENGTH counts characters of text in SQLite (it has no CHAR_LENGTH). */
  textLengthSql(expression: string): string {
    return `LENGTH(${expression})`;
  }

  /** SQLite keeps no comments: none are compared, and setting one writes nothing. */
  readonly storesComments = false;

  compileChange(op: SchemaOperation): string[] {
    const table = alteredTableOf(op);
    if (table !== undefined && this.needsRebuild(op)) {
      throw new InvalidStatementError(
        `SQLite cannot make this change to table ${table} with ALTER TABLE (${op.kind}); the table must be rebuilt: diff the schema to get a rebuildTable operation.`,
      );
    }
    return super.compileChange(op);
  }

  /** SQLite's collation names ignore case (NOCASE is nocase). */
  protected sameCollationName(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
  }

  protected generatedKeySqlType(): string {
    return "INTEGER";
  }

  /**
   * SQLite keeps a column's type as it was declared and goes by its
   * affinity, so types are compared by what they mean (`NVARCHAR(120)` is
   * varchar(120), `NUMERIC(10,2)` is decimal(10, 2), `TIMESTAMP` is
   * datetime): a schema written by hand is not rebuilt for its spelling.
   * A generated key is always declared INTEGER.
   */
  protected liveTypeKey(live: IntrospectedColumn): string {
    return sqliteTypeKey(live.type);
  }

  protected wantedTypeKey(wanted: ColumnSchema): string {
    return wanted.autoIncrement ? "integer" : sqliteTypeKey(wanted.type);
  }

  /**
   * A single `INTEGER PRIMARY KEY` is the rowid, numbered by SQLite when
   * left out, with or without AUTOINCREMENT (which only keeps the ids of
   * deleted rows from coming back): a generated key maps it either way.
   */
  sameKeyGeneration(live: IntrospectedColumn, wanted: ColumnSchema, table: IntrospectedTable): boolean {
    if (live.autoIncrement === wanted.autoIncrement) return true;
    const rowid = table.primaryKey.length === 1 && table.primaryKey[0] === live.name && live.sqlType.trim().toUpperCase() === "INTEGER";
    return rowid && wanted.autoIncrement;
  }

  protected rebuildTable(op: RebuildTableOperation): string[] {
    return rebuildTableStatements(op, {
      q: (name) => this.q(name),
      createTable: (table) => this.createTable({ kind: "createTable", table, ifNotExists: false, withoutForeignKeys: false }),
      createIndexes: (table) => this.separateIndexes(table, false),
    });
  }

  /** The rebuild's guard (enforcement must be off) and its closing foreign_key_check report problems as rows. */
  checkSchemaChangeResult(sql: string, rows: readonly Record<string, unknown>[]): void {
    if (sql === FOREIGN_KEYS_QUERY && rows.some((r) => Number(Object.values(r)[0]) !== 0)) {
      throw new InvalidStatementError(
        "A SQLite table rebuild must run with foreign key enforcement off (PRAGMA foreign_keys = OFF before the transaction), or dropping the old table would fire ON DELETE actions in the tables that reference it. Run the statements through applySync() or runSchemaChange().",
      );
    }
    if (sql.startsWith("PRAGMA foreign_key_check") && rows.length > 0) {
      const problems = rows.slice(0, 5).map((r) => {
        const [table, rowid, parent] = Object.values(r);
        return `row ${String(rowid)} of ${String(table)} references a missing row of ${String(parent)}`;
      });
      throw new ForeignKeyViolationError(
        `The rebuilt table breaks ${rows.length} foreign key reference${rows.length === 1 ? "" : "s"}: ${problems.join("; ")}. Nothing was changed.`,
      );
    }
  }
}
