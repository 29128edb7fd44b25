import type { DdlCompiler, IntrospectedTable } from "../dialects";
import type { ColumnSchema, TableSchema } from "../sql";

/**
 * A foreign key column created next to live tables, with the collation of
 * the live column it references where the database reports one and the
 * column names none: a foreign key compares like the key it references, and
 * MySQL refuses one between text columns of different collations (tables
 * Strata created before it used NO PAD collations have utf8mb4_bin, new ones
 * the server's NO PAD binary collation).
 */
export function withReferencedCollation(
  column: ColumnSchema,
  table: TableSchema,
  live: ReadonlyMap<string, IntrospectedTable>,
  ddl: DdlCompiler,
): ColumnSchema {
  if (ddl.collationOf(column) !== undefined || !ddl.takesCollation(column.type)) return column;
  for (const fk of table.foreignKeys) {
    const at = fk.columns.indexOf(column.name);
    if (at < 0) continue;
    const referenced = live.get(fk.referencedTable)?.columns.find((c) => c.name === fk.referencedColumns[at]);
    const collation = referenced?.sqlCollation ?? referenced?.collation;
    if (collation !== undefined) return { ...column, collation };
  }
  return column;
}

/** A table created next to live tables, each of its foreign key columns collated like the live column it references (see withReferencedCollation). */
export function withReferencedCollations(table: TableSchema, live: ReadonlyMap<string, IntrospectedTable>, ddl: DdlCompiler): TableSchema {
  if (!table.foreignKeys.some((fk) => live.has(fk.referencedTable))) return table;
  return { ...table, columns: table.columns.map((c) => withReferencedCollation(c, table, live, ddl)) };
}
