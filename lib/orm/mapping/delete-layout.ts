import type { EntityMetadata } from "../../metadata";
import type { Column } from "../../sql";

/** The columns a DELETE matches a row by, worked out once per entity (EntityMapping.deleteLayout): the key, then the version where mapped. */
export interface DeleteLayout {
  readonly indexes: readonly number[];
  readonly columns: readonly Column<string, unknown>[];
  readonly versioned: boolean;
}

export function buildDeleteLayout(entity: EntityMetadata): DeleteLayout {
  const matched = entity.versionColumn ? [...entity.primaryKeys, entity.versionColumn] : entity.primaryKeys;
  return {
    indexes: matched.map((c) => entity.columns.indexOf(c)),
    columns: matched.map((c) => (entity.table.c as Record<string, Column<string, unknown>>)[c.property ?? c.name]),
    versioned: entity.versionColumn !== undefined,
  };
}
