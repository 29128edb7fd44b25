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
  // Rows this flush inserts hold exactly their snapshot afterwards (keys closing a cycle are written by
  // writeDeferredKeys), so comparing them for UPDATEs would find nothing: 10k needless comparisons.
  const insertedNow = new Set<EntityState>();
  for (const state of uow.allStates()) if (state.status === "new") insertedNow.add(state);
  const deferred = await insertNew(ctx, conn);
  await writeDeferredKeys(ctx, conn, deferred);
  // One pass over the objects once the new ones are inserted: the rows to compare for UPDATEs, and those to DELETE.
  const managed: [object, EntityState][] = [];
  const deleted: EntityState[] = [];
  for (const entry of uow.entries()) {
    const status = entry[1].status;
    if (status === "managed") {
      if (!insertedNow.has(entry[1])) managed.push(entry);
    } else if (status === "deleted") deleted.push(entry[1]);
  }
  await updateChanged(ctx, conn, managed);
  await writeJoinRows(ctx, conn);
  await deleteMarked(ctx, conn, deleted);
  for (const [object, state] of uow.entries()) {
    if (state.status === "managed" && state.entity.relations.length > 0) uow.snapshotRelations(object, state);
  }
}
