import { constraintName, type TableSchema } from "../sql";
import { alteredTableOf, type SchemaOperation } from "../sql/nodes/schema-operations";

const renamed = (columns: readonly string[], from: string, to: string) => columns.map((c) => (c === from ? to : c));

/** A table with one column renamed, in its own definition and in every key and index on it. */
export function renameColumnIn<T extends TableSchema>(t: T, from: string, to: string): T {
  return {
    ...t,
    columns: t.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    primaryKey: renamed(t.primaryKey, from, to),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, columns: renamed(fk.columns, from, to) })),
    uniques: t.uniques.map((u) => ({ ...u, columns: renamed(u.columns, from, to) })),
    indexes: t.indexes.map((i) => ({ ...i, columns: renamed(i.columns, from, to) })),
  };
}

const without = <T extends { readonly name: string }>(items: readonly T[], name: string) => items.filter((i) => i.name !== name);

/**
 * A table as it is after the given changes to it (operations on other
 * tables are ignored): what a table rebuild recreates. Foreign keys the
 * database left unnamed get Strata's name, since they are written out anew.
 */
export function applyTableOperations(table: TableSchema, operations: readonly SchemaOperation[]): TableSchema {
  let t: TableSchema = table;
  for (const op of operations) {
    if (alteredTableOf(op) !== table.name) continue;
    switch (op.kind) {
      case "renameColumn":
        t = renameColumnIn(t, op.from, op.to);
        break;
      case "setTableComment":
        t = { ...t, comment: op.comment };
        break;
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
