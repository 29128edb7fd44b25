import { type Engine, type Executable, sql } from "../../lib";
import type { TestDialect } from "./servers";

/**
 * A table as the database's own catalog describes it, read with each
 * database's native queries (PostgreSQL information_schema + pg_catalog,
 * MySQL information_schema, SQLite pragmas) and put in one shape, so tests
 * can check what createAll() really built. Independent of Strata's own
 * introspection on purpose.
 */
export interface CatalogColumn {
  readonly name: string;
  /** The type as the database spells it (format_type / COLUMN_TYPE / declared type). */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as the catalog keeps it; null when there is none. */
  readonly default: string | null;
  /** Identity / AUTO_INCREMENT / INTEGER PRIMARY KEY AUTOINCREMENT. */
  readonly generated: boolean;
}

export interface CatalogForeignKey {
  /** null on SQLite, whose pragma does not report constraint names. */
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  /** Lower case: "cascade", "set null", "restrict", "no action", "set default". */
  readonly onDelete: string;
  readonly onUpdate: string;
}

export interface CatalogIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface CatalogTable {
  readonly columns: readonly CatalogColumn[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly CatalogForeignKey[];
  /** Every index but the primary key's: unique constraints' indexes, CREATE INDEX ones, and MySQL's automatic FK indexes. */
  readonly indexes: readonly CatalogIndex[];
  /** CHECK constraint expressions, as the database prints them. */
  readonly checks: readonly string[];
}

type Row = Record<string, unknown>;

async function rows(engine: Engine, query: Executable<Row>): Promise<Row[]> {
  return (await engine.execute(query)).all();
}

const PG_ACTIONS: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function postgresCatalog(engine: Engine, table: string): Promise<CatalogTable> {
  const columns = await rows(
    engine,
    sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable,
               c.column_default as "default", c.is_identity as identity
          from pg_attribute a
          join pg_class t on t.oid = a.attrelid
          join pg_namespace n on n.oid = t.relnamespace
          join information_schema.columns c on c.table_schema = n.nspname and c.table_name = t.relname and c.column_name = a.attname
         where n.nspname = current_schema() and t.relname = ${table} and a.attnum > 0 and not a.attisdropped
         order by a.attnum`,
  );
  const constraints = await rows(
    engine,
    sql`select k.conname as name, k.contype as kind, k.confdeltype as on_delete, k.confupdtype as on_update,
               r.relname as referenced_table, pg_get_constraintdef(k.oid) as definition,
               array(select a.attname from unnest(k.conkey) with ordinality u(n, i)
                       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i)::text[] as columns,
               array(select a.attname from unnest(k.confkey) with ordinality u(n, i)
                       join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i)::text[] as referenced_columns
          from pg_constraint k
          join pg_class t on t.oid = k.conrelid
          join pg_namespace n on n.oid = t.relnamespace
          left join pg_class r on r.oid = k.confrelid
         where n.nspname = current_schema() and t.relname = ${table}
         order by k.conname`,
  );
  const indexes = await rows(
    engine,
    sql`select i.relname as name, x.indisunique as "unique",
               array(select a.attname from unnest(x.indkey::int2[]) with ordinality u(n, o)
                       join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.n order by u.o)::text[] as columns
          from pg_index x
          join pg_class t on t.oid = x.indrelid
          join pg_class i on i.oid = x.indexrelid
          join pg_namespace n on n.oid = t.relnamespace
         where n.nspname = current_schema() and t.relname = ${table} and not x.indisprimary
         order by i.relname`,
  );
  const pk = constraints.find((c) => c.kind === "p");
  return {
    columns: columns.map((c) => ({
      name: String(c.name),
      type: String(c.type),
      nullable: c.nullable === true,
      default: (c.default as string | null) ?? null,
      generated: c.identity === "YES",
    })),
    primaryKey: (pk?.columns as string[] | undefined) ?? [],
    foreignKeys: constraints
      .filter((c) => c.kind === "f")
      .map((c) => ({
        name: String(c.name),
        columns: c.columns as string[],
        referencedTable: String(c.referenced_table),
        referencedColumns: c.referenced_columns as string[],
        onDelete: PG_ACTIONS[String(c.on_delete)],
        onUpdate: PG_ACTIONS[String(c.on_update)],
      })),
    indexes: indexes.map((i) => ({ name: String(i.name), columns: i.columns as string[], unique: i.unique === true })),
    checks: constraints.filter((c) => c.kind === "c").map((c) => String(c.definition)),
  };
}

async function mysqlCatalog(engine: Engine, table: string): Promise<CatalogTable> {
  const columns = await rows(
    engine,
    sql`select column_name as name, column_type as type, is_nullable as nullable, column_default as dflt, extra
          from information_schema.columns
         where table_schema = database() and table_name = ${table}
         order by ordinal_position`,
  );
  const statistics = await rows(
    engine,
    sql`select index_name as name, non_unique, column_name as col
          from information_schema.statistics
         where table_schema = database() and table_name = ${table}
         order by index_name, seq_in_index`,
  );
  const fks = await rows(
    engine,
    sql`select r.constraint_name as name, r.referenced_table_name as referenced_table, r.delete_rule, r.update_rule,
               k.column_name as col, k.referenced_column_name as referenced_col
          from information_schema.referential_constraints r
          join information_schema.key_column_usage k
            on k.constraint_schema = r.constraint_schema and k.constraint_name = r.constraint_name and k.table_name = r.table_name
         where r.constraint_schema = database() and r.table_name = ${table}
         order by r.constraint_name, k.ordinal_position`,
  );
  const checks = await rows(
    engine,
    sql`select check_clause as clause from information_schema.check_constraints
         where constraint_schema = database() and table_name = ${table} order by constraint_name`,
  );
  const indexMap = new Map<string, { columns: string[]; unique: boolean }>();
  for (const s of statistics) {
    const name = String(s.name);
    const entry = indexMap.get(name) ?? { columns: [], unique: Number(s.non_unique) === 0 };
    entry.columns.push(String(s.col));
    indexMap.set(name, entry);
  }
  const fkMap = new Map<string, CatalogForeignKey & { columns: string[]; referencedColumns: string[] }>();
  for (const f of fks) {
    const name = String(f.name);
    const entry = fkMap.get(name) ?? {
      name,
      columns: [],
      referencedTable: String(f.referenced_table),
      referencedColumns: [],
      onDelete: String(f.delete_rule).toLowerCase(),
      onUpdate: String(f.update_rule).toLowerCase(),
    };
    entry.columns.push(String(f.col));
    entry.referencedColumns.push(String(f.referenced_col));
    fkMap.set(name, entry);
  }
  return {
    columns: columns.map((c) => ({
      name: String(c.name),
      // MySQL 8 prints no display width for INT and BIGINT, MariaDB does: int(11), bigint(20).
      type: String(c.type).replace(/^(int|bigint)\(\d+\)/, "$1"),
      nullable: c.nullable === "YES",
      // MariaDB reports a column without a default as the text NULL (a NULL string default would be quoted: 'NULL').
      default: c.dflt === null || c.dflt === "NULL" ? null : String(c.dflt),
      generated: String(c.extra).includes("auto_increment"),
    })),
    primaryKey: indexMap.get("PRIMARY")?.columns ?? [],
    foreignKeys: [...fkMap.values()],
    indexes: [...indexMap.entries()]
      .filter(([name]) => name !== "PRIMARY")
      .map(([name, i]) => ({ name, columns: i.columns, unique: i.unique })),
    checks: checks.map((c) => String(c.clause)),
  };
}

async function sqliteCatalog(engine: Engine, table: string): Promise<CatalogTable> {
  const info = await rows(
    engine,
    sql`select name, type, "notnull" as not_null, dflt_value, pk from pragma_table_info(${table}) order by cid`,
  );
  const fks = await rows(
    engine,
    sql`select id, seq, "table" as referenced_table, "from" as col, "to" as referenced_col, on_update, on_delete
          from pragma_foreign_key_list(${table}) order by id, seq`,
  );
  const indexList = await rows(engine, sql`select name, "unique" as is_unique, origin from pragma_index_list(${table}) order by name`);
  const definition = await rows(engine, sql`select sql from sqlite_master where type = 'table' and name = ${table}`);
  const createSql = String(definition[0]?.sql ?? "");
  const indexes: CatalogIndex[] = [];
  for (const i of indexList) {
    if (i.origin === "pk") continue;
    const cols = await rows(engine, sql`select name from pragma_index_info(${String(i.name)}) order by seqno`);
    indexes.push({ name: String(i.name), columns: cols.map((c) => String(c.name)), unique: Number(i.is_unique) === 1 });
  }
  const fkMap = new Map<number, CatalogForeignKey & { columns: string[]; referencedColumns: string[] }>();
  for (const f of fks) {
    const id = Number(f.id);
    const entry = fkMap.get(id) ?? {
      name: null,
      columns: [],
      referencedTable: String(f.referenced_table),
      referencedColumns: [],
      onDelete: String(f.on_delete).toLowerCase(),
      onUpdate: String(f.on_update).toLowerCase(),
    };
    entry.columns.push(String(f.col));
    entry.referencedColumns.push(String(f.referenced_col));
    fkMap.set(id, entry);
  }
  const pk = info
    .filter((c) => Number(c.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((c) => String(c.name));
  // Only `INTEGER PRIMARY KEY` is a rowid alias that SQLite numbers itself.
  const rowidAlias = pk.length === 1 && info.some((c) => c.name === pk[0] && String(c.type).toUpperCase() === "INTEGER");
  return {
    columns: info.map((c) => ({
      name: String(c.name),
      type: String(c.type),
      // A rowid alias can never hold NULL, whatever pragma_table_info says.
      nullable: Number(c.not_null) === 0 && !(rowidAlias && c.name === pk[0]),
      default: (c.dflt_value as string | null) ?? null,
      generated: rowidAlias && c.name === pk[0],
    })),
    primaryKey: pk,
    foreignKeys: [...fkMap.values()],
    indexes,
    checks: [...createSql.matchAll(/CHECK \((.*?\))\)/g)].map((m) => m[1]),
  };
}

export function readCatalog(engine: Engine, dialect: TestDialect, table: string): Promise<CatalogTable> {
  return { postgres: postgresCatalog, mysql: mysqlCatalog, sqlite: sqliteCatalog }[dialect](engine, table);
}

/**
 * A catalog default in one spelling for every database: PostgreSQL's casts
 * (`'x'::character varying`) and the quotes around string literals removed,
 * CURRENT_TIMESTAMP in any of its forms (MariaDB: current_timestamp(3)) as
 * CURRENT_TIMESTAMP. Booleans, JSON spacing and binary literals stay as each
 * database prints them.
 */
export function canonicalDefault(text: string | null): string | null {
  if (text === null) return null;
  const uncast = text.replace(/::[a-z ]+(\(\d+\))?$/i, "");
  if (/^\(?current_timestamp(\(\d*\))?\)?$/i.test(uncast)) return "CURRENT_TIMESTAMP";
  const quoted = /^'(.*)'$/s.exec(uncast);
  return quoted ? quoted[1].replace(/''/g, "'") : uncast;
}

/** The tables of the current database/schema, sorted. */
export async function tableNames(engine: Engine): Promise<string[]> {
  const result = await engine.execute(sql.unsafe(engine.dialect.ddl.tableNamesQuery));
  return result
    .all()
    .map((r) => String(Object.values(r)[0]))
    .sort();
}

/**
 * The binary NO PAD collation of utf8mb4 that a MySQL-protocol server has,
 * asked of the server itself (independently of Strata's own detection):
 * MariaDB names it utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin.
 */
export async function mysqlExactCollation(engine: Engine): Promise<string> {
  const version = String((await engine.execute(sql`SELECT VERSION() AS version`)).scalar());
  return /mariadb/i.test(version) ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
}
