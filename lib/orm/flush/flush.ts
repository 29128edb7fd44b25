import type { Dialect } from "../../dialects";
import type { Connection } from "../../engine";
import type { EntityMetadata } from "../../metadata";
import type { EntityState } from "../unit-of-work/entity-state";
import { cascadeAndSync } from "../unit-of-work/relation-sync";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";
import { FlushContext } from "./flush-context";
import { deleteMarked } from "./flush-deletes";
import { insertNew } from "./flush-inserts";
import { writeJoinRows } from "./flush-join-rows";
import { updateChanged, writeDeferredKeys } from "./flush-updates";

/**
 * Write every pending change of a unit of work, in one transaction: cascades
 * and both-sides sync first, then INSERTs in foreign-key order (multi-row),
 * keys that closed a cycle, UPDATEs of changed columns, join rows, and
 * DELETEs, dependents first. `connect` gives the transaction's connection,
 * and is called only once there is something to write: a flush that finds
 * no change begins no transaction.
 */
export async function flushUnitOfWork(
  uow: UnitOfWork,
  connect: () => Promise<Connection>,
  dialect: Dialect,
  engineKey: object,
): Promise<void> {
  cascadeAndSync(uow);
  const ctx = new FlushContext(uow, connect, dialect, engineKey, uow.metadata.insertOrder);
  const { created, managed, deleted, relations } = sortStates(uow);
  const deferred = await insertNew(ctx, created);
  await writeDeferredKeys(ctx, deferred);
  await updateChanged(ctx, managed);
  if (relations) await writeJoinRows(ctx);
  await deleteMarked(ctx, deleted);
  if (relations) snapshotAllRelations(uow);
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

function snapshotAllRelations(uow: UnitOfWork): void {
  const states = uow.states();
  for (let i = 0; i < states.length; i++) {
    const state = states[i];
    if (state.status === "managed" && state.entity.relations.length > 0) uow.snapshotRelations(state.object, state);
  }
}
