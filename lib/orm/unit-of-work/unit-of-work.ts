import { UsageError } from "../../errors";
import type { EntityMetadata, MetadataStore } from "../../metadata";
import { FirstUseLayout } from "../../util/layout-keeper";
import { toComparable } from "../mapping/comparable-value";
import type { Hydrator } from "../mapping/entity-hydrator";
import type { EntityMapping } from "../mapping/entity-mapping";
import { type IdentityKey, identityKey, identityKeyOfValue, primaryKeyValues } from "../mapping/identity";
import type { Mappings } from "../mapping/mappings";
import { readStateSlot, writeStateSlot } from "../mapping/state-slot";
import { EntityState } from "./entity-state";
import { restoreRecorded, restoreUnrecorded, SavepointMark } from "./savepoint-mark";
import { TrackedStates } from "./tracked-states";

type Row = Record<string, unknown>;

/**
 * The bookkeeping of one session: which objects it tracks, in which state,
 * the identity map (one object per row), and the snapshots change tracking
 * compares with. It holds no connection; the session and the flush run SQL.
 */
export class UnitOfWork {
  /** The tracked objects' states and the identity map. */
  private readonly tracking = new TrackedStates(this);

  constructor(
    /** The engine's compiled mappings: each tracked object's state points at its entity's. */
    readonly mappings: Mappings,
  ) {
    unitOfWorkLayout.keep();
  }

  /** The engine's entity metadata. */
  get metadata(): MetadataStore {
    return this.mappings.metadata;
  }

  /** The state of an object this unit of work tracks (undefined once it left, or if another one tracks it). */
  stateOf(object: object): EntityState | undefined {
    return this.tracking.stateOf(object);
  }

  /**
   * Every tracked object's state, in the order they were tracked. The array
   * is the unit of work's own: states added while a caller walks it appear
   * at its end, and states that leave meanwhile turn "detached" in place.
   */
  states(): readonly EntityState[] {
    return this.tracking.states();
  }

  /**
   * The object mapped to a key, unless it left the session or a flush of this
   * transaction deleted its row: such entries stay in the map until the
   * commit drops them all at once, as deleting Map entries one by one costs
   * a rehash every time the map shrinks.
   */
  lookup(entity: EntityMetadata, key: IdentityKey): object | undefined {
    return this.tracking.lookupState(entity, key)?.object;
  }

  /** Mark an object for deletion at the next flush; a new object is just forgotten. */
  markForDeletion(object: object): void {
    const state = this.stateOf(object);
    if (!state) {
      throw new UsageError(`This ${this.entityOf(object).name} is not in the session; load it through the session before deleting it.`);
    }
    if (state.status === "new") this.forget(object);
    else state.status = "deleted";
  }

  /** Stop tracking an object; one whose row exists can be added to a session again later. */
  forget(object: object): void {
    this.tracking.forget(object);
  }

  /** Stop tracking everything (the session closes; its transaction was rolled back). */
  clear(): void {
    this.tracking.clear();
  }

  entityOf(object: unknown): EntityMetadata {
    if (object === null || typeof object !== "object") {
      throw new UsageError(`Expected an entity object, got ${object === null ? "null" : typeof object}.`);
    }
    if (Array.isArray(object)) throw new UsageError("Expected one entity object, got an array; use addAll() for a list.");
    return this.metadata.get((object as object).constructor as new () => unknown);
  }

  /**
   * Start tracking a new object (add()); returns its state. An object added
   * again after delete() (and before the flush) stays: its row is kept.
   */
  trackNew(object: object): EntityState {
    const mapping = this.mappings.of(this.entityOf(object));
    const state = this.trackNewOf(mapping, mapping.flushShape.singleKeyProperty, object);
    if (state.status === "deleted") state.status = "managed";
    return state;
  }

