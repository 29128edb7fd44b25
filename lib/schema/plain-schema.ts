import type { IntrospectedColumn, IntrospectedTable } from "../dialects";
import type { ColumnSchema, TableSchema } from "../sql";

/** A live column without what only introspection adds (the catalog's type text): plain data for operations. */
export function plainColumn(column: ColumnSchema | IntrospectedColumn): ColumnSchema {
  const { name, type, nullable, autoIncrement } = column;
  return {
    name,
    type,
    nullable,
    autoIncrement,
    ...(column.default ? { default: column.default } : {}),
    ...(column.comment !== undefined ? { comment: column.comment } : {}),
    ...(column.collation !== undefined ? { collation: column.collation } : {}),
  };
}

/** A live table as a plain TableSchema (no catalog extras), so operations can be written to migration files as they are. */
export function plainTable(table: TableSchema | IntrospectedTable): TableSchema {
  return {
    name: table.name,
    columns: table.columns.map(plainColumn),
    primaryKey: [...table.primaryKey],
    foreignKeys: table.foreignKeys.map((fk) => ({ ...fk })),
    uniques: table.uniques.map((u) => ({ ...u })),
    indexes: table.indexes.map((i) => ({ ...i })),
    ...(table.comment !== undefined ? { comment: table.comment } : {}),
  };
}
