import { UsageError } from "../../errors";
import type { EntityMetadata, RelationMetadata } from "../../metadata";
import { toComparable } from "../mapping/comparable-value";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import { type IdentityKey, identityKey, identityKeyOfValue, primaryKeyValues } from "../mapping/identity";
import { currentValues, PENDING_KEY } from "../unit-of-work/column-values";
import type { EntityState } from "../unit-of-work/entity-state";
import { membership } from "../unit-of-work/relation-sync";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";
import { ChangeSet, type JoinRowChange, RowChange } from "./change-set";

/*
 * The first stage of a flush: what the unit of work would write, as a
 * ChangeSet, computed before any statement is sent. Refusals (two new
 * objects with one key) happen here, so they send nothing.
 */

type Row = Record<string, unknown>;

/**
 * The changes of a unit of work whose cascades and both sides of changed
 * relations were brought in step (cascadeAndSync): new objects by entity
 * (their keys checked), changed rows, objects to delete, join rows.
 */
export function computeChangeSet(uow: UnitOfWork): ChangeSet {
  const { created, managed, deleted, relations } = sortStates(uow);
  for (const [entity, states] of created) assertDistinctKeys(uow, entity, states);
  const rowChanges = managed.length > 0 ? changedRows(uow, managed) : [];
  const joinRows = relations ? joinRowChanges(uow) : { added: [], removed: [] };
  return new ChangeSet(created, rowChanges, deleted, joinRows.added, joinRows.removed, relations);
}

/**
 * One pass over the session, before anything is written: the rows to INSERT,
 * to compare for UPDATEs, and to DELETE, and whether any entity has
 * relations. Rows this flush inserts are not compared: they hold exactly
 * their snapshot afterwards (keys closing a cycle are written by
 * writeDeferredKeys), so comparing them would find nothing in 10k
 * comparisons. Passes over every object are synchronous functions of their
 * own, with indexed loops: in the async flush they would run before being
 * optimized, and a for-of there allocates per object.
 */
function sortStates(uow: UnitOfWork): {
  created: Map<EntityMetadata, EntityState[]>;
  managed: EntityState[];
  deleted: Map<EntityMetadata, EntityState[]>;
  relations: boolean;
} {
  const created = new Map<EntityMetadata, EntityState[]>();
  const managed: EntityState[] = [];
  const deleted = new Map<EntityMetadata, EntityState[]>();
  let relations = false;
  const states = uow.states();
  for (let i = 0; i < states.length; i++) {
    const state = states[i];
    const status = state.status;
    if (status === "new") addTo(created, state.entity, state);
    else if (status === "managed") managed.push(state);
    // Marked for deletion and not deleted yet by an earlier flush of this transaction.
    else if (status === "deleted" && !state.deletedInTransaction && state.snapshot) addTo(deleted, state.entity, state);
    if (state.entity.relations.length > 0) relations = true;
  }
  return { created, managed, deleted, relations };
}

function addTo<T>(byEntity: Map<EntityMetadata, T[]>, entity: EntityMetadata, item: T): void {
  const list = byEntity.get(entity);
  if (list) list.push(item);
  else byEntity.set(entity, [item]);
}

/**
 * Refuse, before any statement runs, new objects whose primary key another
 * new object or a row already in the session has: the INSERT could only fail
 * halfway, or (for a loaded row) two objects would stand for one row.
 */
function assertDistinctKeys(uow: UnitOfWork, entity: EntityMetadata, states: readonly EntityState[]): void {
  const seen = new Map<IdentityKey, object>();
  const single = entity.primaryKeys.length === 1 ? (entity.primaryKeys[0].property as string) : undefined;
  for (let i = 0; i < states.length; i++) {
    const object = states[i].object;
    const key = single !== undefined ? identityKeyOfValue((object as Row)[single]) : identityKey(primaryKeyValues(entity, object));
    if (key === undefined) continue;
    const other = seen.get(key) ?? uow.lookup(entity, key);
    if (other && other !== object) {
      const shown = entity.primaryKeys.map((k) => `${k.property} = ${String((object as Row)[k.property as string])}`).join(", ");
      throw new UsageError(
        `Two ${entity.name} objects in this session have the primary key ${shown}; change the existing object instead of adding a second one, or give the new one another key.`,
      );
    }
    seen.set(key, object);
  }
}

