import { UsageError } from "../../errors";
import type { EntityMetadata, MetadataStore, RelationMetadata } from "../../metadata";
import { FirstUseLayout } from "../../util/layout-keeper";
import { toComparable } from "../mapping/comparable-value";
import type { Hydrator } from "../mapping/entity-hydrator";
import type { EntityMapping } from "../mapping/entity-mapping";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import { type IdentityKey, identityKey, identityKeyOfValue, primaryKeyValues } from "../mapping/identity";
import type { Mappings } from "../mapping/mappings";
import { readStateSlot, writeStateSlot } from "../mapping/state-slot";
import { EntityState } from "./entity-state";
import { IdentityIndex } from "./identity-index";
import { restoreRecorded, restoreUnrecorded, SavepointMark } from "./savepoint-mark";

type Row = Record<string, unknown>;

/**
 * The bookkeeping of one session: which objects it tracks, in which state,
 * the identity map (one object per row), and the snapshots change tracking
 * compares with. It holds no connection; the session and the flush run SQL.
 */
export class UnitOfWork {
  /** Every state this unit of work made, in the order the objects were tracked; those that left are "detached" until compacted. */
  private tracked: EntityState[] = [];
  private detachedCount = 0;
  private readonly identityMap = new Map<EntityMetadata, IdentityIndex>();

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
    const state = readStateSlot<EntityState>(object);
    return state !== undefined && state.owner === this && state.status !== "detached" ? state : undefined;
  }

  /**
   * Every tracked object's state, in the order they were tracked. The array
   * is the unit of work's own: states added while a caller walks it appear
   * at its end, and states that leave meanwhile turn "detached" in place.
   */
  states(): readonly EntityState[] {
    if (this.detachedCount > 0) {
      this.tracked = this.tracked.filter((s) => s.status !== "detached");
      this.detachedCount = 0;
    }
    return this.tracked;
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
    const mapping = this.mappings.of(this.entityOf(object));
    return this.trackNewOf(mapping, mapping.flushShape.singleKeyProperty, object);
  }

  /**
   * trackNew for each object (addAll), calling `tracked` with each state: the
   * entity and its key property are looked up once per run of objects of one
   * class, not per object.
   */
  trackAllNew(objects: readonly object[], tracked: (state: EntityState) => void): void {
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
      tracked(this.trackNewOf(mapping, single, object));
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
        this.mapIdentity(state.entity, key, object);
      }
    }
    this.track(state);
    return state;
  }

  /**
   * The object mapped to a key, unless it left the session or a flush of this
   * transaction deleted its row: such entries stay in the map until the
   * commit drops them all at once, as deleting Map entries one by one costs
   * a rehash every time the map shrinks.
   */
  lookup(entity: EntityMetadata, key: IdentityKey): object | undefined {
    return this.lookupState(entity, key)?.object;
  }

  /** The state of the object lookup() gives. */
  private lookupState(entity: EntityMetadata, key: IdentityKey): EntityState | undefined {
    const index = this.identityMap.get(entity);
    return index === undefined ? undefined : this.mappedState(index, key);
  }

  private mappedState(index: IdentityIndex, key: IdentityKey): EntityState | undefined {
    const object = index.get(key);
    if (object === undefined) return undefined;
    const state = this.stateOf(object);
    return state === undefined || state.deletedInTransaction ? undefined : state;
  }

  /**
   * Register an object just read from the database, with its snapshot (the
   * row's values in comparable form, as its hydrator wrote them), and give
   * the state of the object that stands for the row: if the row is already
   * in the identity map, that object wins (its unflushed changes are kept).
   * A row without a key is not tracked: undefined.
   */
  registerLoaded(mapping: EntityMapping, object: object, snapshot: unknown[]): EntityState | undefined {
    const key = mapping.keyOfSnapshot(snapshot);
    return key === undefined ? undefined : this.registerRow(this.identityIndexOf(mapping.entity), mapping, object, snapshot, key);
  }

  /**
   * Hydrate and register every row of one entity, appending the object that
   * stands for each row to `out` (rows whose object is marked for deletion
   * are left out), and its state to `states` when given, so that the caller
   * looks none up. What is the same for every row (the entity's identity
   * map, where its key sits) is looked up once, not per row. With `link`,
   * the snapshot value at `link.at` of each fresh object goes to
   * `link.values` (undefined for an object the session already had, or an
   * untracked one), read while the row is at hand rather than from 10k cold
   * snapshots in a second pass. `states` and `link.values` start empty.
   */
  registerLoadedRows(
    mapping: EntityMapping,
    hydrate: Hydrator,
    rows: readonly (readonly unknown[])[],
    out: object[],
    states?: (EntityState | undefined)[],
    link?: { readonly at: number; readonly values: unknown[] },
  ): void {
    const width = mapping.entity.columns.length;
    const index = this.identityIndexOf(mapping.entity);
    const keyAt = mapping.snapshotKey.plainIndex;
    // Sized once for every row, rather than grown push by push (and cut to what was given at the end).
    const start = out.length;
    let given = 0;
    out.length = start + rows.length;
    if (states) states.length = rows.length;
    if (link) link.values.length = rows.length;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      // Each row is read by this one hydrator: it may become the snapshot.
      const snapshot = row.length === width ? (row as unknown[]) : new Array<unknown>(width);
      const hydrated = hydrate(row, snapshot);
      const key = keyAt >= 0 ? identityKeyOfValue(snapshot[keyAt]) : mapping.keyOfSnapshot(snapshot);
      const state = key === undefined ? undefined : this.registerRow(index, mapping, hydrated, snapshot, key);
      if (state !== undefined && state.object !== hydrated && state.status === "deleted") continue;
      out[start + given] = state === undefined ? hydrated : state.object;
      if (states) states[given] = state;
      if (link) link.values[given] = state !== undefined && state.object === hydrated ? snapshot[link.at] : undefined;
      given++;
    }
    out.length = start + given;
    if (states) states.length = given;
    if (link) link.values.length = given;
  }

  /** Track a loaded row under its key, unless an object of this session already stands for it. */
  private registerRow(index: IdentityIndex, mapping: EntityMapping, object: object, snapshot: unknown[], key: IdentityKey): EntityState {
    const existing = this.mappedState(index, key);
    if (existing !== undefined) return existing;
    const state = new EntityState(mapping, object, this);
    state.status = "managed";
    state.key = key;
    state.snapshot = snapshot;
    this.track(state);
    index.set(key, object);
    return state;
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
      if (state.key !== undefined) this.identityMap.get(entity)?.delete(state.key);
      state.key = key;
      this.mapIdentity(entity, key, object);
    }
    // Relations are snapshotted once the whole flush is written: join rows are diffed against the old snapshot.
  }

  /** After a DELETE: the row is gone (until a rollback brings it back). */
  markDeletedFlushed(state: EntityState): void {
    if (state.snapshot && state.baseline === undefined) state.baseline = state.snapshot;
    // Its identity-map entry stays until commit (see lookup()): a rollback brings the row back.
    state.deletedInTransaction = true;
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
    const state = this.stateOf(object);
    if (!state) return;
    this.unmap(state);
    this.leave(state);
  }

  /** The state stops being tracked (its identity-map entry is the caller's business). */
  private leave(state: EntityState): void {
    this.rememberRow(state.object, state);
    state.status = "detached";
    this.detachedCount++;
  }

  /** Drop the entry of the state's key (or of an earlier one) if it maps to the state's object. */
  private unmap(state: EntityState, key = state.key): void {
    const byKey = key === undefined ? undefined : this.identityMap.get(state.entity);
    if (byKey?.get(key as IdentityKey) === state.object) byKey.delete(key as IdentityKey);
  }

  /** COMMIT happened: what was flushed is now the committed state. */
  committed(): void {
    // By index: leave() turns states detached in place, and nothing is added meanwhile.
    const tracked = this.tracked;
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
        this.leave(state);
        writeStateSlot(state.object, undefined);
        gone.push(state);
      }
    }
    this.unmapAll(gone);
  }

  /**
   * Drop the identity-map entries of these states. When they are most of an
   * entity's map, the map is rebuilt from the entries that stay: deleting
   * thousands of entries one by one rehashes the map each time it shrinks.
   */
  private unmapAll(states: readonly EntityState[]): void {
    if (states.length === 0) return;
    const perEntity = new Map<EntityMetadata, number>();
    // Counted run by run: the states of one entity mostly come together.
    for (let i = 0; i < states.length; ) {
      const entity = states[i].entity;
      let end = i + 1;
      while (end < states.length && states[end].entity === entity) end++;
      perEntity.set(entity, (perEntity.get(entity) ?? 0) + end - i);
      i = end;
    }
    for (const [entity, count] of perEntity) {
      const byKey = this.identityMap.get(entity);
      if (!byKey || count * 2 < byKey.size) continue;
      const kept = new IdentityIndex();
      byKey.forEach((object, key) => {
        if (this.stateOf(object) !== undefined) kept.set(key, object);
      });
      this.identityMap.set(entity, kept);
      perEntity.set(entity, 0);
    }
    // Entities whose map was not rebuilt lose their entries one by one.
    if ([...perEntity.values()].every((left) => left === 0)) return;
    for (let i = 0; i < states.length; i++) if (perEntity.get(states[i].entity) !== 0) this.unmap(states[i]);
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
      if (key !== undefined && key !== state.key) this.unmap(state, key);
      if (state.key !== undefined && !state.deletedInTransaction) this.mapIdentity(state.entity, state.key, state.object);
    }
  }

  /** Stop tracking everything (the session closes; its transaction was rolled back). */
  clear(): void {
    const tracked = this.tracked;
    for (let i = 0; i < tracked.length; i++) {
      const state = tracked[i];
      if (state.status === "detached") continue;
      this.rememberRow(state.object, state);
      state.status = "detached";
    }
    this.tracked = [];
    this.detachedCount = 0;
    this.identityMap.clear();
  }

  /** Whether the relation's value differs from the one seen at the last flush or load. */
  relationChanged(object: object, state: EntityState, rel: RelationMetadata): boolean {
    if (!isRelationLoaded(object, rel.property)) return false;
    const current = (object as Row)[rel.property];
    if (!state.hasRelation(rel.property)) return current !== undefined;
    const before = state.relationBefore(rel.property);
    if (Array.isArray(current) && Array.isArray(before)) return current.length !== before.length || current.some((v, i) => v !== before[i]);
    return current !== before;
  }

  /** Record on a leaving object what its row holds as of the last commit; an object whose row is not committed loses that record. */
  private rememberRow(object: object, state: EntityState): void {
    const committed = state.insertedInTransaction || state.status === "new" ? undefined : (state.baseline ?? state.snapshot);
    if (committed === undefined || state.key === undefined) {
      writeStateSlot(object, undefined);
      return;
    }
    // The state stays in the object's slot as the record of its row: the session is done with it, so nothing is copied.
    state.snapshot = committed;
    state.baseline = undefined;
  }

  private track(state: EntityState): void {
    writeStateSlot(state.object, state);
    this.tracked.push(state);
  }

  private mapIdentity(entity: EntityMetadata, key: IdentityKey, object: object): void {
    this.identityIndexOf(entity).set(key, object);
  }

  private identityIndexOf(entity: EntityMetadata): IdentityIndex {
    let byKey = this.identityMap.get(entity);
    if (!byKey) {
      byKey = new IdentityIndex();
      this.identityMap.set(entity, byKey);
    }
    return byKey;
  }
}

/** Another engine's metadata of the same class describes the same table: its record counts. */
function sameTable(a: EntityMetadata, b: EntityMetadata): boolean {
  return a === b || (a.target === b.target && a.tableName === b.tableName);
}

const unitOfWorkLayout = new FirstUseLayout(() => new UnitOfWork(undefined as never));
