import { fromComparable } from "../mapping/comparable-value";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import type { IdentityKey } from "../mapping/identity";
import type { EntityState, EntityStatus } from "./entity-state";

/**
 * What a rollback puts back in memory, and from where. A savepoint's mark
 * records each object tracked as the savepoint began (after its flush, so
 * every property holds its snapshot's value): rolling back to the savepoint
 * gives each of them that record back. Objects the mark has no record of
 * became tracked after it began; they are put back the way a full ROLLBACK
 * puts back every object, as a full rollback is a restore to the empty mark
 * of the transaction's start: inserted (or still new), they are forgotten
 * with the property values they had before their INSERT; loaded, they get
 * the values they had before a flush first changed them (their baseline).
 */

type Row = Record<string, unknown>;

/** One tracked object's state as a savepoint began. Snapshots are never changed in place, so they are kept, not copied. */
export class StateRecord {
  readonly status: EntityStatus;
  readonly key: IdentityKey | undefined;
  readonly snapshot: unknown[] | undefined;
  readonly baseline: unknown[] | undefined;
  readonly insertedInTransaction: boolean;
  readonly deletedInTransaction: boolean;
  readonly preInsert: Map<string, unknown> | undefined;
  readonly relations: readonly unknown[] | undefined;

  constructor(state: EntityState) {
    this.status = state.status;
    this.key = state.key;
    this.snapshot = state.snapshot;
    this.baseline = state.baseline;
    this.insertedInTransaction = state.insertedInTransaction;
    this.deletedInTransaction = state.deletedInTransaction;
    this.preInsert = state.preInsert;
    this.relations = state.savedRelations();
  }
}

/** The record of every object a unit of work tracked as a savepoint began. */
export class SavepointMark {
  private readonly records = new Map<EntityState, StateRecord>();

  constructor(states: readonly EntityState[]) {
    for (let i = 0; i < states.length; i++) {
      const state = states[i];
      if (state.status !== "detached") this.records.set(state, new StateRecord(state));
    }
  }

  /** The record of a state tracked as the savepoint began; undefined for one tracked since. */
  recordOf(state: EntityState): StateRecord | undefined {
    return this.records.get(state);
  }
}

/**
 * Give a state its record back: status, key, snapshot and baseline, the
 * flags of this transaction, and the object's column properties (from the
 * snapshot) and relations. A relation recorded since the savepoint began
 * (loaded or changed inside it) is unloaded again: a flush the rollback
 * undid may have written it, so only a new load knows its value.
 */
export function restoreRecorded(state: EntityState, record: StateRecord): void {
  // Added before the savepoint but first inserted inside it: the INSERT is undone, and so is what it filled in.
  if (record.status === "new" && state.preInsert !== undefined) putBackPreInsert(state);
  state.status = record.status;
  state.key = record.key;
  state.snapshot = record.snapshot;
  state.baseline = record.baseline;
  state.insertedInTransaction = record.insertedInTransaction;
  state.deletedInTransaction = record.deletedInTransaction;
  state.preInsert = record.preInsert;
  if (record.snapshot !== undefined) writeColumnValues(state, record.snapshot);
  state.restoreRelations(record.relations);
  writeRelationValues(state);
  unloadUnrecordedRelations(state);
}

/**
 * Put a state the mark has no record of back as of the start of the
 * transaction. Returns false when the object must be forgotten: it is new,
 * or its row was inserted in the transaction (its pre-insert property
 * values are back). Otherwise it is loaded: it gets the values it had before
 * a flush first changed it, its recorded relations, and is no longer deleted.
 */
export function restoreUnrecorded(state: EntityState): boolean {
  if (state.status === "new" || state.insertedInTransaction) {
    putBackPreInsert(state);
    return false;
  }
  const values = state.baseline ?? state.snapshot;
  if (values !== undefined) {
    writeColumnValues(state, values);
    state.snapshot = values;
    // A flush may have changed its primary key: the key goes back with the values.
    if (state.baseline !== undefined) state.key = state.mapping.keyOfSnapshot(values) ?? state.key;
  }
  state.baseline = undefined;
  writeRelationValues(state);
  if (state.status === "deleted" || state.deletedInTransaction) {
    state.status = "managed";
    state.deletedInTransaction = false;
  }
  return true;
}

function putBackPreInsert(state: EntityState): void {
  const row = state.object as Row;
  for (const [property, value] of state.preInsert ?? []) row[property] = value;
}

/** The column properties from snapshot values (comparable form). */
function writeColumnValues(state: EntityState, values: readonly unknown[]): void {
  const row = state.object as Row;
  const columns = state.entity.columns;
  for (let i = 0; i < columns.length; i++) {
    const property = columns[i].property;
    if (property !== undefined) row[property] = fromComparable(values[i], columns[i].type);
  }
}

/** Each recorded relation's value (a copy of a collection, so the record stays as it is). */
function writeRelationValues(state: EntityState): void {
  const row = state.object as Row;
  state.forEachRelation((property, value) => {
    row[property] = Array.isArray(value) ? [...value] : value;
  });
}

function unloadUnrecordedRelations(state: EntityState): void {
  const row = state.object as Row;
  let unloaded = false;
  for (const rel of state.entity.relations) {
    if (state.hasRelation(rel.property) || !isRelationLoaded(row, rel.property)) continue;
    Reflect.deleteProperty(row, rel.property);
    unloaded = true;
  }
  // A loader may have left the object on a prototype without this relation's accessor: reading it must throw again.
  if (unloaded) state.mapping.restoreAccessors([row]);
}