function changedRows(uow: UnitOfWork, managed: readonly EntityState[]): RowChange[] {
  const changes: RowChange[] = [];
  const pending = PENDING_KEY;
  // The changed column indexes of the row at hand; consecutive rows that changed the same columns share one array.
  const scratch: number[] = [];
  let last: readonly number[] = [];
  // An unchanged row hands its values buffer on to the next row of the same entity: only changed rows keep theirs.
  let buffer: unknown[] | undefined;
  let bufferEntity: EntityMetadata | undefined;
  for (let m = 0; m < managed.length; m++) {
    const state = managed[m];
    if (!state.snapshot) continue;
    const object = state.object;
    const entity = state.entity;
    const layout = state.mapping.updateLayout;
    const plain = layout.plain;
    const instant = layout.instant;
    const snapshot = state.snapshot;
    const values = currentValues(
      uow,
      object,
      state,
      buffer && bufferEntity === entity ? buffer : new Array<unknown>(entity.columns.length),
    );
    let count = 0;
    let awaitsKey = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined) continue;
      // A foreign key to an object this flush inserts: changed, its value known once that row is written.
      if (v === pending) {
        awaitsKey = true;
        scratch[count++] = i;
        continue;
      }
      const before = snapshot[i];
      // The snapshot holds comparable forms; a Date compares by its time, without a number made for it.
      if (
        plain[i]
          ? v !== before
          : instant[i] && v instanceof Date
            ? v.getTime() !== before
            : toComparable(v, entity.columns[i].type) !== before
      )
        scratch[count++] = i;
    }
    if (count === 0) {
      buffer = values;
      bufferEntity = entity;
      continue;
    }
    buffer = undefined;
    // values becomes the row's next snapshot: unchanged columns take their comparable form from the old one
    // (no Date turned into a new number again). Keys keep their live value: the UPDATE binds them.
    const keep = layout.unchangedFromSnapshot;
    for (let k = 0, c = 0; k < keep.length; k++) {
      const i = keep[k];
      while (c < count && scratch[c] < i) c++;
      if (c < count && scratch[c] === i) continue;
      if (values[i] !== undefined) values[i] = snapshot[i];
    }
    if (!sameIndexes(last, scratch, count)) last = scratch.slice(0, count);
    changes.push(new RowChange(object, state, values, last, awaitsKey));
  }
  return changes;
}

function sameIndexes(a: readonly number[], b: readonly number[], count: number): boolean {
  if (a.length !== count) return false;
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The join rows to add and to remove, each pair once (a pair both added and
 * removed cancels out). Synchronous and of its own: it walks every tracked
 * object, and a loop inside the async flush runs unoptimized.
 */
function joinRowChanges(uow: UnitOfWork): { added: JoinRowChange[]; removed: JoinRowChange[] } {
  const added = new Map<string, JoinRowChange>();
  const removed = new Map<string, JoinRowChange>();
  // Pairs are told apart by their objects, not their keys: objects this flush inserts have none yet.
  const numbers = new Map<object, number>();
  const numberOf = (object: object) => {
    let n = numbers.get(object);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(object, n);
    }
    return n;
  };
  const states = uow.states();
  for (let s = 0; s < states.length; s++) {
    const state = states[s];
    if (state.status === "deleted" || state.status === "detached") continue;
    const object = state.object;
    for (const rel of state.entity.relations) {
      if (rel.kind !== "many-to-many" || !isRelationLoaded(object, rel.property)) continue;
      const now = ((object as Row)[rel.property] as object[] | undefined) ?? [];
      const before = (state.relationBefore(rel.property) as object[] | undefined) ?? [];
      const owning = rel.owner ? rel : (rel.inverse as RelationMetadata);
      const pair = (other: object): JoinRowChange =>
        rel.owner ? { owner: object, target: other, relation: owning } : { owner: other, target: object, relation: owning };
      const id = (p: JoinRowChange) => `${owning.entity.name}.${owning.property}\u0000${numberOf(p.owner)}\u0000${numberOf(p.target)}`;
      const inBefore = membership(before);
      const inNow = membership(now);
      for (const other of now) if (!inBefore(other)) added.set(id(pair(other)), pair(other));
      for (const other of before) {
        if (inNow(other)) continue;
        const otherState = uow.stateOf(other);
        if (otherState?.status === "deleted") continue;
        removed.set(id(pair(other)), pair(other));
      }
    }
  }
  for (const id of [...added.keys()]) {
    if (!removed.has(id)) continue;
    added.delete(id);
    removed.delete(id);
  }
  return { added: [...added.values()], removed: [...removed.values()] };
}
