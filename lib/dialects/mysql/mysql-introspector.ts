import { type ColumnType, columnType } from "../../sql/column-type";
import type { ColumnDefault, ForeignKeySchema, IndexSchema, ReferentialAction, UniqueSchema } from "../../sql/nodes";
import { unsafeSqlNode } from "../../sql/raw-sql";
import { CatalogIntrospector, type CatalogRow } from "../base/catalog-introspector";
import { columnDefaultFromSql, defaultValueFromText } from "../base/column-default-text";
import { enumCheckValues } from "../base/enum-check-text";
import { foreignKeyActions, referentialActionFromText } from "../base/referential-action-text";
import { identifierName, isPunct, isWord, tokenizeSql } from "../base/sql-lexer";
import { parseSqlTypeText, sharedColumnType, typeArgNumber } from "../base/sql-type-text";
import type { IntrospectedColumn, IntrospectedTable, IntrospectionQuery } from "../introspector";
import { MYSQL_COLLATED_KINDS } from "./mysql-ddl-compiler";

const TABLES_SQL =
  "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name";

const TABLE_SQL = `SELECT table_name AS name, table_comment AS comment, table_collation AS collation, VERSION() AS version
FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ? AND table_type = 'BASE TABLE'`;

const COLUMNS_SQL = `SELECT column_name AS name, column_type AS column_type, is_nullable AS is_nullable,
  column_default AS column_default, extra AS extra, column_comment AS comment, collation_name AS collation
FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?
ORDER BY ordinal_position`;

/**
 * MariaDB only: MySQL's check_constraints has no table_name, and MySQL needs
 * no checks read (its JSON is a type of its own; enums are ENUM either way).
 */
const MARIADB_CHECKS_SQL = `SELECT check_clause AS clause FROM information_schema.check_constraints
WHERE constraint_schema = DATABASE() AND table_name = ?`;

const KEYS_SQL = `SELECT index_name AS name, non_unique AS non_unique, column_name AS column_name
FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?
ORDER BY index_name, seq_in_index`;

const FOREIGN_KEYS_SQL = `SELECT k.constraint_name AS name, k.column_name AS column_name, k.referenced_table_name AS referenced_table,
  k.referenced_column_name AS referenced_column, r.delete_rule AS on_delete, r.update_rule AS on_update
FROM information_schema.key_column_usage k
JOIN information_schema.referential_constraints r
  ON r.constraint_schema = k.constraint_schema AND r.table_name = k.table_name AND r.constraint_name = k.constraint_name
WHERE k.table_schema = DATABASE() AND k.table_name = ? AND k.referenced_table_name IS NOT NULL
ORDER BY k.constraint_name, k.ordinal_position`;

const TEXT_TYPES = new Set(["tinytext", "text", "mediumtext", "longtext"]);

/** A type as information_schema.columns.column_type writes it (`varchar(100)`, `enum('a','b')`, `int(11) unsigned`). */
function typeFromSql(sqlType: string, hasJsonCheck: boolean): ColumnType {
  const parsed = parseSqlTypeText(sqlType, { backslashEscapes: true });
  const name = parsed.name.replace(/ (unsigned|signed|zerofill)\b/g, "");
  const args = parsed.args;
  switch (name) {
    case "tinyint":
      return args[0] === "1" ? columnType("boolean") : columnType("integer");
    case "decimal":
    case "numeric":
      return columnType("decimal", { precision: typeArgNumber(args[0]) ?? 10, scale: typeArgNumber(args[1]) ?? 0 });
    case "char":
      // Strata stores UUIDs as CHAR(36).
      if (args[0] === "36") return columnType("uuid");
      return columnType("varchar", { length: typeArgNumber(args[0]) ?? 1 });
    case "varchar":
      return columnType("varchar", { length: typeArgNumber(args[0]) ?? 255 });
    // Strata writes datetime and timestamptz alike, as UTC DATETIME(3), so the
    // catalog cannot say which one was meant. timestamptz is what entity
    // metadata gives Date properties, so that is the reading.
    case "datetime":
    case "timestamp": {
      // Fractional-second digits: none unless declared; left out where they are Strata's own (3).
      const precision = typeArgNumber(args[0]) ?? 0;
      return precision === 3 ? columnType("timestamptz") : columnType("timestamptz", { precision });
    }
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
    case "binary":
    case "varbinary":
      return columnType("blob");
    case "enum":
      return columnType("enum", { values: [...args] });
    default:
      // MariaDB's JSON is an alias of LONGTEXT plus CHECK (json_valid(col)).
      if (TEXT_TYPES.has(name) && hasJsonCheck) return columnType("json");
      return sharedColumnType(name) ?? columnType("text");
  }
}

/** The column a MariaDB `json_valid(`col`)` check is about, if that is what the check is. */
function jsonValidColumn(clause: string): string | undefined {
  const t = tokenizeSql(clause);
  if (t.length === 4 && isWord(t[0], "json_valid") && isPunct(t[1], "(") && isPunct(t[3], ")")) return identifierName(t[2]);
  return undefined;
}

/**
 * MariaDB's column_default is SQL: quoted strings with MySQL escapes, `NULL`
 * for DEFAULT NULL, SQL NULL for none. MySQL's is the bare value, with
 * DEFAULT_GENERATED in `extra` when it is an expression.
 */
