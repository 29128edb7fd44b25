import type { DdlCompiler } from "../dialects";
import type { SchemaOperation } from "../dialects/base/schema-change";
import type { TableSchema } from "../sql";
import { applyTableOperations } from "./apply-table-operations";

/** The table an operation changes in place, if it changes an existing one. */
function alteredTable(op: SchemaOperation): string | undefined {
  return op.kind === "createTable" || op.kind === "dropTable" || op.kind === "rebuildTable" ? undefined : op.table;
}

/**
 * Where the database cannot make one of a table's changes in place (SQLite),
 * all of that table's changes become one rebuild of it: one copy of the rows
 * however many columns change.
 */
export function foldRebuilds(
  operations: readonly SchemaOperation[],
  live: ReadonlyMap<string, TableSchema>,
  ddl: DdlCompiler,
): SchemaOperation[] {
  const rebuilt = new Set<string>();
  for (const op of operations) {
    const table = alteredTable(op);
    if (table !== undefined && live.has(table) && ddl.needsRebuild(op)) rebuilt.add(table);
  }
  if (rebuilt.size === 0) return [...operations];
  const out: SchemaOperation[] = [];
  for (const op of operations) {
    const table = alteredTable(op);
    if (table === undefined || !rebuilt.has(table)) {
      out.push(op);
      continue;
    }
    if (out.some((o) => o.kind === "rebuildTable" && o.to.name === table)) continue;
    const from = live.get(table) as TableSchema;
    const mine = operations.filter((o) => alteredTable(o) === table);
    out.push({ kind: "rebuildTable", from, to: applyTableOperations(from, mine) });
  }
  return out;
}
