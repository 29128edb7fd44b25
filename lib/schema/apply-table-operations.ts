import type { SchemaOperation } from "../dialects/base/schema-change";
import { constraintName, type TableSchema } from "../sql";

const without = <T extends { readonly name: string }>(items: readonly T[], name: string) => items.filter((i) => i.name !== name);

/**
 * A table as it is after the given changes to it (operations on other
 * tables are ignored): what a table rebuild recreates. Foreign keys the
 * database left unnamed get Strata's name, since they are written out anew.
 */
export function applyTableOperations(table: TableSchema, operations: readonly SchemaOperation[]): TableSchema {
  let t: TableSchema = table;
  for (const op of operations) {
    if (op.kind === "createTable" || op.kind === "dropTable" || op.kind === "rebuildTable" || op.table !== table.name) continue;
    switch (op.kind) {
      case "addColumn":
        t = { ...t, columns: [...without(t.columns, op.column.name), op.column] };
        break;
      case "dropColumn":
        t = { ...t, columns: without(t.columns, op.column.name) };
        break;
      case "alterColumn":
        t = { ...t, columns: t.columns.map((c) => (c.name === op.to.name ? op.to : c)) };
        break;
      case "addIndex":
        t = { ...t, indexes: [...without(t.indexes, op.index.name), op.index] };
        break;
      case "dropIndex":
        t = { ...t, indexes: without(t.indexes, op.index.name) };
        break;
      case "addUnique":
        t = { ...t, uniques: [...without(t.uniques, op.unique.name), op.unique] };
        break;
      case "dropUnique":
        t = { ...t, uniques: without(t.uniques, op.unique.name) };
        break;
      case "addForeignKey":
        t = { ...t, foreignKeys: [...without(t.foreignKeys, op.foreignKey.name), op.foreignKey] };
        break;
      case "dropForeignKey": {
        const fk = op.foreignKey;
        t = {
          ...t,
          foreignKeys: t.foreignKeys.filter((f) =>
            fk.name !== ""
              ? f.name !== fk.name
              : !(f.name === "" && f.columns.join() === fk.columns.join() && f.referencedTable === fk.referencedTable),
          ),
        };
        break;
      }
    }
  }
  return {
    ...t,
    foreignKeys: t.foreignKeys.map((fk) => (fk.name === "" ? { ...fk, name: constraintName("fk", t.name, fk.columns) } : fk)),
  };
}