function columnDefault(raw: unknown, extra: string, type: ColumnType, mariadb: boolean): ColumnDefault | undefined {
  if (raw === null || raw === undefined) return undefined;
  const text = String(raw);
  if (mariadb || /DEFAULT_GENERATED/i.test(extra)) return columnDefaultFromSql(text, type, { backslashEscapes: true });
  const value = defaultValueFromText(text, type);
  return value === undefined ? { kind: "expression", expr: unsafeSqlNode(text) } : { kind: "value", value };
}

/**
 * MySQL/MariaDB introspection from information_schema, for DATABASE().
 * The catalog loses some distinctions Strata makes: datetime and timestamptz
 * are both DATETIME(3) (read as timestamptz); a unique index and a UNIQUE
 * constraint are the same thing (read as unique constraints); MariaDB
 * reports an omitted foreign key action as RESTRICT, so "restrict" is its
 * default and reads back as no action given. On MariaDB, CHECKs are read
 * for JSON columns (LONGTEXT + json_valid) and for `CHECK (col IN (...))`
 * enums written by hand. Every text column reports a collation
 * (`sqlCollation`); one equal to its table's default (a column that names
 * none, or names the table's own) reads as no collation of its own.
 */
export class MysqlIntrospector extends CatalogIntrospector {
  readonly uniqueIndexIsConstraint = true;
  protected readonly tablesSql = TABLES_SQL;
  protected readonly tableSql = TABLE_SQL;

  protected async readFoundTable(query: IntrospectionQuery, table: CatalogRow): Promise<IntrospectedTable> {
    const tableName = String(table.name);
    const mariadb = /mariadb/i.test(String(table.version));
    const tableCollation = table.collation === null ? undefined : String(table.collation);
    const defaultAction: ReferentialAction = mariadb ? "restrict" : "no action";

    const checks = mariadb ? (await query(MARIADB_CHECKS_SQL, [tableName])).map((r) => String(r.clause)) : [];
    const jsonColumns = new Set(checks.map(jsonValidColumn).filter((c) => c !== undefined));

    const columns = (await query(COLUMNS_SQL, [tableName])).map((r): IntrospectedColumn => {
      const columnName = String(r.name);
      const sqlType = String(r.column_type);
      const extra = String(r.extra ?? "");
      let type = typeFromSql(sqlType, jsonColumns.has(columnName));
      if (type.kind === "varchar" || type.kind === "text") {
        // A CHECK (col IN (...)) makes an enum, as on the other databases (Strata itself writes ENUM here).
        const values = checks.map((clause) => enumCheckValues(clause, columnName, { backslashEscapes: true })).find((v) => v);
        if (values) type = columnType("enum", { values });
      }
      const def = columnDefault(r.column_default, extra, type, mariadb);
      const sqlCollation = r.collation === null || r.collation === undefined ? undefined : String(r.collation);
      // A collation of the column's own is one other than its table's default (which every text column otherwise reports).
      const collation = sqlCollation !== tableCollation && MYSQL_COLLATED_KINDS.has(type.kind) ? sqlCollation : undefined;
      return {
        name: columnName,
        type,
        nullable: r.is_nullable === "YES",
        autoIncrement: /auto_increment/i.test(extra),
        ...(def ? { default: def } : {}),
        ...(r.comment ? { comment: String(r.comment) } : {}),
        ...(collation !== undefined ? { collation } : {}),
        sqlType,
        ...(sqlCollation !== undefined ? { sqlCollation } : {}),
      };
    });

    const keys = new Map<string, { unique: boolean; columns: (string | null)[] }>();
    for (const r of await query(KEYS_SQL, [tableName])) {
      const keyName = String(r.name);
      const key = keys.get(keyName) ?? { unique: Number(r.non_unique) === 0, columns: [] };
      keys.set(keyName, key);
      key.columns.push(r.column_name === null ? null : String(r.column_name));
    }

    const fkColumns = new Map<string, ForeignKeySchema>();
    for (const r of await query(FOREIGN_KEYS_SQL, [tableName])) {
      const fkName = String(r.name);
      const fk = fkColumns.get(fkName) ?? {
        name: fkName,
        columns: [],
        referencedTable: String(r.referenced_table),
        referencedColumns: [],
        ...foreignKeyActions(referentialActionFromText(r.on_delete), referentialActionFromText(r.on_update), defaultAction),
      };
      fkColumns.set(fkName, {
        ...fk,
        columns: [...fk.columns, String(r.column_name)],
        referencedColumns: [...fk.referencedColumns, String(r.referenced_column)],
      });
    }
    const foreignKeys = [...fkColumns.values()];

    let primaryKey: string[] = [];
    const uniques: UniqueSchema[] = [];
    const indexes: IndexSchema[] = [];
    for (const [keyName, key] of keys) {
      // Functional key parts (MySQL 8) have no column; a TableSchema cannot describe them.
      if (key.columns.includes(null)) continue;
      const cols = key.columns as string[];
      if (keyName === "PRIMARY") primaryKey = cols;
      else if (key.unique) uniques.push({ name: keyName, columns: cols });
      // The index MySQL adds for a foreign key that has none takes the constraint's name.
      else if (!foreignKeys.some((fk) => fk.name === keyName && fk.columns.every((c, i) => cols[i] === c)))
        indexes.push({ name: keyName, columns: cols, unique: false });
    }

    return {
      name: tableName,
      columns,
      primaryKey,
      foreignKeys,
      uniques,
      indexes,
      ...(table.comment ? { comment: String(table.comment) } : {}),
      defaultReferentialAction: defaultAction,
    };
  }
}