  /**
   * trackNew for each object (addAll): the entity and its key property are
   * looked up once per run of objects of one class, not per object.
   */
  trackAllNew(objects: readonly object[]): void {
    let entityClass: unknown;
    let mapping: EntityMapping | undefined;
    let single: string | undefined;
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      if (mapping === undefined || object === null || typeof object !== "object" || object.constructor !== entityClass) {
        mapping = this.mappings.of(this.entityOf(object));
        entityClass = object.constructor;
        single = mapping.flushShape.singleKeyProperty;
      }
      const state = this.trackNewOf(mapping, single, object);
      if (state.status === "deleted") state.status = "managed";
    }
  }

  private trackNewOf(mapping: EntityMapping, single: string | undefined, object: object): EntityState {
    const existing = readStateSlot<EntityState>(object);
    if (existing !== undefined && existing.status !== "detached") {
      if (existing.owner === this) return existing;
      throw new UsageError(
        `This ${mapping.entity.name} is already in another open session; close that session (or expunge() the object from it) before adding it here.`,
      );
    }
    const state = new EntityState(mapping, object, this);
    const key = single !== undefined ? identityKeyOfValue((object as Row)[single]) : identityKey(primaryKeyValues(state.entity, object));
    if (key !== undefined) {
      const other = this.lookup(state.entity, key);
      if (other && other !== object) {
        throw new UsageError(
          `Another ${state.entity.name} with the same primary key is already in this session; change that object instead of adding a second one.`,
        );
      }
      if (existing?.snapshot && existing.key === key && sameTable(existing.entity, state.entity)) {
        // Persistent in an earlier session: its row exists, so it is updated, not inserted.
        state.status = "managed";
        state.key = key;
        state.snapshot = existing.snapshot;
        existing.forEachRelation((property, value) => state.setRelation(property, value));
        this.tracking.identityMap.set(state.entity, key, object);
      }
    }
    this.tracking.track(state);
    return state;
  }

  /**
   * Register an object just read from the database, with its snapshot (the
   * row's values in comparable form, as its hydrator wrote them), and give
   * the state of the object that stands for the row: if the row is already
   * in the identity map, that object wins (its unflushed changes are kept).
   * A row without a key is not tracked: undefined.
   */
  registerLoaded(mapping: EntityMapping, object: object, snapshot: unknown[]): EntityState | undefined {
    return this.tracking.registerLoaded(mapping, object, snapshot);
  }

  /** Hydrate and register every row of one entity (see TrackedStates.registerLoadedRows). */
  registerLoadedRows(
    mapping: EntityMapping,
    hydrate: Hydrator,
    rows: readonly (readonly unknown[])[],
    out: object[],
    states?: (EntityState | undefined)[],
    link?: { readonly at: number; readonly values: unknown[] },
  ): void {
    this.tracking.registerLoadedRows(mapping, hydrate, rows, out, states, link);
  }

  /**
   * refresh() read the row again: its values (snapshot form) replace the
   * snapshot. Read inside a transaction, they may hold its own uncommitted
   * writes, so a rollback restores the old ones; read in autocommit, they
   * are the committed row.
   */
  markRefreshed(state: EntityState, snapshot: unknown[], inTransaction: boolean): void {
    if (inTransaction && state.snapshot && state.baseline === undefined) state.baseline = state.snapshot;
    state.snapshot = snapshot;
  }

  /**
   * After an INSERT or UPDATE: the row now holds these values (live form).
   * The caller made `values` for this call and gives it up: it becomes the
   * snapshot without a copy.
   */
  markFlushed(state: EntityState, values: unknown[]): void {
    if (state.status === "managed" && state.snapshot && state.baseline === undefined) state.baseline = state.snapshot;
    const object = state.object;
    const entity = state.entity;
    const shape = state.mapping.flushShape;
    // A foreign key set through its relation also shows in its own property (task.owner = user -> task.ownerId).
    // Indexed loops: a flush calls this for every row, and for-of here made an iterator result per row.
    const foreignKeys = shape.foreignKeyProperties;
    for (let k = 0; k < foreignKeys.length; k++)
      (object as Row)[entity.columns[foreignKeys[k]].property as string] = values[foreignKeys[k]];
    // The values become the snapshot, in comparable form.
    const comparable = shape.comparable;
    for (let k = 0; k < comparable.length; k++) {
      const i = comparable[k];
      values[i] = toComparable(values[i], entity.columns[i].type);
    }
    state.snapshot = values;
    if (state.status === "new") {
      state.status = "managed";
      state.insertedInTransaction = true;
    }
    // The key as written: values hold the object's key properties (and a generated key once written back).
    const key = shape.keyIndex >= 0 ? identityKeyOfValue(values[shape.keyIndex]) : state.mapping.keyOfSnapshot(values);
    if (key !== undefined && key !== state.key) {
      this.tracking.identityMap.unmap(entity, state.key, object);
      state.key = key;
      this.tracking.identityMap.set(entity, key, object);
    }
    // Relations are snapshotted once the whole flush is written: join rows are diffed against the old snapshot.
  }

  /** After a DELETE: the row is gone (until a rollback brings it back). */
  markDeletedFlushed(state: EntityState): void {
    if (state.snapshot && state.baseline === undefined) state.baseline = state.snapshot;
    // Its identity-map entry stays until commit (see lookup()): a rollback brings the row back.
    state.deletedInTransaction = true;
  }

  /** COMMIT happened: what was flushed is now the committed state. */
  committed(): void {
    // By index: leave() turns states detached in place, and nothing is added meanwhile.
    const tracked = this.tracking.states();
    const gone: EntityState[] = [];
    for (let i = 0; i < tracked.length; i++) {
      const state = tracked[i];
      if (state.status === "detached") continue;
      state.baseline = undefined;
      state.insertedInTransaction = false;
      state.preInsert = undefined;
      if (state.deletedInTransaction) {
        state.deletedInTransaction = false;
        state.snapshot = undefined;
        this.tracking.leave(state);
        writeStateSlot(state.object, undefined);
        gone.push(state);
      }
    }
    this.tracking.identityMap.unmapAll(gone, (object) => this.tracking.stateOf(object) !== undefined);
  }

  /** A record of every tracked object as it is now, which restore() puts back (a savepoint begins). */
  mark(): SavepointMark {
    return new SavepointMark(this.states());
  }

  /**
   * ROLLBACK happened (to `mark`'s savepoint, or, without one, the whole
   * transaction): objects tracked at the mark get their record back; the
   * others are forgotten if new or inserted since the last commit (their
   * generated keys cleared), else get the values they had before a flush
   * changed them and are no longer deleted (see savepoint-mark.ts).
   */
  restore(mark?: SavepointMark): void {
    // By index: forget() turns states detached in place, and nothing is added meanwhile.
    const tracked = this.states();
    for (let i = 0; i < tracked.length; i++) {
      const state = tracked[i];
      if (state.status === "detached") continue;
      const record = mark?.recordOf(state);
      const key = state.key;
      if (record !== undefined) restoreRecorded(state, record);
      else if (!restoreUnrecorded(state)) {
        this.forget(state.object);
        continue;
      }
      if (key !== undefined && key !== state.key) this.tracking.unmap(state, key);
      if (state.key !== undefined && !state.deletedInTransaction) this.tracking.identityMap.set(state.entity, state.key, state.object);
    }
  }
}

/** Another engine's metadata of the same class describes the same table: its record counts. */
function sameTable(a: EntityMetadata, b: EntityMetadata): boolean {
  return a === b || (a.target === b.target && a.tableName === b.tableName);
}

const unitOfWorkLayout = new FirstUseLayout(() => new UnitOfWork(undefined as never));
