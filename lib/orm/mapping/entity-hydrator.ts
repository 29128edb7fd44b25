import type { Decoder } from "../../dialects";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { generateFunction, writeProperty } from "../../util/code-generator";
import { hasComparableForm, toComparable } from "./comparable-value";
import { reserveStateSlot } from "./state-slot";

/**
 * Turns one driver row (an array) into an entity instance. When `snapshot` is
 * given, the value of every column (foreign keys without a property included)
 * is also written to it, in column order and in its comparable form (see
 * toComparable), as the session's snapshot of the row. It may be the row
 * itself: each column is read before any is written.
 */
export type Hydrator = (row: readonly unknown[], snapshot?: unknown[]) => object;

/** A hydrator, and instances of its layouts to keep alive with it (see keepLayoutOf). */
export interface GeneratedHydrator {
  readonly hydrate: Hydrator;
  readonly exemplars: readonly object[];
}

/**
 * The hydrator of one entity for one result shape (which columns, at which
 * positions, with which decoders), generated once per shape by its
 * EntityMapping: loading a row is a prototype link plus plain property
 * writes. No constructor of the entity's class runs, no metadata is
 * consulted per row. Foreign-key columns without a property of their own are
 * not written to the instance.
 *
 * The instance is made by a generated constructor that reserves the
 * session's slot and writes every property, rather than Object.create(P) and
 * writes: the engine then sizes instances to hold them in the object itself,
 * with no separate property store grown step by step for each of 10k loaded
 * rows, and the slot is part of every instance's layout rather than a step
 * added to each one later. It has `prototype` as its prototype.
 */
export function generateHydrator(
  entity: EntityMetadata,
  columns: readonly ColumnMetadata[],
  decoders: readonly (Decoder | undefined)[],
  offset: number,
  prototype: object,
  /** Relations the caller sets on every instance, in this order, before anyone reads them (see EntityMapping.prototype). */
  setByLoader: readonly string[],
): GeneratedHydrator {
  const reads: string[] = [];
  const params: string[] = [];
  const writes: string[] = [];
  // Snapshot writes: into the row itself (offset 0, same width) only where the value changed, else every column.
  const inPlace: string[] = [];
  const copies: string[] = [];
  columns.forEach((c, i) => {
    const at = `r[${offset + i}]`;
    reads.push(`const v${i} = ${decoders[i] ? `${at} === null ? null : decoders[${i}](${at})` : at};`);
    if (c.property !== undefined) {
      params.push(`v${i}`);
      writes.push(writeProperty("this", c.property, `v${i}`));
    }
    const copy = `s[${i}] = ${comparableCode(c, i)};`;
    copies.push(copy);
    if (decoders[i] || hasComparableForm(c.type)) inPlace.push(copy);
  });
  const snapshotWrites = offset === 0 ? ["if (s === r) {", ...inPlace, "} else {", ...copies, "}"] : copies;
  const { hydrate, Instance } = generateFunction<{ hydrate: Hydrator; Instance: new () => object }>({
    name: `hydrate${entity.name}`,
    context: { decoders, prototype, reserveStateSlot, toComparable, types: columns.map((c) => c.type) },
    lines: [
      `function Instance(${params.join(", ")}) {`,
      "reserveStateSlot(this);",
      ...writes,
      "}",
      "Instance.prototype = prototype;",
      "function hydrate(r, s) {",
      ...reads,
      `const o = new Instance(${params.join(", ")});`,
      "if (s !== undefined) {",
      ...snapshotWrites,
      "}",
      "return o;",
      "}",
      "return { Instance, hydrate };",
    ],
  });
  return { hydrate, exemplars: layoutExemplars(Instance, entity, setByLoader) };
}

/**
 * The snapshot form of a decoded value, as code: instants become their time
 * inline (the common case, with no call per row), the other types with a
 * comparable form go through toComparable, the rest are the value itself.
 */
function comparableCode(column: ColumnMetadata, i: number): string {
  const value = `v${i}`;
  const kind = column.type.kind;
  if (kind === "datetime" || kind === "timestamptz") return `${value} instanceof Date ? ${value}.getTime() : ${value}`;
  return hasComparableForm(column.type) ? `toComparable(${value}, types[${i}])` : value;
}

/**
 * Objects with no data that keep a hydrator's instance layouts alive, and
 * with them the code optimized for those (see keepLayoutOf): an instance as
 * the hydrator makes it, one per relation set on it the way a load sets
 * one, and one with every relation its loader sets, in order. Kept by the
 * EntityMapping beside its hydrator, so they go with the engine's metadata.
 */
function layoutExemplars(Instance: new () => object, entity: EntityMetadata, setByLoader: readonly string[]): object[] {
  const exemplars = [new Instance()];
  for (const relation of entity.relations) {
    const withRelation = new Instance() as Record<string, unknown>;
    withRelation[relation.property] = null;
    exemplars.push(withRelation);
  }
  if (setByLoader.length > 1) {
    const loaded = new Instance() as Record<string, unknown>;
    for (const property of setByLoader) loaded[property] = null;
    exemplars.push(loaded);
  }
  return exemplars;
}
