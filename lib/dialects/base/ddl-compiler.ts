import { InvalidValueError } from "../../errors";
import type { ColumnType } from "../../sql/column-type";
import type {
  AddForeignKeyNode,
  ColumnDefault,
  ColumnSchema,
  CreateIndexNode,
  CreateTableNode,
  DdlNode,
  DropForeignKeyNode,
  DropTableNode,
  ForeignKeySchema,
  TableSchema,
} from "../../sql/nodes";
import type { SqlCompiler } from "./sql-compiler";
import type { TypeCodec } from "./type-codec";

/**
 * Turns DDL nodes into statements. Shared structure; a dialect supplies its
 * type names, literals and the few clauses that differ (auto-increment,
 * enums, where indexes go).
 */
export abstract class DdlCompiler {
  constructor(
    protected readonly sql: SqlCompiler,
    protected readonly codec: TypeCodec,
  ) {}

  /** The SQL type for a column type, e.g. `varchar(100)`. */
  abstract columnSqlType(type: ColumnType): string;

  /** A default value as a SQL literal (DDL cannot bind parameters): validated and encoded like a parameter, then rendered. */
  protected literal(value: unknown, type: ColumnType, target = "a column default"): string {
    const v = this.codec.encode(value, type, target);
    if (v === null) return "NULL";
    if (typeof v === "string") return this.stringLiteral(v);
    if (typeof v === "number" || typeof v === "bigint") return String(v);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    if (Buffer.isBuffer(v)) return this.binaryLiteral(v);
    throw new InvalidValueError(`Cannot write ${typeof v} as a SQL literal.`);
  }

  protected binaryLiteral(v: Buffer): string {
    return `X'${v.toString("hex")}'`;
  }

  compile(node: DdlNode): string[] {
    switch (node.kind) {
      case "createTable":
        return this.createTable(node);
      case "dropTable":
        return [`DROP TABLE ${node.ifExists ? "IF EXISTS " : ""}${this.q(node.name)}${this.dropTableSuffix(node)}`];
      case "createIndex":
        return [this.createIndex(node)];
      case "addForeignKey":
        return [this.addForeignKey(node)];
      case "dropForeignKey":
        return [this.dropForeignKey(node)];
    }
  }

  protected q(name: string): string {
    return this.sql.quoteIdentifier(name);
  }

  protected dropTableSuffix(_node: DropTableNode): string {
    return "";
  }

  protected createTable(node: CreateTableNode): string[] {
    const t = node.table;
    const parts = t.columns.map((c) => this.columnDefinition(c, t));
    const inlineKey = t.columns.find((c) => this.keyIsInline(c, t));
    if (t.primaryKey.length > 0 && !inlineKey) {
      parts.push(`PRIMARY KEY (${t.primaryKey.map((c) => this.q(c)).join(", ")})`);
    }
    for (const u of t.uniques) parts.push(`CONSTRAINT ${this.q(u.name)} UNIQUE (${u.columns.map((c) => this.q(c)).join(", ")})`);
    if (!node.withoutForeignKeys) for (const fk of t.foreignKeys) parts.push(this.foreignKeyClause(fk));
    parts.push(...this.inlineIndexes(t));
    const create = `CREATE TABLE ${node.ifNotExists ? "IF NOT EXISTS " : ""}${this.q(t.name)} (\n  ${parts.join(",\n  ")}\n)${this.tableOptions(t)}`;
    return [create, ...this.commentStatements(t), ...this.separateIndexes(t, node.ifNotExists)];
  }

  /** Statements that attach the table's and columns' comments, where they are not part of CREATE TABLE. */
  protected commentStatements(_t: TableSchema): string[] {
    return [];
  }

  /** Whether this column carries the primary key in its own definition (SQLite's INTEGER PRIMARY KEY). */
  protected keyIsInline(_column: ColumnSchema, _table: TableSchema): boolean {
    return false;
  }

