import type { DdlCompiler, IntrospectedTable } from "../dialects";
import type { SchemaOperation } from "../sql/nodes/schema-operations";

/**
 * Where the database refuses to change a column that a foreign key uses
 * (MariaDB and MySQL: "Cannot change column ...: used in a foreign key
 * constraint"), each foreign key on a column being altered, on either end,
 * is dropped before the change and added back after it, as it was. Keys the
 * diff already drops or replaces are left to it.
 */
export function foreignKeysAroundAlters(
  operations: readonly SchemaOperation[],
  live: readonly IntrospectedTable[],
  ddl: DdlCompiler,
): SchemaOperation[] {
  const altered = operations.flatMap((op) => (op.kind === "alterColumn" && ddl.alterNeedsForeignKeysDropped(op) ? [op] : []));
  if (altered.length === 0) return [...operations];
  const uses = (table: string, columns: readonly string[]) => altered.some((op) => op.table === table && columns.includes(op.to.name));
  const dropped = (table: string, name: string) =>
    operations.some((op) => op.kind === "dropForeignKey" && op.table === table && op.foreignKey.name === name);
  const extra: SchemaOperation[] = [];
  for (const t of live) {
    for (const fk of t.foreignKeys) {
      if (fk.name === "" || dropped(t.name, fk.name)) continue;
      if (!uses(t.name, fk.columns) && !uses(fk.referencedTable, fk.referencedColumns)) continue;
      extra.push(
        { kind: "dropForeignKey", table: t.name, foreignKey: { ...fk } },
        { kind: "addForeignKey", table: t.name, foreignKey: { ...fk } },
      );
    }
  }
  return [...operations, ...extra];
}
