import type { Connection } from "../../engine";
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
  const deferred = await insertNew(ctx, conn);
  await writeDeferredKeys(ctx, conn, deferred);
  await updateChanged(ctx, conn);
  await writeJoinRows(ctx, conn);
  await deleteMarked(ctx, conn);
  for (const [object, state] of uow.entries()) if (state.status === "managed") uow.snapshotRelations(object, state);
}
