import { type ColumnType, columnType, takesCollation } from "../../sql/column-type";
import type { ForeignKeySchema, IndexSchema, UniqueSchema } from "../../sql/nodes";
import { CatalogIntrospector, type CatalogRow } from "../base/catalog-introspector";
import { columnDefaultFromSql } from "../base/column-default-text";
import { enumCheckValues } from "../base/enum-check-text";
import { foreignKeyActions, referentialActionFromText } from "../base/referential-action-text";
import { parseSqlTypeText, sharedColumnType, typeArgNumber } from "../base/sql-type-text";
import type { IntrospectedColumn, IntrospectedTable, IntrospectionQuery } from "../introspector";
import { parseSqliteCreateTable } from "./sqlite-table-sql";

const TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
const TABLE_SQL = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE";
const COLUMNS_SQL = 'SELECT name, type, "notnull" AS not_null, dflt_value AS default_sql, pk FROM pragma_table_info(?) ORDER BY cid';
const FOREIGN_KEYS_SQL =
  'SELECT id, "table" AS referenced_table, "from" AS column_name, "to" AS referenced_column, on_delete, on_update FROM pragma_foreign_key_list(?) ORDER BY id, seq';
const INDEXES_SQL = 'SELECT name, "unique" AS is_unique, origin, partial FROM pragma_index_list(?)';
const INDEX_COLUMNS_SQL = "SELECT name FROM pragma_index_info(?) ORDER BY seqno";
const PRIMARY_KEY_SQL = "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk";

/**
 * A declared type (SQLite keeps the text as written) as a ColumnType. The
 * names are the ones sqlite-ddl-compiler writes; other spellings map by
 * their usual meaning.
 */
function typeFromSql(sqlType: string): ColumnType {
  const { name, args } = parseSqlTypeText(sqlType, { bracketIdentifiers: true });
  switch (name) {
    case "decimal_text":
    case "decimal":
    case "numeric": {
      const precision = typeArgNumber(args[0]);
      return precision === undefined ? columnType("decimal") : columnType("decimal", { precision, scale: typeArgNumber(args[1]) ?? 0 });
    }
    case "varchar":
    case "character varying":
    case "nvarchar":
    case "char":
    case "character":
    case "nchar": {
      const length = typeArgNumber(args[0]);
      return length === undefined ? columnType("text") : columnType("varchar", { length });
    }
    case "datetime":
    case "timestamp":
      return columnType("datetime");
    case "timestamptz":
      return columnType("timestamptz");
    case "blob":
    case "":
      return columnType("blob");
    default:
      return sharedColumnType(name) ?? columnType("text");
  }
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i].toLowerCase());
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * SQLite introspection from sqlite_master and the table pragmas. What the
 * pragmas leave out is read from the CREATE TABLE text SQLite keeps:
 * constraint names, CHECKs (enums), AUTOINCREMENT and COLLATE. SQLite has no
 * comments, and gives no name to a foreign key declared without
 * CONSTRAINT (its name reads as "").
 */
export class SqliteIntrospector extends CatalogIntrospector {
  readonly uniqueIndexIsConstraint = false;
  protected readonly tablesSql = TABLES_SQL;
  protected readonly tableSql = TABLE_SQL;

  protected async readFoundTable(query: IntrospectionQuery, table: CatalogRow): Promise<IntrospectedTable> {
    const tableName = String(table.name);
    const parsed = parseSqliteCreateTable(String(table.sql ?? ""));
    const columnRows = await query(COLUMNS_SQL, [tableName]);

    const keyRows = columnRows.filter((r) => Number(r.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
    const primaryKey = keyRows.map((r) => String(r.name));
    // A single INTEGER PRIMARY KEY is the rowid: never NULL, whatever the NOT NULL flag says.
    const rowid = keyRows.length === 1 && String(keyRows[0].type).toUpperCase() === "INTEGER" ? primaryKey[0] : undefined;

    const columns = columnRows.map((r): IntrospectedColumn => {
      const columnName = String(r.name);
      const sqlType = String(r.type ?? "");
      let type = typeFromSql(sqlType);
      if (type.kind === "text" || type.kind === "varchar") {
        for (const check of parsed.checks) {
          if (check.column !== undefined && check.column.toLowerCase() !== columnName.toLowerCase()) continue;
          const values = enumCheckValues(check.text, columnName);
          if (values) {
            type = columnType("enum", { values });
            break;
          }
        }
      }
      const def = r.default_sql === null ? undefined : columnDefaultFromSql(String(r.default_sql), type);
      const collation = takesCollation(type) ? parsed.collations.get(columnName.toLowerCase()) : undefined;
      return {
        name: columnName,
        type,
        nullable: Number(r.not_null) === 0 && columnName !== rowid,
        autoIncrement: parsed.autoIncrement.has(columnName.toLowerCase()),
        ...(def ? { default: def } : {}),
        ...(collation !== undefined ? { collation } : {}),
        sqlType,
      };
    });

    const fkRows = await query(FOREIGN_KEYS_SQL, [tableName]);
    const fkById = new Map<number, typeof fkRows>();
    for (const r of fkRows) fkById.set(Number(r.id), [...(fkById.get(Number(r.id)) ?? []), r]);
    const foreignKeys: ForeignKeySchema[] = [];
    for (const rows of fkById.values()) {
      const fkColumns = rows.map((r) => String(r.column_name));
      const referencedTable = String(rows[0].referenced_table);
      // REFERENCES t without columns means t's primary key.
      const referencedColumns = rows.some((r) => r.referenced_column === null)
        ? (await query(PRIMARY_KEY_SQL, [referencedTable])).map((r) => String(r.name))
        : rows.map((r) => String(r.referenced_column));
      const declared = parsed.foreignKeys.find(
        (fk) => sameColumns(fk.columns, fkColumns) && fk.referencedTable.toLowerCase() === referencedTable.toLowerCase(),
      );
      foreignKeys.push({
        name: declared?.name ?? "",
        columns: fkColumns,
        referencedTable,
        referencedColumns,
        ...foreignKeyActions(referentialActionFromText(rows[0].on_delete), referentialActionFromText(rows[0].on_update), "no action"),
      });
    }

    const uniques: UniqueSchema[] = [];
    const indexes: IndexSchema[] = [];
    for (const r of await query(INDEXES_SQL, [tableName])) {
      if (r.origin === "pk" || Number(r.partial) !== 0) continue;
      const indexName = String(r.name);
      const names = (await query(INDEX_COLUMNS_SQL, [indexName])).map((c) => c.name);
      // Indexes on expressions have no column name; a TableSchema cannot describe them.
      if (names.some((n) => n === null)) continue;
      const indexColumns = names.map(String);
      if (r.origin === "u") {
        const declared = parsed.uniques.find((u) => u.name !== undefined && sameColumns(u.columns, indexColumns));
        uniques.push({ name: declared?.name ?? indexName, columns: indexColumns });
      } else {
        indexes.push({ name: indexName, columns: indexColumns, unique: Number(r.is_unique) !== 0 });
      }
    }

    return {
      name: tableName,
      columns,
      primaryKey,
      foreignKeys: foreignKeys.sort(byName),
      uniques: uniques.sort(byName),
      indexes: indexes.sort(byName),
      defaultReferentialAction: "no action",
    };
  }
}
