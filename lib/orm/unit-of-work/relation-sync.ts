import { UsageError } from "../../errors";
import type { RelationMetadata } from "../../metadata";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import type { EntityState } from "./entity-state";
import { relationChanged } from "./relation-snapshots";
import type { UnitOfWork } from "./unit-of-work";

type Row = Record<string, unknown>;

function asArray(value: unknown): object[] {
  return Array.isArray(value) ? (value as object[]) : [];
}

/** Put `item` into a loaded collection (a new object's undefined collection starts as an array). */
function addTo(owner: object, property: string, item: object): void {
  if (!isRelationLoaded(owner, property)) return;
  const current = (owner as Row)[property];
  if (current === undefined || current === null) (owner as Row)[property] = [item];
  else if (Array.isArray(current) && !current.includes(item)) current.push(item);
}

function removeFrom(owner: object, property: string, item: object): void {
  if (!isRelationLoaded(owner, property)) return;
  const current = (owner as Row)[property];
  if (Array.isArray(current)) {
    const at = current.indexOf(item);
    if (at >= 0) current.splice(at, 1);
  }
}

/** Set a to-one relation, where it is loaded or on a new object; never loads anything. */
function setOne(owner: object, property: string, value: unknown, force: boolean): void {
  if (force || isRelationLoaded(owner, property)) (owner as Row)[property] = value;
}

/**
 * Before a flush: follow every loaded relation of every tracked object, add
 * related new objects where cascade persist allows (refuse otherwise), make
 * both sides of each changed relation agree in memory, and mark orphans and
 * cascaded removals for deletion.
 */
export function cascadeAndSync(uow: UnitOfWork): void {
  // One pass over the session (10,000 new objects are common): what is marked for deletion, and what has relations to follow.
  const deleted: object[] = [];
  const deletedStates: EntityState[] = [];
  let queue: object[] = [];
  const states = uow.states();
  for (let i = 0; i < states.length; i++) {
    const state = states[i];
    const object = state.object;
    if (state.status === "deleted") {
      deleted.push(object);
      deletedStates.push(state);
    } else if (state.status === "new" || state.status === "managed") {
      if (state.entity.relations.length > 0) queue.push(object);
    }
  }
  // Removals cascade first: a child deleted with its parent must not count as referring to a deleted object.
  if (deleted.length > 0) {
    for (let i = 0; i < deleted.length; i++) cascadeRemove(uow, deleted[i], deletedStates[i]);
    queue = queue.filter((o) => {
      const status = uow.stateOf(o)?.status;
      return status === "new" || status === "managed";
    });
  }
  let orphaned = false;
  const seen = new Set<object>();
  // An index, not shift(): shifting a queue of 10,000 objects is quadratic.
  for (let next = 0; next < queue.length; next++) {
    const object = queue[next];
    if (seen.has(object)) continue;
    seen.add(object);
    const state = uow.stateOf(object) as EntityState;
    for (const rel of state.entity.relations) {
      if (!isRelationLoaded(object, rel.property)) continue;
      const value = (object as Row)[rel.property];
      const changed = relationChanged(object, state, rel);
      const related = rel.many ? asArray(value) : value && typeof value === "object" ? [value as object] : [];
      for (const target of related) {
        const targetState = uow.stateOf(target);
        if (!targetState || targetState.status === "detached") {
          if (!rel.cascadePersist) {
            throw new UsageError(
              `${state.entity.name}.${rel.property} refers to a ${rel.target.name} that is not in the session; add it with session.add(), or enable cascade on the relation.`,
            );
          }
          uow.trackNew(target);
          queue.push(target);
        } else if (targetState.status === "deleted" && state.status !== "deleted") {
          throw new UsageError(
            `${state.entity.name}.${rel.property} refers to a ${rel.target.name} that is marked for deletion; remove the reference or keep the object.`,
          );
        }
      }
      if (changed && syncInverse(uow, object, state, rel, value)) orphaned = true;
    }
  }
  // Orphans marked while syncing take their own cascading children along (the rest cascaded above).
  if (orphaned) {
    for (const state of uow.states().slice()) {
      if (state.status === "deleted") cascadeRemove(uow, state.object, state);
    }
  }
}

/** Membership test for a collection: a Set once the collection is big enough for includes() to turn quadratic. */
export function membership(items: readonly object[]): (item: object) => boolean {
  if (items.length <= 16) return (item) => items.includes(item);
  const set = new Set(items);
  return (item) => set.has(item);
}

/** Make the other side of a changed relation agree; returns whether an orphan was marked for deletion. */
function syncInverse(uow: UnitOfWork, object: object, state: EntityState, rel: RelationMetadata, value: unknown): boolean {
  const inverse = rel.inverse;
  const before = state.relationBefore(rel.property);
  let orphaned = false;
  if (rel.many) {
    const now = asArray(value);
    const was = asArray(before);
    const inWas = membership(was);
    const inNow = membership(now);
    for (const child of now) {
      if (inWas(child) || !inverse) continue;
      if (rel.kind === "one-to-many") setOne(child, inverse.property, object, uow.stateOf(child)?.status === "new");
      else addTo(child, inverse.property, object);
    }
    for (const child of was) {
      if (inNow(child)) continue;
      if (rel.kind === "one-to-many" && inverse) {
        const childState = uow.stateOf(child);
        if (rel.orphanRemoval && childState && childState.status === "managed") {
          childState.status = "deleted";
          orphaned = true;
        } else if (isRelationLoaded(child, inverse.property) && (child as Row)[inverse.property] === object)
          (child as Row)[inverse.property] = null;
        else if (!isRelationLoaded(child, inverse.property)) (child as Row)[inverse.property] = null;
      } else if (inverse) removeFrom(child, inverse.property, object);
    }
    return orphaned;
  }
  if (!inverse) return false;
  if (before && typeof before === "object" && before !== value) {
    if (inverse.many) removeFrom(before, inverse.property, object);
    else if (isRelationLoaded(before, inverse.property) && (before as Row)[inverse.property] === object) {
      (before as Row)[inverse.property] = null;
      if (rel.orphanRemoval) {
        const beforeState = uow.stateOf(before);
        if (beforeState?.status === "managed") {
          beforeState.status = "deleted";
          orphaned = true;
        }
      }
    }
  }
  if (value && typeof value === "object") {
    if (inverse.many) addTo(value, inverse.property, object);
    else setOne(value, inverse.property, object, uow.stateOf(value)?.status === "new");
  }
  return orphaned;
}

/** Removal flows along loaded relations marked cascade remove (unloaded ones are left to the foreign key's ON DELETE). */
function cascadeRemove(uow: UnitOfWork, object: object, state: EntityState): void {
  const relations = state.entity.relations;
  // Indexed: this runs for every deleted object, and a for-of allocates an iterator even over no relations.
  for (let r = 0; r < relations.length; r++) {
    const rel = relations[r];
    if (!rel.cascadeRemove || !isRelationLoaded(object, rel.property) || rel.kind === "many-to-many") continue;
    const value = (object as Row)[rel.property];
    for (const target of rel.many ? asArray(value) : value && typeof value === "object" ? [value as object] : []) {
      const targetState = uow.stateOf(target);
      if (targetState && targetState.status === "managed") {
        targetState.status = "deleted";
        cascadeRemove(uow, target, targetState);
      } else if (targetState && targetState.status === "new") uow.forget(target);
    }
  }
}
