import { InvalidStatementError, InvalidValueError } from "../../errors";
import { type ColumnType, describeColumnType, takesCollation } from "../../sql/column-type";
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
import type {
  AddColumnOperation,
  AlterColumnOperation,
  DropIndexOperation,
  DropUniqueOperation,
  RebuildTableOperation,
  SchemaOperation,
} from "../../sql/nodes/schema-operations";
import type { DialectOptions } from "../dialect-options";
import type { IntrospectedColumn, IntrospectedTable } from "../introspector";
import { canonicalTypeText, comparableDefault } from "./column-comparison";
import { columnDefaultFromSql } from "./column-default-text";
import type { SqlCompiler } from "./sql-compiler";
import type { SqlLexerOptions } from "./sql-lexer";
import type { TypeCodec } from "./type-codec";

/** Statements run on the connection around the transaction of a schema change. */
export interface SchemaChangeSession {
  /** Before the transaction begins (e.g. settings that cannot change inside one). */
  readonly before: readonly string[];
  /** After it ends, committed or not: undo what `before` set. */
  readonly after: readonly string[];
}

/**
 * Turns DDL nodes into statements. Shared structure; a dialect supplies its
 * type names, literals and the few clauses that differ (auto-increment,
 * enums, where indexes go).
 */
export abstract class DdlCompiler {
  constructor(
    protected readonly sql: SqlCompiler,
    protected readonly codec: TypeCodec,
    /** The engine's choices (its default collation). */
    protected readonly options: DialectOptions = {},
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
    let def = `${this.q(c.name)} ${c.autoIncrement ? this.autoIncrementType(c, table) : this.columnSqlType(c.type)}${this.collateClause(c, table.name)}`;
    if (!c.nullable && !this.keyIsInline(c, table)) def += " NOT NULL";
    if (c.default) def += ` DEFAULT ${this.defaultSql(c.default, c, table)}`;
    def += this.columnCheck(c);
    if (c.comment) def += this.columnComment(c.comment);
    return def;
  }

  /**
   * The collation a column is created with: its own (given, or its table's),
   * else for text columns the engine's default. Undefined: none is named, so
   * the column takes its table's or the database's.
   */
  collationOf(c: ColumnSchema): string | undefined {
    return c.collation ?? (takesCollation(c.type) ? this.options.collation : undefined);
  }

  /** Whether columns of this type take a COLLATE clause here (text columns everywhere; MySQL's CHAR and ENUM too). */
  takesCollation(type: ColumnType): boolean {
    return takesCollation(type);
  }

