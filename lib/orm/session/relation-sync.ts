import { UsageError } from "../../errors";
import type { RelationMetadata } from "../../metadata";
import { isRelationLoaded } from "../hydration/hydrated-prototype";
import type { EntityState } from "./entity-state";
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
  // Removals cascade first: a child deleted with its parent must not count as referring to a deleted object.
  for (const [object, state] of [...uow.entries()]) {
    if (state.status === "deleted") cascadeRemove(uow, object, state);
  }
  const queue: object[] = [];
  for (const [object, state] of uow.entries()) if (state.status === "new" || state.status === "managed") queue.push(object);
  const seen = new Set<object>();
  while (queue.length > 0) {
    const object = queue.shift() as object;
    if (seen.has(object)) continue;
    seen.add(object);
    const state = uow.stateOf(object) as EntityState;
    for (const rel of state.entity.relations) {
      if (!isRelationLoaded(object, rel.property)) continue;
      const value = (object as Row)[rel.property];
      const changed = uow.relationChanged(object, state, rel);
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
      if (changed) syncInverse(uow, object, state, rel, value);
    }
  }
  // Orphans marked while syncing take their own cascading children along.
  for (const [object, state] of [...uow.entries()]) {
    if (state.status === "deleted") cascadeRemove(uow, object, state);
  }
}

function syncInverse(uow: UnitOfWork, object: object, state: EntityState, rel: RelationMetadata, value: unknown): void {
  const inverse = rel.inverse;
  const before = state.relations.get(rel.property);
  if (rel.many) {
    const now = asArray(value);
    const was = asArray(before);
    for (const child of now) {
      if (was.includes(child) || !inverse) continue;
      if (rel.kind === "one-to-many") setOne(child, inverse.property, object, uow.stateOf(child)?.status === "new");
      else addTo(child, inverse.property, object);
    }
    for (const child of was) {
      if (now.includes(child)) continue;
      if (rel.kind === "one-to-many" && inverse) {
        const childState = uow.stateOf(child);
        if (rel.orphanRemoval && childState && childState.status === "managed") childState.status = "deleted";
        else if (isRelationLoaded(child, inverse.property) && (child as Row)[inverse.property] === object)
          (child as Row)[inverse.property] = null;
        else if (!isRelationLoaded(child, inverse.property)) (child as Row)[inverse.property] = null;
      } else if (inverse) removeFrom(child, inverse.property, object);
    }
    return;
  }
  if (!inverse) return;
  if (before && typeof before === "object" && before !== value) {
    if (inverse.many) removeFrom(before, inverse.property, object);
    else if (isRelationLoaded(before, inverse.property) && (before as Row)[inverse.property] === object) {
      (before as Row)[inverse.property] = null;
      if (rel.orphanRemoval) {
        const beforeState = uow.stateOf(before);
        if (beforeState?.status === "managed") beforeState.status = "deleted";
      }
    }
  }
  if (value && typeof value === "object") {
    if (inverse.many) addTo(value, inverse.property, object);
    else setOne(value, inverse.property, object, uow.stateOf(value)?.status === "new");
  }
}

/** Removal flows along loaded relations marked cascade remove (unloaded ones are left to the foreign key's ON DELETE). */
function cascadeRemove(uow: UnitOfWork, object: object, state: EntityState): void {
  for (const rel of state.entity.relations) {
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
