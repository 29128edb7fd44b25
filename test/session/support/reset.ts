import { type Engine, sql } from "../../../lib";

/** Delete every row of these tables, in the order given (dependents first), outside any session. */
export async function emptyTables(engine: Engine, tables: readonly string[]): Promise<void> {
  const q = (name: string) => engine.dialect.compiler.quoteIdentifier(name);
  for (const table of tables) await engine.execute(sql.unsafe(`DELETE FROM ${q(table)}`));
}
