import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { and, type Column, type ExecutableNode, update } from "../../sql";
import { hasComparableForm } from "./comparable-value";
import type { FlushShape } from "./flush-shape";
import type { ShapeStatement } from "./statement-cache";

/*
 * What the UPDATEs of one entity's changed rows are made of, worked out once
 * per entity (UpdateLayout) and once per set of changed columns
 * (UpdateShape) by the entity's mapping.
 */

type Row = Record<string, unknown>;

function columnOf(entity: EntityMetadata, column: ColumnMetadata): Column<string, unknown> {
  return (entity.table.c as Record<string, Column<string, unknown>>)[column.property ?? column.name];
}

/** What an UPDATE of one entity needs per column, worked out once per entity. */
export interface UpdateLayout {
  /** The table column of each metadata column, by index. */
  readonly columns: readonly Column<string, unknown>[];
  /** Columns whose values compare with `===` as they are (toComparable returns them unchanged). */
  readonly plain: readonly boolean[];
  readonly keyIndexes: readonly number[];
  /** Per key column (as keyIndexes): whether the UPDATE finds the row by the key as loaded (the snapshot) rather than the live value. */
  readonly keyAsLoaded: readonly boolean[];
  /** Columns holding an instant (datetime, timestamptz): a Date compares with its snapshot by its time. */
  readonly instant: readonly boolean[];
  readonly updatedAtIndex: number;
  readonly versionIndex: number;
  /**
   * Date columns (neither key nor foreign key): when unchanged, the snapshot
   * already holds their comparable form (the time as a number), which
   * toComparable keeps as it is. Nothing writes them back to the object.
   */
  readonly unchangedFromSnapshot: readonly number[];
}

export function buildUpdateLayout(entity: EntityMetadata): UpdateLayout {
  return {
    columns: entity.columns.map((c) => columnOf(entity, c)),
    plain: entity.columns.map((c) => !hasComparableForm(c.type)),
    keyIndexes: entity.primaryKeys.map((k) => entity.columns.indexOf(k)),
    keyAsLoaded: entity.primaryKeys.map((k) => !hasComparableForm(k.type)),
    instant: entity.columns.map((c) => c.type.kind === "datetime" || c.type.kind === "timestamptz"),
    updatedAtIndex: entity.updatedAtColumn ? entity.columns.indexOf(entity.updatedAtColumn) : -1,
    versionIndex: entity.versionColumn ? entity.columns.indexOf(entity.versionColumn) : -1,
    unchangedFromSnapshot: entity.columns.flatMap((c, i) =>
      (c.type.kind === "datetime" || c.type.kind === "timestamptz") && !entity.primaryKeys.includes(c) && c.relationProperty === undefined
        ? [i]
        : [],
    ),
  };
}

/**
 * The UPDATE of one entity's rows that changed the same columns: which
 * columns it sets (the changed ones, then updated-at unless the application
 * set it, then the version), and its statement. The values it binds are, in
 * order, the SET values, the key as loaded, and the version as loaded.
 */
export interface UpdateShape {
  readonly entity: EntityMetadata;
  /** The entity's layout, carried so that each row's UPDATE does not look it up again. */
  readonly layout: UpdateLayout;
  readonly changed: readonly number[];
  readonly setIndexes: readonly number[];
  /** updated-at is set to the flush's time (the application did not set it). */
  readonly stamp: boolean;
  readonly statement: ShapeStatement;
  /** What markFlushed needs of the entity, carried for the same reason as the layout. */
  readonly flushed: FlushShape;
  build(params: readonly unknown[]): ExecutableNode;
}

/**
 * The shape of UPDATEs of an entity's rows that changed these columns,
 * made once per set of changed columns by the entity's mapping
 * (EntityMapping.updateShape), with its statement from `statement`.
 */
export function buildUpdateShape(
  entity: EntityMetadata,
  layout: UpdateLayout,
  flushed: FlushShape,
  changed: readonly number[],
  statement: (shape: string, columns: () => readonly Column<string, unknown>[]) => ShapeStatement,
): UpdateShape {
  const setIndexes = [...changed];
  const stamp = layout.updatedAtIndex >= 0 && !changed.includes(layout.updatedAtIndex);
  if (stamp) setIndexes.push(layout.updatedAtIndex);
  const version = layout.versionIndex;
  if (version >= 0 && !changed.includes(version)) setIndexes.push(version);
  const bound = [...setIndexes, ...layout.keyIndexes, ...(version >= 0 ? [version] : [])].map((i) => layout.columns[i]);
  const keysAt = setIndexes.length;
  return {
    entity,
    layout,
    changed,
    setIndexes,
    stamp,
    statement: statement(`update ${setIndexes.join(",")}`, () => bound),
    flushed,
    build(params) {
      const set: Row = {};
      setIndexes.forEach((i, n) => {
        set[entity.columns[i].property ?? entity.columns[i].name] = params[n];
      });
      const keys = and(...layout.keyIndexes.map((i, k) => layout.columns[i].eq(params[keysAt + k])));
      const where = version >= 0 ? and(keys, layout.columns[version].eq(params[params.length - 1])) : keys;
      return (
        update(entity.table)
          // biome-ignore lint/suspicious/noExplicitAny: keys are the entity table's column keys.
          .set(set as any)
          .where(where)
          .toStatementNode()
      );
    },
  };
}

/** Whether a shape is the one of these changed columns of this entity (consecutive rows often share one). */
export function sameChanges(shape: UpdateShape, entity: EntityMetadata, changed: readonly number[]): boolean {
  if (shape.entity !== entity || shape.changed.length !== changed.length) return false;
  for (let i = 0; i < changed.length; i++) if (shape.changed[i] !== changed[i]) return false;
  return true;
}