  /** ` COLLATE <name>` where the column has a collation, the name quoted as an identifier: a collation name never becomes SQL text. */
  protected collateClause(c: ColumnSchema, table: string): string {
    const name = this.collationOf(c);
    if (name === undefined) return "";
    if (!this.takesCollation(c.type)) {
      throw new InvalidValueError(
        `Column ${table}.${c.name} is ${describeColumnType(c.type)}, which takes no collation on this database; text columns (varchar, text) do. Remove its collation.`,
      );
    }
    if (typeof name !== "string" || name.trim() === "") {
      throw new InvalidValueError(
        `Column ${table}.${c.name}: its collation must be the name of one of the database's collations; got ${JSON.stringify(name)}.`,
      );
    }
    return ` COLLATE ${this.q(name)}`;
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

  /** How this database's catalog text is tokenized (string escapes, identifier quotes), for reading defaults back. */
  protected readonly lexerOptions: SqlLexerOptions = {};

  /**
   * The SQL of one schema change. Throws InvalidStatementError for a change
   * the database cannot make in place (see needsRebuild()).
   */
  compileChange(op: SchemaOperation): string[] {
    switch (op.kind) {
      case "createTable":
        return this.createTable({ kind: "createTable", table: op.table, ifNotExists: false, withoutForeignKeys: false });
      case "dropTable":
        return this.compile({ kind: "dropTable", name: op.table.name, ifExists: false });
      case "addColumn":
        return this.addColumn(op);
      case "dropColumn":
        return [`ALTER TABLE ${this.q(op.table)} DROP COLUMN ${this.q(op.column.name)}`];
      case "alterColumn":
        return this.alterColumn(op);
      case "addIndex":
        return [this.createIndex({ kind: "createIndex", table: op.table, index: op.index, ifNotExists: false })];
      case "dropIndex":
        return [this.dropIndex(op)];
      case "addUnique":
        return [
          `ALTER TABLE ${this.q(op.table)} ADD CONSTRAINT ${this.q(op.unique.name)} UNIQUE (${op.unique.columns.map((c) => this.q(c)).join(", ")})`,
        ];
      case "dropUnique":
        return [this.dropUnique(op)];
      case "addForeignKey":
        return [this.addForeignKey({ kind: "addForeignKey", table: op.table, foreignKey: op.foreignKey })];
      case "dropForeignKey":
        return [this.dropForeignKey({ kind: "dropForeignKey", table: op.table, name: op.foreignKey.name })];
      case "rebuildTable":
        return this.rebuildTable(op);
      case "renameTable":
        return [`ALTER TABLE ${this.q(op.from)} RENAME TO ${this.q(op.to)}`];
      case "renameColumn":
        return [`ALTER TABLE ${this.q(op.table)} RENAME COLUMN ${this.q(op.from)} TO ${this.q(op.to)}`];
      case "setTableComment":
        return this.setTableComment(op.table, op.comment);
    }
  }

  /** The length in characters of a text value (an expression already quoted): a schema change checks existing values with it. */
  textLengthSql(expression: string): string {
    return `CHAR_LENGTH(${expression})`;
  }

  /**
   * Whether this change of a column fails while a foreign key uses the
   * column (MySQL and MariaDB refuse to change its type): the diff then drops
   * those keys first and adds them back after.
   */
  alterNeedsForeignKeysDropped(_op: AlterColumnOperation): boolean {
    return false;
  }

  /**
   * Whether the database keeps table and column comments (PostgreSQL,
   * MySQL), so that the diff compares them. SQLite has no comments.
   */
  readonly storesComments: boolean = true;

  /** Statements that set a table's comment (undefined: remove it). */
  protected setTableComment(_table: string, _comment: string | undefined): string[] {
    return [];
  }

  /** Statements that set a column's comment after an ALTER that did not restate it (PostgreSQL's COMMENT ON COLUMN). */
  protected columnCommentChange(_op: AlterColumnOperation): string[] {
    return [];
  }

  /** Whether a live column's comment is the wanted one (no comment and an empty one are the same); always, where comments are not kept. */
  sameColumnComment(live: ColumnSchema, wanted: ColumnSchema): boolean {
    return !this.storesComments || (live.comment ?? "") === (wanted.comment ?? "");
  }

  /**
   * Whether the database cannot make this change with ALTER TABLE, so the
   * table has to be rebuilt (created anew, rows copied) instead.
   */
  needsRebuild(_op: SchemaOperation): boolean {
    return false;
  }

  /** What runs around the transaction of a schema change (nothing, unless a dialect needs a setting changed). */
  readonly schemaChangeSession: SchemaChangeSession = { before: [], after: [] };

  /**
   * Inspect the rows a schema-change statement returned. A dialect whose
   * checks report problems as rows rather than errors (SQLite's
   * foreign_key_check) throws here.
   */
  checkSchemaChangeResult(_sql: string, _rows: readonly Record<string, unknown>[]): void {}

  /**
   * Whether a live column has the type Strata would create for the wanted
   * one: compared as this database spells types (its catalog's text against
   * the DDL Strata writes), with enum values compared one by one.
   */
  sameColumnType(live: IntrospectedColumn, wanted: ColumnSchema): boolean {
    if (live.type.kind === "enum" || wanted.type.kind === "enum") {
      const a = live.type.kind === "enum" ? (live.type.values ?? []) : undefined;
      const b = wanted.type.kind === "enum" ? (wanted.type.values ?? []) : undefined;
      if (!a || !b || a.length !== b.length || a.some((v, i) => v !== b[i])) return false;
    }
    return this.liveTypeKey(live) === this.wantedTypeKey(this.withUnstatedFromLive(live, wanted));
  }

  /**
   * Whether the live column and the wanted one agree on who makes the
   * column's values: the database (identity, AUTO_INCREMENT) or the
   * application. The live table is given for databases where a key's
   * declaration alone decides it (SQLite's rowid).
   */
  sameKeyGeneration(live: IntrospectedColumn, wanted: ColumnSchema, _table: IntrospectedTable): boolean {
    return live.autoIncrement === wanted.autoIncrement;
  }

  /**
   * The wanted column with what its options leave unstated taken from the
   * live column: a datetime precision not given keeps the one the column
   * has (an existing TIMESTAMP(6) is not narrowed to milliseconds). The
   * diff compares this, and alters columns to this.
   */
  withUnstatedFromLive(live: ColumnSchema, wanted: ColumnSchema): ColumnSchema {
    const instant = (t: ColumnType) => t.kind === "datetime" || t.kind === "timestamptz";
    if (!instant(wanted.type) || wanted.type.precision !== undefined || !instant(live.type) || live.type.precision === undefined) {
      return wanted;
    }
    return { ...wanted, type: { ...wanted.type, precision: live.type.precision } };
  }

  /**
   * Whether a live column's default is the wanted column's: the wanted one is
   * written as DDL would write it and read back as introspection reads it,
   * then both compare by meaning (see comparableDefault).
   */
  sameColumnDefault(live: ColumnSchema, wanted: ColumnSchema, table: TableSchema): boolean {
    // A generated key's value comes from the database; a default there means nothing.
    if (wanted.autoIncrement) return true;
    const written = wanted.default
      ? columnDefaultFromSql(this.defaultSql(wanted.default, wanted, table), wanted.type, this.lexerOptions)
      : undefined;
    return comparableDefault(live.default, wanted.type) === comparableDefault(written, wanted.type);
  }

  /**
   * Whether a live column compares text with the wanted column's collation.
   * Only a collation the wanted column names (itself, through its table or
   * the engine) is compared: without one, whatever the database has is left
   * as it is, so tables created before (MySQL's old utf8mb4_bin) are not
   * rewritten.
   */
  sameColumnCollation(live: IntrospectedColumn, wanted: ColumnSchema): boolean {
    const want = this.collationOf(wanted);
    if (want === undefined) return true;
    const have = live.sqlCollation ?? live.collation;
    return have !== undefined && this.sameCollationName(have, want);
  }

  /** Whether two names are one collation (as the database resolves names: exactly, unless it ignores case). */
  protected sameCollationName(a: string, b: string): boolean {
    return a === b;
  }

  /** The live column's type in the form wantedTypeKey() gives. */
  protected liveTypeKey(live: IntrospectedColumn): string {
    return this.canonicalTypeText(live.sqlType);
  }

  protected wantedTypeKey(wanted: ColumnSchema): string {
    return this.canonicalTypeText(wanted.autoIncrement ? this.generatedKeySqlType(wanted) : this.columnSqlType(wanted.type));
  }

  /** The type a generated key is declared with (the type part of autoIncrementType()). */
  protected generatedKeySqlType(c: ColumnSchema): string {
    return this.columnSqlType(c.type);
  }

  protected canonicalTypeText(text: string): string {
    return canonicalTypeText(text, this.lexerOptions);
  }

  /** A table holding just this column, for the clauses of a column definition that ask about its table. */
  protected tableOfColumn(table: string, column: ColumnSchema): TableSchema {
    return { name: table, columns: [column], primaryKey: [], foreignKeys: [], uniques: [], indexes: [] };
  }

  protected addColumn(op: AddColumnOperation): string[] {
    const table = this.tableOfColumn(op.table, op.column);
    return [`ALTER TABLE ${this.q(op.table)} ADD COLUMN ${this.columnDefinition(op.column, table)}`, ...this.commentStatements(table)];
  }

  /**
   * Standard SQL: one ALTER TABLE with an action per changed part. Where the
   * type changes, an old default is dropped first and the wanted one set
   * after, so a default that does not cast to the new type cannot block it.
   * A collation changes with the type clause (`TYPE varchar(20) COLLATE "C"`).
   */
  protected alterColumn(op: AlterColumnOperation): string[] {
    const column = this.q(op.to.name);
    const table = this.tableOfColumn(op.table, op.to);
    const typeChanged = op.changes.includes("type");
    const retype = typeChanged || op.changes.includes("collation");
    const resetDefault = typeChanged && op.from.default !== undefined;
    const setDefault = (op.changes.includes("default") || resetDefault) && op.to.default !== undefined && !op.to.autoIncrement;
    const actions: string[] = [];
    if (resetDefault || (op.changes.includes("default") && !setDefault)) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
    if (retype) actions.push(`ALTER COLUMN ${column} TYPE ${this.alterTypeClause(op)}`);
    if (op.changes.includes("nullable")) actions.push(`ALTER COLUMN ${column} ${op.to.nullable ? "DROP NOT NULL" : "SET NOT NULL"}`);
    if (setDefault && op.to.default) actions.push(`ALTER COLUMN ${column} SET DEFAULT ${this.defaultSql(op.to.default, op.to, table)}`);
    const comment = op.changes.includes("comment") ? this.columnCommentChange(op) : [];
    return [...(actions.length > 0 ? [`ALTER TABLE ${this.q(op.table)} ${actions.join(", ")}`] : []), ...comment];
  }

  /**
   * The new type of ALTER COLUMN ... TYPE with its collation (named again
   * whenever the column has one: a type change without COLLATE goes back to
   * the default), and how existing values convert where the kind changes.
   */
  protected alterTypeClause(op: AlterColumnOperation): string {
    return `${this.columnSqlType(op.to.type)}${this.collateClause(op.to, op.table)}`;
  }

  protected dropIndex(op: DropIndexOperation): string {
    return `DROP INDEX ${this.q(op.index.name)}`;
  }

  protected dropUnique(op: DropUniqueOperation): string {
    return `ALTER TABLE ${this.q(op.table)} DROP CONSTRAINT ${this.q(op.unique.name)}`;
  }

  /** Only databases that cannot ALTER in place rebuild tables; elsewhere the diff never asks for it. */
  protected rebuildTable(op: RebuildTableOperation): string[] {
    throw new InvalidStatementError(
      `Table ${op.to.name} would be rebuilt, but this database alters tables in place; use the individual changes instead.`,
    );
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
