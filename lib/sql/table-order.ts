import type { ForeignKeySchema, TableSchema } from "./nodes";

export interface CreateOrder {
  /** Tables in an order where each one's referenced tables come first (as far as cycles allow). */
  readonly tables: readonly TableSchema[];
  /** Foreign keys that close a cycle: create them after every table exists. */
  readonly deferred: readonly { readonly table: string; readonly foreignKey: ForeignKeySchema }[];
}

/**
 * Order tables by their foreign keys (a depth-first topological sort). A
 * reference back to a table still being visited closes a cycle; that foreign
 * key is deferred so the tables can be created first. Self-references need
 * no deferral: a table may reference itself in its own CREATE TABLE.
 */
export function orderTablesForCreate(schemas: readonly TableSchema[]): CreateOrder {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const state = new Map<string, "visiting" | "done">();
  const tables: TableSchema[] = [];
  const deferred: { table: string; foreignKey: ForeignKeySchema }[] = [];

  const visit = (schema: TableSchema) => {
    state.set(schema.name, "visiting");
    for (const fk of schema.foreignKeys) {
      if (fk.referencedTable === schema.name) continue;
      const target = byName.get(fk.referencedTable);
      if (!target) continue;
      const s = state.get(target.name);
      if (s === "visiting") deferred.push({ table: schema.name, foreignKey: fk });
      else if (s === undefined) visit(target);
    }
    state.set(schema.name, "done");
    tables.push(schema);
  };
  for (const schema of [...schemas].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!state.has(schema.name)) visit(schema);
  }
  return { tables, deferred };
}
