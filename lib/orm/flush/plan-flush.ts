import type { EntityMetadata } from "../../metadata";
import type { EntityState } from "../unit-of-work/entity-state";
import type { ChangeSet, JoinRowChange, RowChange } from "./change-set";

/*
 * The second stage of a flush: the order a change set is written in.
 */

type Row = Record<string, unknown>;

/** One step of a flush, in the order the steps run; each is written by one emitter. */
export type FlushStep =
  | { readonly kind: "insert"; readonly entity: EntityMetadata; readonly states: EntityState[] }
  | { readonly kind: "deferredKeys" }
  | { readonly kind: "update"; readonly changes: readonly RowChange[] }
  | { readonly kind: "joinRows"; readonly added: readonly JoinRowChange[]; readonly removed: readonly JoinRowChange[] }
  | { readonly kind: "delete"; readonly entity: EntityMetadata; readonly states: EntityState[] };

/**
 * The steps of a flush: INSERTs entity by entity in foreign-key order
 * (`order`, referenced tables first; an entity that references itself in
 * waves, parents before children), then the foreign keys that closed a
 * cycle, the UPDATEs, the join rows, and the DELETEs, dependents first.
 */
export function planFlush(changes: ChangeSet, order: readonly EntityMetadata[]): FlushStep[] {
  const steps: FlushStep[] = [];
  const inserts = changes.insertStates;
  if (inserts.size > 0) {
    for (const entity of order) {
      const states = inserts.get(entity);
      if (!states) continue;
      for (const wave of inWaves(entity, states)) steps.push({ kind: "insert", entity, states: wave });
    }
    steps.push({ kind: "deferredKeys" });
  }
  if (changes.rowChanges.length > 0) steps.push({ kind: "update", changes: changes.rowChanges });
  if (changes.joinRowsAdded.length > 0 || changes.joinRowsRemoved.length > 0) {
    steps.push({ kind: "joinRows", added: changes.joinRowsAdded, removed: changes.joinRowsRemoved });
  }
  const deletes = changes.deleteStates;
  if (deletes.size > 0) {
    for (let e = order.length - 1; e >= 0; e--) {
      const states = deletes.get(order[e]);
      if (states) steps.push({ kind: "delete", entity: order[e], states });
    }
  }
  return steps;
}

/** New objects of one entity (their states) in an order where each self-referencing parent comes before its children. */
function inWaves(entity: EntityMetadata, states: EntityState[]): EntityState[][] {
  const selfRelations = entity.relations.filter((r) => r.owner && !r.many && r.target === entity);
  if (selfRelations.length === 0) return [states];
  const waves: EntityState[][] = [];
  const pending = new Map(states.map((s) => [s.object, s]));
  while (pending.size > 0) {
    const wave = [...pending.values()].filter((s) =>
      selfRelations.every((r) => {
        const parent = (s.object as Row)[r.property];
        return !parent || typeof parent !== "object" || !pending.has(parent as object) || parent === s.object;
      }),
    );
    const next = wave.length > 0 ? wave : [...pending.values()];
    for (const s of next) pending.delete(s.object);
    waves.push(next);
  }
  return waves;
}
