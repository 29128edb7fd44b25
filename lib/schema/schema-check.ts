import type { Dialect, IntrospectedTable } from "../dialects";
import type { Connection, Engine } from "../engine";
import { type ColumnSchema, describeColumnType, type TableSchema } from "../sql";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { diffSchema } from "./diff-schema";
import { sameList } from "./match-objects";
import { SchemaDriftError } from "./schema-errors";
import { SCHEMA_SYNC_IGNORED_TABLES } from "./sync";

const cols = (columns: readonly string[]) => `(${columns.join(", ")})`;

function columnText(c: ColumnSchema): string {
  return `${describeColumnType(c.type)}${c.nullable ? " NULL" : " NOT NULL"}`;
}

/** How one column differs between the database and the entities, part by part. */
function columnDifference(table: string, from: ColumnSchema, to: ColumnSchema): string {
  const parts: string[] = [];
  if (describeColumnType(from.type) !== describeColumnType(to.type) || from.type.precision !== to.type.precision) {
    const precision = (c: ColumnSchema) =>
      (c.type.kind === "datetime" || c.type.kind === "timestamptz") && c.type.precision !== undefined ? `(${c.type.precision})` : "";
    parts.push(
      `type ${describeColumnType(from.type)}${precision(from)} in the database, ${describeColumnType(to.type)}${precision(to)} in the entities`,
    );
  }
  if (from.nullable !== to.nullable)
    parts.push(from.nullable ? "nullable in the database, NOT NULL in the entities" : "NOT NULL in the database, nullable in the entities");
  if (JSON.stringify(from.default, bigints) !== JSON.stringify(to.default, bigints)) parts.push("its default differs");
  if (from.collation !== to.collation)
    parts.push(`collation ${from.collation ?? "(default)"} in the database, ${to.collation ?? "(default)"} in the entities`);
  if ((from.comment ?? "") !== (to.comment ?? "")) parts.push("its comment differs");
  return `column ${table}.${to.name} differs: ${parts.join("; ") || "its definition differs"}`;
}

const bigints = (_k: string, v: unknown) => (typeof v === "bigint" ? `${v}n` : v);

/** What a SQLite table rebuild would change, part by part (the same words the in-place operations get). */
function rebuildDifferences(from: TableSchema, to: TableSchema): string[] {
  const out: string[] = [];
  const t = to.name;
  for (const c of to.columns) {
    const was = from.columns.find((f) => f.name === c.name);
    if (!was) out.push(`column ${t}.${c.name} (${columnText(c)}) is missing from the database`);
    else if (JSON.stringify(was, bigints) !== JSON.stringify(c, bigints)) out.push(columnDifference(t, was, c));
  }
  for (const c of from.columns) if (!to.columns.some((x) => x.name === c.name)) out.push(`column ${t}.${c.name} would be dropped`);
  const keyed = <T extends { columns: readonly string[] }>(
    a: readonly T[],
    b: readonly T[],
    what: string,
    same: (x: T, y: T) => boolean,
  ) => {
    for (const x of b)
      if (!a.some((y) => same(x, y))) out.push(`${what} ${cols(x.columns)} of ${t} is missing from the database or differs`);
    for (const y of a)
      if (!b.some((x) => sameList(x.columns, y.columns))) out.push(`${what} ${cols(y.columns)} of ${t} is only in the database`);
  };
  keyed(
    from.foreignKeys,
    to.foreignKeys,
    "foreign key",
    (x, y) => JSON.stringify({ ...x, name: "" }) === JSON.stringify({ ...y, name: "" }),
  );
  keyed(from.uniques, to.uniques, "unique constraint", (x, y) => sameList(x.columns, y.columns));
  keyed(from.indexes, to.indexes, "index", (x, y) => sameList(x.columns, y.columns) && x.unique === y.unique);
  return out.length > 0 ? out : [`table ${t} would be rebuilt`];
}

