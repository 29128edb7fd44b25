import { randomUUID } from "node:crypto";
import { MAX_SHARED_FILLS, type NewRowPlan } from "../mapping/new-row-plan";
import type { EntityState } from "./entity-state";

/**
 * Fill in what Strata generates for a new object before its INSERT (uuid
 * keys, timestamps, the first version, value defaults: its mapping's
 * NewRowPlan), and record what the object held before, which a rollback
 * puts back.
 */

type Row = Record<string, unknown>;

/** The shared record for objects where exactly the fills in `mask` applied and every recorded value was undefined. */
function sharedRecord(plan: NewRowPlan, mask: number): Map<string, unknown> {
  let record = plan.shared.get(mask);
  if (!record) {
    record = new Map();
    for (let i = 0; i < plan.fills.length; i++) if (mask & (1 << i)) record.set(plan.fills[i].property, undefined);
    for (const property of plan.kept) record.set(property, undefined);
    plan.shared.set(mask, record);
  }
  return record;
}

/** Fill what Strata generates for a new row before it is inserted: uuid keys, timestamps, version, value defaults. */
export function prepareNew(plan: NewRowPlan, object: object, state: EntityState, now: Date): void {
  if (state.preInsert === undefined && plan.fillShared) {
    const mask = plan.fillShared(object, now.getTime());
    if (mask >= 0) {
      state.preInsert = sharedRecord(plan, mask);
      return;
    }
  }
  const row = object as Row;
  const fills = plan.fills;
  const kept = plan.kept;
  const record = state.preInsert === undefined;
  // Shared while every value recorded is undefined; a Map of its own from the first one that is not.
  let shareable = record && fills.length <= MAX_SHARED_FILLS;
  let mask = 0;
  let before: Map<string, unknown> | undefined;
  for (let i = 0; i < fills.length; i++) {
    const { property, fill, value: defaultValue } = fills[i];
    const value = row[property];
    let next: unknown;
    // Timestamps get a Date of their own per object: one shared instance changed in place would change every row stamped with it.
    if (fill === "updatedAt") next = new Date(now.getTime());
    else if (fill === "default") {
      if (value !== undefined) continue;
      next = defaultValue;
    } else if (value != null) continue;
    else next = fill === "uuid" ? randomUUID() : fill === "createdAt" ? new Date(now.getTime()) : 1;
    if (record) {
      if (shareable && value !== undefined) {
        shareable = false;
        before = new Map();
        for (let j = 0; j < i; j++) if (mask & (1 << j)) before.set(fills[j].property, undefined);
      }
      if (shareable) mask |= 1 << i;
      else before ??= new Map();
      if (before && !before.has(property)) before.set(property, value);
    }
    row[property] = next;
  }
  if (!record) return;
  if (shareable) {
    for (let i = 0; i < kept.length; i++) {
      if (row[kept[i]] !== undefined && !fillApplied(plan, mask, kept[i])) {
        shareable = false;
        before = new Map();
        for (let j = 0; j < fills.length; j++) if (mask & (1 << j)) before.set(fills[j].property, undefined);
        break;
      }
    }
  }
  if (shareable) {
    state.preInsert = sharedRecord(plan, mask);
    return;
  }
  const own = before ?? new Map<string, unknown>();
  for (const property of kept) if (!own.has(property)) own.set(property, row[property]);
  state.preInsert = own;
}

/** Whether the fill of this property applied (its bit is in the mask). */
function fillApplied(plan: NewRowPlan, mask: number, property: string): boolean {
  for (let i = 0; i < plan.fills.length; i++) if (plan.fills[i].property === property) return (mask & (1 << i)) !== 0;
  return false;
}
