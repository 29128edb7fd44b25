import type { EntityMetadata } from "../../metadata";
import type { Hydrator } from "../mapping/entity-hydrator";
import type { EntityMapping } from "../mapping/entity-mapping";
import { type IdentityKey, identityKeyOfValue } from "../mapping/identity";
import { readStateSlot, writeStateSlot } from "../mapping/state-slot";
import { EntityState } from "./entity-state";
import type { IdentityIndex } from "./identity-index";
import { IdentityMap } from "./identity-map";

/**
 * The states a unit of work tracks and its identity map: which objects it
 * knows, in the order it met them, and which object stands for each row.
 * An object's state is reached through the object's slot; one that leaves
 * keeps there the record of its committed row (see rememberRow).
 */
export class TrackedStates {
  /** Every state tracked, in the order the objects were tracked; those that left are "detached" until compacted. */
  private tracked: EntityState[] = [];
  private detachedCount = 0;
  readonly identityMap = new IdentityMap();

  constructor(
    /** The unit of work the states belong to (EntityState.owner). */
    private readonly owner: object,
  ) {}

  /** The state of an object this unit of work tracks (undefined once it left, or if another one tracks it). */
  stateOf(object: object): EntityState | undefined {
    const state = readStateSlot<EntityState>(object);
    return state !== undefined && state.owner === this.owner && state.status !== "detached" ? state : undefined;
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
  lookupState(entity: EntityMetadata, key: IdentityKey): EntityState | undefined {
    return this.countingState(this.identityMap.get(entity, key));
  }

  mappedState(index: IdentityIndex, key: IdentityKey): EntityState | undefined {
    return this.countingState(index.get(key));
  }

  /** The state of a mapped object while its entry counts: it is tracked here, and no flush of this transaction deleted its row. */
  private countingState(object: object | undefined): EntityState | undefined {
    if (object === undefined) return undefined;
    const state = this.stateOf(object);
    return state === undefined || state.deletedInTransaction ? undefined : state;
  }

  /** Stop tracking an object; one whose row exists can be added to a session again later. */
  forget(object: object): void {
    const state = this.stateOf(object);
    if (!state) return;
    this.unmap(state);
    this.leave(state);
  }

  /** The state stops being tracked (its identity-map entry is the caller's business). */
  leave(state: EntityState): void {
    this.rememberRow(state.object, state);
    state.status = "detached";
    this.detachedCount++;
  }

  /** Drop the entry of the state's key (or of an earlier one) if it maps to the state's object. */
  unmap(state: EntityState, key = state.key): void {
    this.identityMap.unmap(state.entity, key, state.object);
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

  /** Track a state (its object's slot points at it). */
  track(state: EntityState): void {
    writeStateSlot(state.object, state);
    this.tracked.push(state);
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
    return key === undefined ? undefined : this.registerRow(this.identityMap.indexOf(mapping.entity), mapping, object, snapshot, key);
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
    const index = this.identityMap.indexOf(mapping.entity);
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
    const state = new EntityState(mapping, object, this.owner);
    state.status = "managed";
    state.key = key;
    state.snapshot = snapshot;
    this.track(state);
    index.set(key, object);
    return state;
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
}