  protected columnDefinition(c: ColumnSchema, table: TableSchema): string {
    let def = `${this.q(c.name)} ${c.autoIncrement ? this.autoIncrementType(c, table) : this.columnSqlType(c.type)}`;
    if (!c.nullable && !this.keyIsInline(c, table)) def += " NOT NULL";
    if (c.default) def += ` DEFAULT ${this.defaultSql(c.default, c, table)}`;
    def += this.columnCheck(c);
    if (c.comment) def += this.columnComment(c.comment);
    return def;
  }

  /** The type and clauses that make a key database-generated. */
  protected abstract autoIncrementType(c: ColumnSchema, table: TableSchema): string;

  /** A CHECK that keeps enum columns to their values (dialects with a native ENUM return ""). */
  protected columnCheck(c: ColumnSchema): string {
    if (c.type.kind !== "enum") return "";
    const values = (c.type.values ?? []).map((v) => this.literal(v, c.type)).join(", ");
    return ` CHECK (${this.q(c.name)} IN (${values}))`;
  }

  protected columnComment(_comment: string): string {
    return "";
  }

  protected defaultSql(d: ColumnDefault, c: ColumnSchema, table: TableSchema): string {
    if (d.kind === "expression") {
      if (d.expr.kind === "unsafe") return d.expr.text;
      if (d.expr.kind === "sql" && d.expr.values.length === 0) return `(${d.expr.strings[0]})`;
      throw new InvalidValueError(
        `The default of column ${table.name}.${c.name} must be a value or plain SQL such as sql\`CURRENT_TIMESTAMP\`, without parameters.`,
      );
    }
    return this.literal(d.value, c.type, `the default of ${table.name}.${c.name}`);
  }

  protected foreignKeyClause(fk: ForeignKeySchema): string {
    let sql = `CONSTRAINT ${this.q(fk.name)} FOREIGN KEY (${fk.columns.map((c) => this.q(c)).join(", ")}) REFERENCES ${this.q(fk.referencedTable)} (${fk.referencedColumns.map((c) => this.q(c)).join(", ")})`;
    if (fk.onDelete) sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
    if (fk.onUpdate) sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
    return sql;
  }

  protected tableOptions(_t: TableSchema): string {
    return "";
  }

  protected inlineIndexes(_t: TableSchema): string[] {
    return [];
  }

  protected separateIndexes(t: TableSchema, ifNotExists: boolean): string[] {
    return t.indexes.map((index) => this.createIndex({ kind: "createIndex", table: t.name, index, ifNotExists }));
  }

  protected createIndex(node: CreateIndexNode): string {
    const i = node.index;
    return `CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${node.ifNotExists ? "IF NOT EXISTS " : ""}${this.q(i.name)} ON ${this.q(node.table)} (${i.columns.map((c) => this.q(c)).join(", ")})`;
  }

  protected addForeignKey(node: AddForeignKeyNode): string {
    return `ALTER TABLE ${this.q(node.table)} ADD ${this.foreignKeyClause(node.foreignKey)}`;
  }

  protected dropForeignKey(node: DropForeignKeyNode): string {
    return `ALTER TABLE ${this.q(node.table)} DROP CONSTRAINT ${this.q(node.name)}`;
  }

  /** The query that lists the tables of the connection's current database/schema (one column: the name). */
  abstract readonly tableNamesQuery: string;

  /**
   * Where DROP TABLE does not itself refuse to drop a table that others
   * reference: a query listing every foreign key as (referencing table,
   * referenced table), for dropAll() to check first. Undefined where the
   * database refuses on its own.
   */
  readonly foreignKeyTablesQuery?: string;

  /** Statements run first, in the same transaction, when dropAll() drops tables (e.g. to let rows of a cycle go). */
  beforeDropTables(): string[] {
    return [];
  }

  /** A string literal with quotes doubled (and, where the database needs it, backslashes escaped). */
  protected stringLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  }
}
