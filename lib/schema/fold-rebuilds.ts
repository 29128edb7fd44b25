import type { DdlCompiler } from "../dialects";
import type { TableSchema } from "../sql";
import { alteredTableOf, type SchemaOperation } from "../sql/nodes/schema-operations";
import { applyTableOperations } from "./apply-table-operations";

/** The table a change would fold into a rebuild of: renames run before a rebuild (by their own statement), never inside it. */
function foldedTable(op: SchemaOperation): string | undefined {
  return op.kind === "renameColumn" ? undefined : alteredTableOf(op);
}

/**
 * Where the database cannot make one of a table's changes in place (SQLite),
 * all of that table's changes become one rebuild of it: one copy of the rows
 * however many columns change. `live` is the schema after any renames.
 */
export function foldRebuilds(
  operations: readonly SchemaOperation[],
  live: ReadonlyMap<string, TableSchema>,
  ddl: DdlCompiler,
): SchemaOperation[] {
  const rebuilt = new Set<string>();
  for (const op of operations) {
    const table = foldedTable(op);
    if (table !== undefined && live.has(table) && ddl.needsRebuild(op)) rebuilt.add(table);
  }
  if (rebuilt.size === 0) return [...operations];
  const out: SchemaOperation[] = [];
  for (const op of operations) {
    const table = foldedTable(op);
    if (table === undefined || !rebuilt.has(table)) {
      out.push(op);
      continue;
    }
    if (out.some((o) => o.kind === "rebuildTable" && o.to.name === table)) continue;
    const from = live.get(table) as TableSchema;
    const mine = operations.filter((o) => foldedTable(o) === table);
    out.push({ kind: "rebuildTable", from, to: applyTableOperations(from, mine) });
  }
  return out;
}