/** One planned operation as a difference between the database and the entities. */
function describe(op: SchemaOperation): string[] {
  switch (op.kind) {
    case "createTable":
      return [`table ${op.table.name} is missing from the database`];
    case "dropTable":
      return [`table ${op.table.name} is only in the database`];
    case "addColumn":
      return [`column ${op.table}.${op.column.name} (${columnText(op.column)}) is missing from the database`];
    case "dropColumn":
      return [`column ${op.table}.${op.column.name} is only in the database`];
    case "alterColumn":
      return [columnDifference(op.table, op.from, op.to)];
    case "addIndex":
      return [
        `${op.index.unique ? "unique index" : "index"} ${op.index.name} ${cols(op.index.columns)} of ${op.table} is missing from the database`,
      ];
    case "dropIndex":
      return [`index ${op.index.name} ${cols(op.index.columns)} of ${op.table} differs from the entities' or is only in the database`];
    case "addUnique":
      return [`unique constraint ${op.unique.name} ${cols(op.unique.columns)} of ${op.table} is missing from the database`];
    case "dropUnique":
      return [
        `unique constraint ${op.unique.name} ${cols(op.unique.columns)} of ${op.table} differs from the entities' or is only in the database`,
      ];
    case "addForeignKey":
      return [`foreign key ${op.foreignKey.name} ${cols(op.foreignKey.columns)} of ${op.table} is missing from the database`];
    case "dropForeignKey":
      return [
        `foreign key ${op.foreignKey.name || "(unnamed)"} ${cols(op.foreignKey.columns)} of ${op.table} differs from the entities' or is only in the database`,
      ];
    case "rebuildTable":
      return rebuildDifferences(op.from, op.to);
    case "setTableComment":
      return [`the comment of table ${op.table} differs`];
    case "renameTable":
      return [`table ${op.from} is ${op.to} in the entities`];
    case "renameColumn":
      return [`column ${op.table}.${op.from} is ${op.table}.${op.to} in the entities`];
  }
}

/** A warning of the diff as a difference: what was kept, without the advice on dropping it. */
function warningAsDifference(warning: string): string {
  return warning
    .replace(/: kept \(to drop it:.*\)\.$/, ".")
    .replace(/\.$/, "")
    .replace(/^./, (c) => c.toLowerCase());
}

/**
 * Every difference between a live schema and the engine's entities, one
 * sentence each: what a sync would change, what it would only report, and
 * likely renames. Empty when they match.
 */
export function schemaDifferences(live: readonly IntrospectedTable[], wanted: readonly TableSchema[], dialect: Dialect): string[] {
  const diff = diffSchema(live, wanted, dialect, { ignoreTables: SCHEMA_SYNC_IGNORED_TABLES });
  return [
    ...diff.operations.flatMap(describe),
    ...diff.warnings.map(warningAsDifference),
    ...diff.renameCandidates.map((c) => `possibly a rename: the ${c.description}`),
  ];
}

/** The live schema read on a connection already held (the engine's own introspect() would take another). */
export async function readLiveSchema(conn: Connection): Promise<IntrospectedTable[]> {
  const introspector = conn.dialect.introspector;
  const query = async (sql: string, params: unknown[]) => (await conn.run<Record<string, unknown>>({ sql, params })).rows;
  const tables: IntrospectedTable[] = [];
  for (const name of await introspector.listTables(query)) {
    const table = await introspector.readTable(query, name);
    if (table) tables.push(table);
  }
  return tables;
}

/** The drift error for a list of differences, saying what to do about them. */
export function driftError(differences: readonly string[], where: string): SchemaDriftError {
  return new SchemaDriftError(
    `${where} differs from the entities in ${differences.length === 1 ? "1 way" : `${differences.length} ways`}:\n${differences.map((d) => `  - ${d}`).join("\n")}\nBring it in line with "strata schema:sync" (development) or a migration ("strata migration:generate <name>", then "strata migration:run"); "strata schema:log" prints the SQL.`,
    differences,
  );
}

/**
 * Compare the engine's database with its entities without changing
 * anything: the differences, one sentence each (empty when they match).
 * `strata schema:check` and createEngine's `schemaCheck` run this.
 *
 * ```ts
 * await checkSchema(engine); // ['column tasks.due (date NULL) is missing from the database']
 * ```
 */
export async function checkSchema(engine: Engine): Promise<string[]> {
  return engine.connect(async (conn) => schemaDifferences(await readLiveSchema(conn), engine.metadata.tableSchemas, engine.dialect), {
    startupCheck: false,
  });
}
