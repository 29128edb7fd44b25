import type { Connection } from "../../engine";
import type { EntityState } from "./entity-state";
import { FlushContext } from "./flush-context";
import { deleteMarked } from "./flush-deletes";
import { insertNew } from "./flush-inserts";
import { writeJoinRows } from "./flush-join-rows";
import { updateChanged, writeDeferredKeys } from "./flush-updates";
import { cascadeAndSync } from "./relation-sync";
import type { UnitOfWork } from "./unit-of-work";

/**
 * Write every pending change of a unit of work, in one transaction the
 * caller holds: cascades and both-sides sync first, then INSERTs in
 * foreign-key order (multi-row), keys that closed a cycle, UPDATEs of
 * changed columns, join rows, and DELETEs, dependents first.
 */
export async function flushUnitOfWork(uow: UnitOfWork, conn: Connection, engineKey: object): Promise<void> {
  cascadeAndSync(uow);
  const ctx = new FlushContext(uow, conn, engineKey);
  // One pass over the session, before anything is written: the rows to INSERT, to compare for UPDATEs, and to DELETE.
  // Rows this flush inserts are not compared: they hold exactly their snapshot afterwards (keys closing a cycle
  // are written by writeDeferredKeys), so comparing them would find nothing in 10k comparisons.
  const created: EntityState[] = [];
  const managed: EntityState[] = [];
  const deleted: EntityState[] = [];
  let relations = false;
  // Indexed loops over the session's states here and in the flush steps: this code runs once per flush, often
  // before it is optimized, and a for-of there allocates an iterator result per object.
  const states = uow.states();
  for (let i = 0; i < states.length; i++) {
    const state = states[i];
    const status = state.status;
    if (status === "new") created.push(state);
    else if (status === "managed") managed.push(state);
    else if (status === "deleted") deleted.push(state);
    if (state.entity.relations.length > 0) relations = true;
  }
  const deferred = await insertNew(ctx, conn, created);
  await writeDeferredKeys(ctx, conn, deferred);
  await updateChanged(ctx, conn, managed);
  if (relations) await writeJoinRows(ctx, conn);
  await deleteMarked(ctx, conn, deleted);
  if (!relations) return;
  const after = uow.states();
  for (let i = 0; i < after.length; i++) {
    const state = after[i];
    if (state.status === "managed" && state.entity.relations.length > 0) uow.snapshotRelations(state.object, state);
  }
}
