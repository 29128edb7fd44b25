import { type ColumnType, columnType, takesCollation } from "../../sql/column-type";
import type { ForeignKeySchema, IndexSchema, ReferentialAction, UniqueSchema } from "../../sql/nodes";
import { CatalogIntrospector, type CatalogRow } from "../base/catalog-introspector";
import { columnDefaultFromSql } from "../base/column-default-text";
import { enumCheckValues } from "../base/enum-check-text";
import { foreignKeyActions } from "../base/referential-action-text";
import { parseSqlTypeText, sharedColumnType, typeArgNumber } from "../base/sql-type-text";
import type { IntrospectedColumn, IntrospectedTable, IntrospectionQuery } from "../introspector";

/** Key columns of a constraint or index, in key order, as a JSON array of names. */
const keyColumns = (keys: string, relation: string, count?: string) =>
  `array_to_json(ARRAY(SELECT a.attname FROM unnest(${keys}) WITH ORDINALITY AS k(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.attnum${count ? ` WHERE k.ord <= ${count}` : ""} ORDER BY k.ord))`;

const TABLES_SQL =
  "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";

const TABLE_SQL = `SELECT c.relname AS name, c.oid::text AS oid, obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')`;

const COLUMNS_SQL = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS sql_type, a.attnotnull AS not_null,
  a.attidentity AS identity, a.attgenerated AS generated, pg_get_expr(d.adbin, d.adrelid) AS default_sql,
  col_description(a.attrelid, a.attnum) AS comment,
  (SELECT array_to_json(array_agg(e.enumlabel ORDER BY e.enumsortorder)) FROM pg_catalog.pg_enum e WHERE e.enumtypid = a.atttypid) AS enum_values,
  (SELECT co.collname FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    WHERE co.oid = a.attcollation AND a.attcollation <> t.typcollation) AS collation
FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

const CONSTRAINTS_SQL = `SELECT con.conname AS name, con.contype AS type, pg_get_constraintdef(con.oid) AS definition,
  ${keyColumns("con.conkey", "con.conrelid")} AS columns,
  ref.relname AS referenced_table, ${keyColumns("con.confkey", "con.confrelid")} AS referenced_columns,
  con.confdeltype AS on_delete, con.confupdtype AS on_update
FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
WHERE con.conrelid = $1::oid
ORDER BY con.conname`;

/** Indexes on plain columns, without a WHERE, that do not back the primary key or a unique/exclusion constraint (a foreign key's conindid names the index it relies on, which stays). */
const INDEXES_SQL = `SELECT ic.relname AS name, i.indisunique AS is_unique, ${keyColumns("i.indkey::int2[]", "i.indrelid", "i.indnkeyatts")} AS columns
FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = $1::oid AND NOT i.indisprimary AND i.indexprs IS NULL AND i.indpred IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY ic.relname`;

/** pg_constraint.confdeltype / confupdtype codes. */
const ACTIONS: Record<string, ReferentialAction> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/**
 * A timestamp type with its fractional-second digits (6 when the column was
 * declared without them), left out where it is Strata's own (3), so a
 * column Strata created reads back as it was declared.
 */
function instantType(kind: "datetime" | "timestamptz", digits: string | undefined): ColumnType {
  const precision = typeArgNumber(digits) ?? 6;
  return precision === 3 ? columnType(kind) : columnType(kind, { precision });
}

/** A type as format_type() writes it (`character varying(100)`, `timestamp(3) with time zone`) as a ColumnType. */
function typeFromSql(sqlType: string): ColumnType {
  const { name, args } = parseSqlTypeText(sqlType);
  switch (name) {
    case "numeric": {
      const precision = typeArgNumber(args[0]);
      return precision === undefined ? columnType("decimal") : columnType("decimal", { precision, scale: typeArgNumber(args[1]) ?? 0 });
    }
    case "character varying":
    case "character": {
      const length = typeArgNumber(args[0]);
      return length === undefined ? columnType("text") : columnType("varchar", { length });
    }
    case "timestamp without time zone":
      return instantType("datetime", args[0]);
    case "timestamp with time zone":
      return instantType("timestamptz", args[0]);
    case "bytea":
      return columnType("blob");
    default:
      return sharedColumnType(name) ?? columnType("text");
  }
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * PostgreSQL's introspection, from pg_catalog (information_schema lacks
 * identity, constraint column order and index details) for the connection's
 * current_schema(). Enums are varchar columns with a single-column
 * `CHECK (col IN (...))`, which PostgreSQL reports back as `= ANY (ARRAY[...])`;
 * native enum types read as enums too.
 */
