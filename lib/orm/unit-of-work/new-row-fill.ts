import { randomUUID } from "node:crypto";
import type { EntityMetadata } from "../../metadata";
import type { EntityState } from "./entity-state";

/**
 * What Strata fills in on a new object before its INSERT (uuid keys,
 * timestamps, the first version, value defaults), and the record of what
 * the object held before, which a rollback puts back.
 */

type Row = Record<string, unknown>;

/** What prepareNew does to one column of a new row. */
type Fill = "uuid" | "createdAt" | "updatedAt" | "version" | "default";

/** The columns prepareNew touches, and the properties whose pre-insert value it keeps: worked out once per entity. */
export interface NewRowPlan {
  readonly fills: readonly { readonly property: string; readonly fill: Fill; readonly value?: unknown }[];
  /** Identity keys and foreign keys: a rollback puts back the values they had before the flush wrote them. */
  readonly kept: readonly string[];
  /**
   * Pre-insert records of objects whose recorded properties were all
   * undefined (the usual new object), by the set of fills that applied: one
   * Map shared by all such objects (a rollback only reads it; it is never
   * changed) rather than a Map per object.
   */
  readonly shared: Map<number, Map<string, unknown>>;
  /** The usual case of prepareNew, generated for the entity (see sharedFillOf); undefined when it has too many fills. */
  readonly fillShared?: SharedFill;
}

/**
 * Fills a new object whose recorded properties are all undefined and
 * returns the mask of the fills that applied; returns -1, having changed
 * nothing, when a recorded property holds a value (prepareNew then records
 * it in a Map of the object's own).
 */
type SharedFill = (object: object, nowMs: number) => number;

const newRowPlans = new WeakMap<EntityMetadata, NewRowPlan>();

/** Fills tracked in a bit mask at most; an entity with more records a Map per object. */
const MAX_SHARED_FILLS = 30;

export function newRowPlan(entity: EntityMetadata): NewRowPlan {
  let plan = newRowPlans.get(entity);
  if (plan) return plan;
  const fills: { property: string; fill: Fill; value?: unknown }[] = [];
  for (const c of entity.columns) {
    if (c.property === undefined) continue;
    if (c.generated === "uuid") fills.push({ property: c.property, fill: "uuid" });
    else if (c.role === "createdAt") fills.push({ property: c.property, fill: "createdAt" });
    else if (c.role === "updatedAt") fills.push({ property: c.property, fill: "updatedAt" });
    else if (c.role === "version") fills.push({ property: c.property, fill: "version" });
    else if (c.default?.kind === "value") fills.push({ property: c.property, fill: "default", value: c.default.value });
  }
  const kept: string[] = [];
  for (const c of entity.primaryKeys) if (c.generated === "identity") kept.push(c.property as string);
  for (const c of entity.columns) if (c.relationProperty && c.property) kept.push(c.property);
  const fillShared = fills.length <= MAX_SHARED_FILLS ? sharedFillOf(fills, kept) : undefined;
  plan = { fills, kept, shared: new Map(), ...(fillShared ? { fillShared } : {}) };
  newRowPlans.set(entity, plan);
  return plan;
}

/**
 * prepareNew's usual case as code generated once per entity, like the
 * hydrators: `if (o["createdAt"] === undefined) ...` with property names the
 * engine knows, rather than keyed reads and writes by names held in the plan
 * (it runs for every new object of a flush). All checks come before any
 * write, so a -1 leaves the object as it was.
 */
function sharedFillOf(fills: NewRowPlan["fills"], kept: readonly string[]): SharedFill {
  const checks: string[] = [];
  const writes: string[] = [];
  fills.forEach(({ property, fill }, i) => {
    const p = JSON.stringify(property);
    const bit = 2 ** i;
    if (fill === "updatedAt") {
      checks.push(`if (o[${p}] !== undefined) return -1; mask |= ${bit};`);
      writes.push(`o[${p}] = new Date(nowMs);`);
    } else if (fill === "default") {
      checks.push(`if (o[${p}] === undefined) mask |= ${bit};`);
      writes.push(`if (mask & ${bit}) o[${p}] = defaults[${i}];`);
    } else {
      // uuid, createdAt and version fill null too, but a recorded null needs a Map of the object's own.
      checks.push(`v = o[${p}]; if (v === null) return -1; if (v === undefined) mask |= ${bit};`);
      const made = fill === "uuid" ? "randomUUID()" : fill === "createdAt" ? "new Date(nowMs)" : "1";
      writes.push(`if (mask & ${bit}) o[${p}] = ${made};`);
    }
  });
  for (const property of kept) {
    const filled = fills.findIndex((f) => f.property === property);
    // A kept property that is also filled is undefined exactly when its fill applied.
    checks.push(filled >= 0 ? `if (!(mask & ${2 ** filled})) return -1;` : `if (o[${JSON.stringify(property)}] !== undefined) return -1;`);
  }
  const body = `let mask = 0; let v; ${checks.join(" ")} ${writes.join(" ")} return mask;`;
  const make = new Function("defaults", "randomUUID", `return function fillShared(o, nowMs) { ${body} };`);
  return make(
    fills.map((f) => f.value),
    randomUUID,
  ) as SharedFill;
}

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
