import type { ColumnMetadata, RelationMetadata } from "../../metadata";
import { fromComparable } from "../mapping/comparable-value";
import type { Hydrator } from "../mapping/entity-hydrator";
import type { EntityMapping } from "../mapping/entity-mapping";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import { type EntityState, relationIndex } from "../unit-of-work/entity-state";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";

/*
 * What the loaders do with each loaded row and relation: hydrate and track
 * the object in the unit of work, give parents their related objects (and
 * children their parent), and read a tracked object's stored key values.
 */

type Row = Record<string, unknown>;

/**
 * Hydrate one row and track the object. With `ownRow`, the row holds exactly
 * the entity's columns and nothing else reads it afterwards: its snapshot
 * values are written back into it and it becomes the snapshot, rather than a
 * second array per loaded row.
 */
export function hydrateTracked(
  uow: UnitOfWork,
  mapping: EntityMapping,
  hydrate: Hydrator,
  row: readonly unknown[],
  ownRow = false,
): object | undefined {
  const width = mapping.entity.columns.length;
  const snapshot: unknown[] = ownRow && row.length === width ? (row as unknown[]) : new Array(width);
  const hydrated = hydrate(row, snapshot);
  const state = uow.registerLoaded(mapping, hydrated, snapshot);
  if (state === undefined) return hydrated;
  // Only an object the session already had (it wins over the row) can be marked for deletion.
  return state.object !== hydrated && state.status === "deleted" ? undefined : state.object;
}

/**
 * Give `parent` its related objects, unless it holds that relation already
 * (its in-memory value wins, as for column values). The value becomes the
 * relation's snapshot, so loading is never mistaken for a change. A to-many
 * load also points each child's to-one back at the parent.
 */
export function assignRelation(
  uow: UnitOfWork,
  parent: object,
  rel: RelationMetadata,
  children: object[],
  /** The children's states, in order, where the caller has them. */
  childStates?: readonly (EntityState | undefined)[],
): void {
  const state = uow.stateOf(parent);
  if (isRelationLoaded(parent, rel.property) && (parent as Row)[rel.property] !== undefined) return;
  const value = rel.many ? children : (children[0] ?? null);
  (parent as Row)[rel.property] = value;
  state?.setRelation(rel.property, rel.many ? [...children] : value);
  const inverse = rel.inverse;
  if (!inverse || inverse.many) return;
  const property = inverse.property;
  const recordedAt = relationIndex(rel.target, property);
  for (let c = 0; c < children.length; c++) {
    const child = children[c];
    if (isRelationLoaded(child, property) && (child as Row)[property] !== undefined) continue;
    (child as Row)[property] = parent;
    (childStates ? childStates[c] : uow.stateOf(child))?.setRelationAt(recordedAt, parent);
  }
}

/** The value a column holds in the database for a tracked object (its snapshot), else its property. */
export function storedValue(
  uow: UnitOfWork,
  object: object,
  column: ColumnMetadata,
  columnIndex?: number,
  state: EntityState | undefined = uow.stateOf(object),
): unknown {
  const index = state ? (columnIndex ?? state.entity.columns.indexOf(column)) : -1;
  const stored = index >= 0 ? state?.snapshot?.[index] : undefined;
  if (stored !== undefined) return fromComparable(stored, column.type);
  return column.property === undefined ? undefined : (object as Row)[column.property];
}
