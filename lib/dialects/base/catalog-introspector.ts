import type { IntrospectedTable, IntrospectionQuery, Introspector } from "../introspector";

/** One row of a catalog query, keyed by column name. */
export type CatalogRow = Record<string, unknown>;

/**
 * What every introspector does the same way: the tables are listed by one
 * catalog query (a `name` column, sorted), and a table is found by name with
 * another before the rest is read. A dialect gives the two queries and reads
 * the table it found.
 */
export abstract class CatalogIntrospector implements Introspector {
  abstract readonly uniqueIndexIsConstraint: boolean;
  /** Base tables of the current database, one `name` per row, sorted. */
  protected abstract readonly tablesSql: string;
  /** The one table named by the single parameter: no row when there is none. */
  protected abstract readonly tableSql: string;

  async listTables(query: IntrospectionQuery): Promise<string[]> {
    return (await query(this.tablesSql, [])).map((r) => String(r.name));
  }

  async readTable(query: IntrospectionQuery, name: string): Promise<IntrospectedTable | undefined> {
    const [table] = await query(this.tableSql, [name]);
    return table === undefined ? undefined : this.readFoundTable(query, table);
  }

  /** The rest of a table the table query found: columns, keys, indexes, checks. */
  protected abstract readFoundTable(query: IntrospectionQuery, table: CatalogRow): Promise<IntrospectedTable>;
}
