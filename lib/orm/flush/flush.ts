import type { Connection } from "../../engine";
import { snapshotRelations } from "../unit-of-work/relation-snapshots";
import { cascadeAndSync } from "../unit-of-work/relation-sync";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";
import type { ChangeSet } from "./change-set";
import { computeChangeSet } from "./compute-changes";
import { emitDeletes } from "./emit-deletes";
import { emitInserts } from "./emit-inserts";
import { emitJoinRows } from "./emit-join-rows";
import { emitDeferredKeys, emitUpdates } from "./emit-updates";
import { FlushContext } from "./flush-context";
import { type FlushStep, planFlush } from "./plan-flush";

/**
 * Write every pending change of a unit of work, in one transaction, in three
 * stages, each a module of its own: compute the change set (after cascades
 * and both-sides sync: compute-changes.ts), order it (plan-flush.ts), emit
 * it (emit-*.ts: multi-row INSERTs in foreign-key order, keys that closed a
 * cycle, UPDATEs of the changed columns, join rows, DELETEs dependents
 * first). `connect` gives the transaction's connection and is called only
 * once there is something to write: a flush that finds no change begins no
 * transaction. Returns the change set it wrote.
 */
export async function flushUnitOfWork(uow: UnitOfWork, connect: () => Promise<Connection>): Promise<ChangeSet> {
  cascadeAndSync(uow);
  const changes = computeChangeSet(uow);
  if (changes.isEmpty) return changes;
  const ctx = new FlushContext(uow, connect, uow.mappings.dialect, uow.metadata.insertOrder);
  for (const step of planFlush(changes, uow.metadata.insertOrder)) await emit(ctx, step);
  if (changes.relations) snapshotAllRelations(uow);
  return changes;
}

function emit(ctx: FlushContext, step: FlushStep): Promise<void> {
  switch (step.kind) {
    case "insert":
      return emitInserts(ctx, step.entity, step.states);
    case "deferredKeys":
      return emitDeferredKeys(ctx);
    case "update":
      return emitUpdates(ctx, step.changes);
    case "joinRows":
      return emitJoinRows(ctx, step.added, step.removed);
    case "delete":
      return emitDeletes(ctx, step.entity, step.states);
  }
}

function snapshotAllRelations(uow: UnitOfWork): void {
  const states = uow.states();
  for (let i = 0; i < states.length; i++) {
    const state = states[i];
    if (state.status === "managed" && state.entity.relations.length > 0) snapshotRelations(state.object, state);
  }
}
