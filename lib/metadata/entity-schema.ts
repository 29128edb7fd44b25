import { ColumnBuilder, constraintName, type IndexSchema, Table, type TableSchema } from "../sql";
import { type IndexRecord, tableRecordOf } from "./decorator-registry";
import type { EntityDraft } from "./relation-resolution";

/** The entity's table structure: columns, key, foreign keys, unique constraints and indexes. */
export function entityTableSchema(draft: EntityDraft, indexRecords: readonly IndexRecord[], problems: string[]): TableSchema {
  const entity = draft.metadata;
  const table = entity.tableName;
  const comment = tableRecordOf(entity.target)?.comment;
  const uniques = [...draft.uniques];
  const indexes: IndexSchema[] = [];
  for (const c of draft.columns) {
    if (c.unique && !uniques.some((u) => u.columns.length === 1 && u.columns[0] === c.name)) {
      uniques.push({ name: constraintName("uq", table, [c.name]), columns: [c.name] });
    }
    if (c.index) indexes.push({ name: constraintName("ix", table, [c.name]), columns: [c.name], unique: false });
  }
  for (const record of indexRecords) {
    const names: string[] = [];
    for (const property of record.properties) {
      const column = draft.columns.find((c) => c.property === property || (c.relationProperty === property && c.role === "foreignKey"));
      if (!column) problems.push(`@Index on ${entity.name} names "${property}", which is not a column property of ${entity.name}.`);
      else names.push(column.name);
    }
    if (names.length !== record.properties.length) continue;
    const unique = record.options.unique ?? false;
    const name = record.options.name ?? constraintName(unique ? "uq" : "ix", table, names);
    if (record.options.constraint && !unique) {
      problems.push(
        `@Index on ${entity.name} (${record.properties.join(", ")}): constraint: true makes a UNIQUE constraint; add unique: true.`,
      );
    } else if (record.options.constraint) uniques.push({ name, columns: names });
    else indexes.push({ name, columns: names, unique });
  }
  return Object.freeze({
    name: table,
    columns: draft.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      autoIncrement: c.generated === "identity",
      ...(c.default ? { default: c.default } : {}),
      ...(c.comment ? { comment: c.comment } : {}),
      ...(c.collation !== undefined ? { collation: c.collation } : {}),
    })),
    primaryKey: draft.columns.filter((c) => c.primary).map((c) => c.name),
    foreignKeys: draft.foreignKeys,
    uniques,
    indexes,
    ...(comment ? { comment } : {}),
  });
}

/** A Core table for the entity: columns keyed by property name (foreign keys without a property by column name). */
export function entityCoreTable(draft: EntityDraft, schema: TableSchema): Table {
  const builders: Record<string, ColumnBuilder<unknown>> = {};
  for (const c of draft.columns) {
    builders[c.property ?? c.name] = new ColumnBuilder({
      type: c.type,
      name: c.name,
      primaryKey: c.primary,
      generated: c.generated === "identity" ? true : c.generated === "uuid" ? "uuid" : false,
      notNull: !c.nullable,
      unique: c.unique,
      index: c.index,
      ...(c.default ? { default: c.default } : {}),
      ...(c.comment ? { comment: c.comment } : {}),
      ...(c.collation !== undefined ? { collation: c.collation } : {}),
    });
  }
  return new Table(schema.name, builders, {}, undefined, schema);
}