export class PostgresIntrospector extends CatalogIntrospector {
  readonly uniqueIndexIsConstraint = false;
  protected readonly tablesSql = TABLES_SQL;
  protected readonly tableSql = TABLE_SQL;

  protected async readFoundTable(query: IntrospectionQuery, table: CatalogRow): Promise<IntrospectedTable> {
    const oid = String(table.oid);
    const columnRows = await query(COLUMNS_SQL, [oid]);
    const constraintRows = await query(CONSTRAINTS_SQL, [oid]);
    const indexRows = await query(INDEXES_SQL, [oid]);

    const enumChecks = new Map<string, string[]>();
    for (const c of constraintRows) {
      const cols = names(c.columns);
      if (c.type !== "c" || cols.length !== 1 || enumChecks.has(cols[0])) continue;
      const values = enumCheckValues(String(c.definition), cols[0]);
      if (values) enumChecks.set(cols[0], values);
    }

    const columns = columnRows.map((r): IntrospectedColumn => {
      const columnName = String(r.name);
      const sqlType = String(r.sql_type);
      const enumValues = names(r.enum_values);
      const checkValues = enumChecks.get(columnName);
      let type = enumValues.length > 0 ? columnType("enum", { values: enumValues }) : typeFromSql(sqlType);
      if (checkValues && (type.kind === "varchar" || type.kind === "text")) type = columnType("enum", { values: checkValues });
      const defaultSql = r.default_sql === null || r.generated !== "" ? undefined : String(r.default_sql);
      // A serial column: its default draws from a sequence, which makes it generated, not defaulted.
      const serial = defaultSql !== undefined && /^nextval\(/i.test(defaultSql);
      const def = defaultSql === undefined || serial ? undefined : columnDefaultFromSql(defaultSql, type);
      // Only a COLLATE of the column's own: the type's default collation (the database's) reads as none.
      const collation = takesCollation(type) && r.collation !== null ? String(r.collation) : undefined;
      return {
        name: columnName,
        type,
        nullable: r.not_null !== true,
        autoIncrement: r.identity === "a" || r.identity === "d" || serial,
        ...(def ? { default: def } : {}),
        ...(r.comment !== null ? { comment: String(r.comment) } : {}),
        ...(collation !== undefined ? { collation } : {}),
        sqlType,
      };
    });

    let primaryKey: string[] = [];
    const uniques: UniqueSchema[] = [];
    const foreignKeys: ForeignKeySchema[] = [];
    for (const c of constraintRows) {
      const constraintName = String(c.name);
      if (c.type === "p") primaryKey = names(c.columns);
      else if (c.type === "u") uniques.push({ name: constraintName, columns: names(c.columns) });
      else if (c.type === "f") {
        foreignKeys.push({
          name: constraintName,
          columns: names(c.columns),
          referencedTable: String(c.referenced_table),
          referencedColumns: names(c.referenced_columns),
          ...foreignKeyActions(ACTIONS[String(c.on_delete)], ACTIONS[String(c.on_update)], "no action"),
        });
      }
    }
    const indexes = indexRows.map((r): IndexSchema => ({ name: String(r.name), columns: names(r.columns), unique: r.is_unique === true }));

    return {
      name: String(table.name),
      columns,
      primaryKey,
      foreignKeys,
      uniques,
      indexes,
      ...(table.comment !== null ? { comment: String(table.comment) } : {}),
      defaultReferentialAction: "no action",
    };
  }
}
