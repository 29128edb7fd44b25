import type { ForeignKeySchema, TableSchema } from "./nodes";

export interface CreateOrder {
  /** Tables in an order where each one's referenced tables come first (as far as cycles allow). */
  readonly tables: readonly TableSchema[];
  /** Foreign keys that close a cycle: create them after every table exists (and fill them in after the rows are in). */
  readonly deferred: readonly { readonly table: string; readonly foreignKey: ForeignKeySchema }[];
}

/** Whether a row can be written before the row its foreign key references: every column of the key is nullable. */
function nullable(table: TableSchema, fk: ForeignKeySchema): boolean {
  return fk.columns.every((name) => table.columns.find((c) => c.name === name)?.nullable ?? false);
}

/**
 * Order tables by their foreign keys, referenced tables first: the order
 * tables are created in, and rows inserted in. Where foreign keys form a
 * cycle, one of them must wait (created after the tables, written by an
 * UPDATE after the rows): a nullable one whenever the cycle has one, as a
 * NOT NULL key cannot be written NULL first. Self-references need no
 * waiting: a table may reference itself in its own CREATE TABLE, and its
 * rows are inserted in waves. The order is the same on every run.
 *
 * A depth-first sort (by table name) gives the order; where it would defer
 * a NOT NULL key, the order is worked out again table by table, breaking
 * each cycle at its nullable keys (see byRequiredKeys).
 */
export function orderTablesForCreate(schemas: readonly TableSchema[]): CreateOrder {
  const order = depthFirst(schemas);
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const safe = order.deferred.every((d) => nullable(byName.get(d.table) as TableSchema, d.foreignKey));
  return safe ? order : byRequiredKeys(schemas);
}

/**
 * The depth-first topological sort: a reference back to a table still
 * being visited closes a cycle, and that foreign key is deferred, whether
 * or not it is nullable.
 */
function depthFirst(schemas: readonly TableSchema[]): CreateOrder {
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

/**
 * Tables one at a time: one whose referenced tables are all taken, or,
 * where every table left waits for another (a cycle), the one whose
 * waiting keys are fewest and nullable, which are deferred. Ties go by name.
 */
function byRequiredKeys(schemas: readonly TableSchema[]): CreateOrder {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  // The foreign keys of each table to other tables of the list, not yet satisfied by an earlier table.
  const waiting = new Map<string, ForeignKeySchema[]>();
  for (const s of schemas) {
    waiting.set(
      s.name,
      s.foreignKeys.filter((fk) => fk.referencedTable !== s.name && byName.has(fk.referencedTable)),
    );
  }
  const remaining = [...schemas].sort((a, b) => a.name.localeCompare(b.name));
  const tables: TableSchema[] = [];
  const deferred: { table: string; foreignKey: ForeignKeySchema }[] = [];
  while (remaining.length > 0) {
    // A table whose references are all in; else (a cycle) the one with the fewest keys left, all nullable if one has that.
    let pick = remaining.findIndex((s) => (waiting.get(s.name) as ForeignKeySchema[]).length === 0);
    if (pick < 0) pick = cycleBreaker(remaining, waiting);
    const [table] = remaining.splice(pick, 1);
    for (const fk of waiting.get(table.name) as ForeignKeySchema[]) deferred.push({ table: table.name, foreignKey: fk });
    tables.push(table);
    for (const s of remaining) {
      waiting.set(
        s.name,
        (waiting.get(s.name) as ForeignKeySchema[]).filter((fk) => fk.referencedTable !== table.name),
      );
    }
  }
  return { tables, deferred };
}

/** Where every table waits for another: the one to take first, the keys it still waits for being deferred. */
function cycleBreaker(remaining: readonly TableSchema[], waiting: ReadonlyMap<string, readonly ForeignKeySchema[]>): number {
  let best = 0;
  let bestScore = Number.POSITIVE_INFINITY;
  remaining.forEach((table, i) => {
    const keys = waiting.get(table.name) as readonly ForeignKeySchema[];
    // A NOT NULL key that waits costs far more than any number of nullable ones.
    const score = keys.reduce((sum, fk) => sum + (nullable(table, fk) ? 1 : 1_000), 0);
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
