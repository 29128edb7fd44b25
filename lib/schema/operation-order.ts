import type { SchemaOperation } from "../sql/nodes/schema-operations";

/**
 * The order a set of changes runs in: renames first (every other change
 * names tables and columns by their new names), then what depends on something goes before
 * it is dropped (foreign keys, then indexes and unique constraints, then
 * tables), and what something depends on comes before it is added (tables,
 * columns, then indexes and uniques a foreign key may need, then foreign
 * keys).
 */
const PHASE: Record<SchemaOperation["kind"], number> = {
  renameTable: -2,
  renameColumn: -1,
  dropForeignKey: 0,
  dropIndex: 1,
  dropUnique: 1,
  dropTable: 2,
  createTable: 3,
  dropColumn: 4,
  addColumn: 4,
  alterColumn: 4,
  rebuildTable: 4,
  setTableComment: 4,
  addUnique: 5,
  addIndex: 5,
  addForeignKey: 6,
};

/** Sort by phase; within a phase the given order stands (tables already in foreign key order). */
export function orderOperations(operations: readonly SchemaOperation[]): SchemaOperation[] {
  return operations
    .map((op, i) => ({ op, i }))
    .sort((a, b) => PHASE[a.op.kind] - PHASE[b.op.kind] || a.i - b.i)
    .map((x) => x.op);
}
