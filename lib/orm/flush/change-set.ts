import type { ColumnMetadata, EntityMetadata, RelationMetadata } from "../../metadata";
import { fromComparable } from "../mapping/comparable-value";
import type { EntityState } from "../unit-of-work/entity-state";

/** One changed column of an updated row: its value as the database holds it, and the value the UPDATE writes. */
export interface ColumnUpdate {
  readonly column: ColumnMetadata;
  readonly before: unknown;
  readonly after: unknown;
}

/** A managed object whose columns differ from what was loaded or last flushed. */
export interface RowUpdate {
  readonly entity: EntityMetadata;
  readonly object: object;
  /** The changed columns (updated-at and version, which the UPDATE sets too, are not among them unless the application changed them). */
  readonly changes: readonly ColumnUpdate[];
}

/** A row of a many-to-many join table, seen from the relation's owning side. */
export interface JoinRowChange {
  readonly relation: RelationMetadata;
  readonly owner: object;
  readonly target: object;
}

/** New or deleted objects of one entity. */
export interface EntityObjects {
  readonly entity: EntityMetadata;
  readonly objects: readonly object[];
}

/**
 * @internal A changed row as the flush works with it: the object's state,
 * its current values (which become the snapshot once written) and the
 * indexes of the changed columns. `pending` marks a foreign key to an
 * object this same flush inserts: its value is read again once it has one.
 */
export class RowChange implements RowUpdate {
  constructor(
    readonly object: object,
    readonly state: EntityState,
    readonly values: unknown[],
    public changed: readonly number[],
    public pending: boolean,
  ) {}

  get entity(): EntityMetadata {
    return this.state.entity;
  }

  get changes(): readonly ColumnUpdate[] {
    const columns = this.state.entity.columns;
    const snapshot = this.state.snapshot ?? [];
    return this.changed.map((i) => ({ column: columns[i], before: fromComparable(snapshot[i], columns[i].type), after: this.values[i] }));
  }
}

/**
 * What one flush writes, worked out before any statement is sent (so a flush
 * that finds nothing begins no transaction, and a refused change sends
 * nothing): the new objects, the changed rows with their old and new
 * values, the deleted objects, and the join rows added and removed. The
 * plan (plan-flush.ts) orders it; the emitters write it. It is the value a
 * listener of the flush reads.
 */
export class ChangeSet {
  /** @internal */
  constructor(
    /** @internal New objects' states by entity. */
    readonly insertStates: ReadonlyMap<EntityMetadata, EntityState[]>,
    /** @internal Changed rows, in the order the session tracked them. */
    readonly rowChanges: readonly RowChange[],
    /** @internal States of objects to delete, by entity. */
    readonly deleteStates: ReadonlyMap<EntityMetadata, EntityState[]>,
    readonly joinRowsAdded: readonly JoinRowChange[],
    readonly joinRowsRemoved: readonly JoinRowChange[],
    /** @internal Whether any tracked entity has relations (their snapshots are refreshed after the flush). */
    readonly relations: boolean,
  ) {}

  /** Nothing to write. */
  get isEmpty(): boolean {
    return (
      this.insertStates.size === 0 &&
      this.rowChanges.length === 0 &&
      this.deleteStates.size === 0 &&
      this.joinRowsAdded.length === 0 &&
      this.joinRowsRemoved.length === 0
    );
  }

  /** New objects to INSERT, by entity. */
  get inserts(): readonly EntityObjects[] {
    return objectsByEntity(this.insertStates);
  }

  /** Rows to UPDATE, each with its changed columns. */
  get updates(): readonly RowUpdate[] {
    return this.rowChanges;
  }

  /** Objects to DELETE, by entity. */
  get deletes(): readonly EntityObjects[] {
    return objectsByEntity(this.deleteStates);
  }
}

function objectsByEntity(states: ReadonlyMap<EntityMetadata, EntityState[]>): EntityObjects[] {
  return [...states].map(([entity, list]) => ({ entity, objects: list.map((s) => s.object) }));
}
