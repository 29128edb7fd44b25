import { UsageError } from "../../errors";
import type { EntityMetadata, MetadataStore, RelationMetadata } from "../../metadata";
import { isRelationLoaded } from "../hydration/hydrated-prototype";
import { fromComparable, hasComparableForm, toComparable } from "./comparable-value";
import { detachedRecord, forgetDetached, rememberDetached } from "./detached-record";
import { EntityState } from "./entity-state";
import { type IdentityKey, identityKey, identityKeyOfRow, identityKeyOfValue, primaryKeyValues } from "./identity";

type Row = Record<string, unknown>;

/** Per entity, which columns a flushed row's bookkeeping touches: worked out once, not per row. */
interface FlushShape {
  readonly foreignKeyProperties: readonly number[];
  readonly comparable: readonly number[];
  readonly singleKeyProperty?: string;
}

const flushShapes = new WeakMap<EntityMetadata, FlushShape>();

function flushShapeOf(entity: EntityMetadata): FlushShape {
  let shape = flushShapes.get(entity);
  if (!shape) {
    shape = {
      foreignKeyProperties: entity.columns.flatMap((c, i) => (c.relationProperty !== undefined && c.property !== undefined ? [i] : [])),
      comparable: entity.columns.flatMap((c, i) => (hasComparableForm(c.type) ? [i] : [])),
      singleKeyProperty: entity.primaryKeys.length === 1 ? entity.primaryKeys[0].property : undefined,
    };
    flushShapes.set(entity, shape);
  }
  return shape;
}

const convertedColumns = new WeakMap<EntityMetadata, number[]>();

/** Turn freshly decoded values into their comparable form where it differs (dates, JSON, blobs), in the same array. */
function toComparableInPlace(entity: EntityMetadata, values: unknown[]): unknown[] {
  let indexes = convertedColumns.get(entity);
  if (!indexes) {
    indexes = entity.columns.flatMap((c, i) => (hasComparableForm(c.type) ? [i] : []));
    convertedColumns.set(entity, indexes);
  }
  for (const i of indexes) values[i] = toComparable(values[i], entity.columns[i].type);
  return values;
}

/**
 * The bookkeeping of one session: which objects it tracks, in which state,
 * the identity map (one object per row), and the snapshots change tracking
 * compares with. It holds no connection; the session and the flush run SQL.
 */
export class UnitOfWork {
  private readonly states = new Map<object, EntityState>();
  private readonly identityMap = new Map<EntityMetadata, Map<IdentityKey, object>>();

  constructor(readonly metadata: MetadataStore) {}

  stateOf(object: object): EntityState | undefined {
    return this.states.get(object);
  }

  /** Every tracked object's state, in the order they were tracked (no entry pairs made). */
  allStates(): IterableIterator<EntityState> {
    return this.states.values();
  }

  /** Every tracked object with its state, in the order they were tracked. */
  entries(): IterableIterator<[object, EntityState]> {
    return this.states.entries();
  }

  entityOf(object: unknown): EntityMetadata {
    if (object === null || typeof object !== "object") {
      throw new UsageError(`Expected an entity object, got ${object === null ? "null" : typeof object}.`);
    }
    if (Array.isArray(object)) throw new UsageError("Expected one entity object, got an array; use addAll() for a list.");
    return this.metadata.get((object as object).constructor as new () => unknown);
  }

  /** Start tracking a new object (add()); returns its state. */
  trackNew(object: object): EntityState {
    const existing = this.states.get(object);
    if (existing && existing.status !== "detached") return existing;
    const state = new EntityState(this.entityOf(object), object);
    const key = identityKey(primaryKeyValues(state.entity, object));
    if (key !== undefined) {
      const other = this.identityMap.get(state.entity)?.get(key);
      if (other && other !== object) {
        throw new UsageError(
          `Another ${state.entity.name} with the same primary key is already in this session; change that object instead of adding a second one.`,
        );
      }
      const detached = detachedRecord(object, state.entity);
      if (detached?.snapshot && detached.key === key) {
        // Persistent in an earlier session: its row exists, so it is updated, not inserted.
        state.status = "managed";
        state.key = key;
        state.snapshot = [...detached.snapshot];
        for (const [property, value] of detached.relations) state.setRelation(property, value);
        this.mapIdentity(state.entity, key, object);
      }
    }
    this.states.set(object, state);
    return state;
  }

  /** The object already mapped to this key, if any. */
  lookup(entity: EntityMetadata, key: IdentityKey): object | undefined {
    return this.identityMap.get(entity)?.get(key);
  }

  /**
   * Register an object just read from the database, with its decoded column
   * values. If the row is already in the identity map, that object wins (its
   * unflushed changes are kept) and is returned instead.
   */
  registerLoaded(entity: EntityMetadata, object: object, values: unknown[]): object {
    const key = identityKeyOfRow(entity, values);
    if (key === undefined) return object;
    const existing = this.identityMap.get(entity)?.get(key);
    if (existing) {
      const state = this.states.get(existing);
      if (state && state.status !== "detached") return existing;
    }
    const state = new EntityState(entity, object);
    state.status = "managed";
    state.key = key;
    state.snapshot = toComparableInPlace(entity, values);
    this.states.set(object, state);
    this.mapIdentity(entity, key, object);
    return object;
  }

