import { type Engine, type EntityClass, select, sql } from "../../../lib";

type Row = Record<string, unknown>;

/**
 * Every row of a table as the database holds it now, read on a pooled
 * connection outside any session, ordered by `orderBy` (a column name).
 * Integer-like values come back as numbers on every dialect.
 */
export async function rowsOf(engine: Engine, table: string, orderBy = "id"): Promise<Row[]> {
  const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
  const statement = sql.unsafe(
    `SELECT * FROM ${q(table)} ORDER BY ${orderBy
      .split(",")
      .map((c) => q(c.trim()))
      .join(", ")}`,
  );
  const result = await engine.execute(statement);
  return result.all().map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
    return out;
  });
}

/** How many rows a table holds now. */
export async function countOf(engine: Engine, table: string): Promise<number> {
  const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
  const result = await engine.execute(sql.unsafe<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${q(table)}`));
  return Number(result.all()[0].n);
}

/** An entity's rows through Core, decoded by the dialect (Dates as Dates, JSON parsed), keyed by property. */
export async function decodedRows<T>(engine: Engine, entity: EntityClass<T>): Promise<Record<string, unknown>[]> {
  const table = engine.tableOf(entity);
  return (await engine.execute(select(table))).all() as Record<string, unknown>[];
}
