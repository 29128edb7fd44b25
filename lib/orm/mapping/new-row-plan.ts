import { randomUUID } from "node:crypto";
import type { EntityMetadata } from "../../metadata";
import { generateFunction, literal, readProperty, writeProperty } from "../../util/code-generator";

/**
 * What Strata fills in on a new object before its INSERT (uuid keys,
 * timestamps, the first version, value defaults), worked out once per
 * entity (EntityMapping.newRows); prepareNew (unit-of-work/new-row-fill.ts)
 * applies it and records what the object held before, for a rollback.
 */

/** What prepareNew does to one column of a new row. */
export type Fill = "uuid" | "createdAt" | "updatedAt" | "version" | "default";

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

/** Fills tracked in a bit mask at most; an entity with more records a Map per object. */
export const MAX_SHARED_FILLS = 30;

export function buildNewRowPlan(entity: EntityMetadata): NewRowPlan {
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
  const fillShared = fills.length <= MAX_SHARED_FILLS ? sharedFillOf(entity.name, fills, kept) : undefined;
  return { fills, kept, shared: new Map(), ...(fillShared ? { fillShared } : {}) };
}

/**
 * prepareNew's usual case as code generated once per entity, like the
 * hydrators: `if (o.createdAt === undefined) ...` with property names the
 * engine knows, rather than keyed reads and writes by names held in the plan
 * (it runs for every new object of a flush). All checks come before any
 * write, so a -1 leaves the object as it was.
 */
function sharedFillOf(entityName: string, fills: NewRowPlan["fills"], kept: readonly string[]): SharedFill {
  const checks: string[] = [];
  const writes: string[] = [];
  fills.forEach(({ property, fill }, i) => {
    const read = readProperty("o", property);
    const bit = 2 ** i;
    if (fill === "updatedAt") {
      checks.push(`if (${read} !== undefined) return -1;`, `mask |= ${bit};`);
      writes.push(writeProperty("o", property, "new Date(nowMs)"));
    } else if (fill === "default") {
      checks.push(`if (${read} === undefined) mask |= ${bit};`);
      writes.push(`if (mask & ${bit}) ${writeProperty("o", property, `defaults[${i}]`)}`);
    } else {
      // uuid, createdAt and version fill null too, but a recorded null needs a Map of the object's own.
      const made = fill === "uuid" ? "randomUUID()" : fill === "createdAt" ? "new Date(nowMs)" : "1";
      checks.push(`v = ${read};`, "if (v === null) return -1;", `if (v === undefined) mask |= ${bit};`);
      writes.push(`if (mask & ${bit}) ${writeProperty("o", property, made)}`);
    }
  });
  for (const property of kept) {
    const filled = fills.findIndex((f) => f.property === property);
    // A kept property that is also filled is undefined exactly when its fill applied.
    checks.push(filled >= 0 ? `if (!(mask & ${2 ** filled})) return -1;` : `if (${readProperty("o", property)} !== undefined) return -1;`);
  }
  return generateFunction<SharedFill>({
    name: `fill${entityName}`,
    context: { defaults: fills.map((f) => f.value), randomUUID },
    lines: [
      `// Fills a new ${literal(entityName)} whose recorded properties are all undefined; -1 (nothing written) otherwise.`,
      "return function fillShared(o, nowMs) {",
      "let mask = 0;",
      "let v;",
      ...checks,
      ...writes,
      "return mask;",
      "};",
    ],
  });
}