  /** After an INSERT or UPDATE: the row now holds these values. */
  /** `owned`: the caller made `values` for this call and gives it up, so it becomes the snapshot without a copy. */
  markFlushed(object: object, state: EntityState, values: readonly unknown[], owned = false): void {
    if (state.status === "managed" && state.snapshot && state.baseline === undefined) state.baseline = state.snapshot;
    const entity = state.entity;
    const shape = flushShapeOf(entity);
    // A foreign key set through its relation also shows in its own property (task.owner = user -> task.ownerId).
    for (const i of shape.foreignKeyProperties) (object as Row)[entity.columns[i].property as string] = values[i];
    const snapshot = owned ? (values as unknown[]) : values.slice();
    for (const i of shape.comparable) snapshot[i] = toComparable(snapshot[i], entity.columns[i].type);
    state.snapshot = snapshot;
    if (state.status === "new") {
      state.status = "managed";
      state.insertedInTransaction = true;
    }
    const key =
      shape.singleKeyProperty !== undefined
        ? identityKeyOfValue((object as Row)[shape.singleKeyProperty])
        : identityKey(primaryKeyValues(entity, object));
    if (key !== undefined && key !== state.key) {
      if (state.key !== undefined) this.identityMap.get(entity)?.delete(state.key);
      state.key = key;
      this.mapIdentity(entity, key, object);
    }
    // Relations are snapshotted once the whole flush is written: join rows are diffed against the old snapshot.
  }

  /** After a DELETE: the row is gone (until a rollback brings it back). */
  markDeletedFlushed(state: EntityState): void {
    if (state.snapshot && state.baseline === undefined) state.baseline = state.snapshot;
    state.deletedInTransaction = true;
    if (state.key !== undefined) this.identityMap.get(state.entity)?.delete(state.key);
  }

  /** Remember the related objects of loaded relations, to see later which the application changed. */
  snapshotRelations(object: object, state: EntityState): void {
    state.clearRelations();
    for (const rel of state.entity.relations) {
      if (!isRelationLoaded(object, rel.property)) continue;
      const value = (object as Row)[rel.property];
      state.setRelation(rel.property, Array.isArray(value) ? [...value] : value);
    }
  }

  /** Stop tracking an object; one whose row exists can be added to a session again later. */
  forget(object: object): void {
    const state = this.states.get(object);
    if (!state) return;
    this.rememberRow(object, state);
    if (state.key !== undefined && this.identityMap.get(state.entity)?.get(state.key) === object) {
      this.identityMap.get(state.entity)?.delete(state.key);
    }
    state.status = "detached";
    this.states.delete(object);
  }

  /** COMMIT happened: what was flushed is now the committed state. */
  committed(): void {
    // forEach, not a spread of entries: no pair per object, and forget() may delete the entry being visited.
    this.states.forEach((state, object) => {
      state.baseline = undefined;
      state.insertedInTransaction = false;
      state.preInsert = undefined;
      if (state.deletedInTransaction) {
        state.deletedInTransaction = false;
        state.snapshot = undefined;
        this.forget(object);
        forgetDetached(object);
      }
    });
  }

  /**
   * ROLLBACK happened: objects inserted or added since the last commit are
   * no longer tracked (their generated keys cleared), changed objects get the
   * values they had, deleted ones are back.
   */
  rolledBack(): void {
    this.states.forEach((state, object) => {
      const row = object as Row;
      if (state.status === "new" || state.insertedInTransaction) {
        for (const [property, value] of state.preInsert ?? []) row[property] = value;
        this.forget(object);
        return;
      }
      const values = state.baseline ?? state.snapshot;
      if (values) {
        state.entity.columns.forEach((c, i) => {
          if (c.property !== undefined) row[c.property] = fromComparable(values[i], c.type);
        });
        state.snapshot = values;
      }
      for (const [property, value] of state.relations) row[property] = Array.isArray(value) ? [...value] : value;
      state.baseline = undefined;
      if (state.status === "deleted" || state.deletedInTransaction) {
        state.status = "managed";
        state.deletedInTransaction = false;
        if (state.key !== undefined) this.mapIdentity(state.entity, state.key, object);
      }
    });
  }

  /** Stop tracking everything (the session closes; its transaction was rolled back). */
  clear(): void {
    this.states.forEach((state, object) => {
      this.rememberRow(object, state);
      state.status = "detached";
    });
    this.states.clear();
    this.identityMap.clear();
  }

  /** Whether the relation's value differs from the one seen at the last flush or load. */
  relationChanged(object: object, state: EntityState, rel: RelationMetadata): boolean {
    if (!isRelationLoaded(object, rel.property)) return false;
    const current = (object as Row)[rel.property];
    if (!state.relations.has(rel.property)) return current !== undefined;
    const before = state.relations.get(rel.property);
    if (Array.isArray(current) && Array.isArray(before)) return current.length !== before.length || current.some((v, i) => v !== before[i]);
    return current !== before;
  }

  /** Record on a leaving object what its row holds as of the last commit; an object whose row is not committed loses that record. */
  private rememberRow(object: object, state: EntityState): void {
    const committed = state.insertedInTransaction || state.status === "new" ? undefined : (state.baseline ?? state.snapshot);
    if (committed === undefined || state.key === undefined) {
      forgetDetached(object);
      return;
    }
    // The state itself is the record: the session is done with it, so nothing is copied.
    state.snapshot = committed;
    state.baseline = undefined;
    rememberDetached(object, state);
  }

  private mapIdentity(entity: EntityMetadata, key: IdentityKey, object: object): void {
    let byKey = this.identityMap.get(entity);
    if (!byKey) {
      byKey = new Map();
      this.identityMap.set(entity, byKey);
    }
    byKey.set(key, object);
  }
}
