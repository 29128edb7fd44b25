import type { ColumnMetadata, EntityMetadata, RelationMetadata } from "../../metadata";
import type { Hydrator } from "../hydration/entity-hydrator";
import { isRelationLoaded } from "../hydration/hydrated-prototype";
import { fromComparable } from "../session/comparable-value";
import type { EntityState } from "../session/entity-state";
import type { UnitOfWork } from "../session/unit-of-work";

/*
 * What the loaders do with each loaded row and relation: hydrate and track
 * the object in the unit of work, give parents their related objects (and
 * children their parent), and read a tracked object's stored key values.
 */

type Row = Record<string, unknown>;

/**
 * Hydrate and track every row, appending the objects to `out`, and their
 * states to `states` when given (so that the caller looks none up). Passes
 * over rows are synchronous functions of their own with indexed loops: inside
 * the async loaders they would run before being optimized, and a for-of there
 * allocates per row.
 */
export function hydrateAll(
  uow: UnitOfWork,
  entity: EntityMetadata,
  hydrate: Hydrator,
  rows: readonly (readonly unknown[])[],
  out: object[],
  states?: (EntityState | undefined)[],
): void {
  const width = entity.columns.length;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    // Each row is read by this one hydrator: it may become the snapshot.
    const values = row.length === width ? (row as unknown[]) : new Array<unknown>(width);
    const hydrated = hydrate(row, values);
    const state = uow.registerLoaded(entity, hydrated, values);
    if (state !== undefined && state.object !== hydrated && state.status === "deleted") continue;
    out.push(state === undefined ? hydrated : state.object);
    states?.push(state);
  }
}

/**
 * Hydrate one row and track the object. With `ownRow`, the row holds exactly
 * the entity's columns and nothing else reads it afterwards: its decoded
 * values are written back into it and it becomes the snapshot, rather than a
 * second array per loaded row.
 */
export function hydrateTracked(
  uow: UnitOfWork,
  entity: EntityMetadata,
  hydrate: Hydrator,
  row: readonly unknown[],
  ownRow = false,
): object | undefined {
  const values: unknown[] = ownRow && row.length === entity.columns.length ? (row as unknown[]) : new Array(entity.columns.length);
  const hydrated = hydrate(row, values);
  const state = uow.registerLoaded(entity, hydrated, values);
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
  for (let c = 0; c < children.length; c++) {
    const child = children[c];
    if (isRelationLoaded(child, inverse.property) && (child as Row)[inverse.property] !== undefined) continue;
    (child as Row)[inverse.property] = parent;
    (childStates ? childStates[c] : uow.stateOf(child))?.setRelation(inverse.property, parent);
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
