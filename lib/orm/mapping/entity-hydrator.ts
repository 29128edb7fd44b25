import type { Decoder, DriverColumn, TypeCodec } from "../../dialects";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { hasComparableForm, toComparable } from "./comparable-value";
import { hydratedPrototypeOf } from "./hydrated-prototype";
import { reserveStateSlot } from "./state-slot";

/**
 * Turns one driver row (an array) into an entity instance. When `snapshot` is
 * given, the value of every column (foreign keys without a property included)
 * is also written to it, in column order and in its comparable form (see
 * toComparable), as the session's snapshot of the row. It may be the row
 * itself: each column is read before any is written.
 */
export type Hydrator = (row: readonly unknown[], snapshot?: unknown[]) => object;

const cache = new WeakMap<EntityMetadata, Map<string, Hydrator>>();

/** A property name that can follow a dot in generated code. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const decoderIds = new WeakMap<Decoder, number>();
let nextDecoderId = 1;

function decoderId(d: Decoder | undefined): number {
  if (!d) return 0;
  let id = decoderIds.get(d);
  if (id === undefined) {
    id = nextDecoderId++;
    decoderIds.set(d, id);
  }
  return id;
}

/**
 * A hydrator for one entity and one result shape (which columns, at which
 * positions, with which decoders), generated once and cached: loading a row
 * is a prototype link plus plain property writes. No constructor runs, no
 * metadata is consulted per row. Foreign-key columns without a property of
 * their own are not written to the instance.
 */
export function entityHydrator(
  entity: EntityMetadata,
  columns: readonly ColumnMetadata[],
  driverColumns: readonly DriverColumn[],
  codec: TypeCodec,
  exactIntegers: boolean,
  offset = 0,
  /** Relations the caller sets on every instance, in this order, before anyone reads them (see hydratedPrototypeOf). */
  setByLoader: readonly string[] = [],
): Hydrator {
  const decoders = columns.map((c, i) => codec.decoderFor(c.type, driverColumns[offset + i] ?? { name: c.name }, exactIntegers));
  const signature = `${setByLoader.join(",")}|${offset}|${columns.map((c, i) => `${c.name}:${decoderId(decoders[i])}`).join(",")}`;
  let byShape = cache.get(entity);
  if (!byShape) {
    byShape = new Map();
    cache.set(entity, byShape);
  }
  const cached = byShape.get(signature);
  if (cached) return cached;
  const reads: string[] = [];
  const params: string[] = [];
  const writes: string[] = [];
  // Snapshot writes: into the row itself (offset 0, same width) only where the value changed, else every column.
  const inPlace: string[] = [];
  const copies: string[] = [];
  columns.forEach((c, i) => {
    const at = `r[${offset + i}]`;
    reads.push(`const v${i} = ${decoders[i] ? `${at} === null ? null : d[${i}](${at})` : at};`);
    if (c.property !== undefined) {
      params.push(`v${i}`);
      writes.push(IDENTIFIER.test(c.property) ? `this.${c.property} = v${i};` : `this[${JSON.stringify(c.property)}] = v${i};`);
    }
    const copy = `s[${i}] = ${comparableCode(c, i)};`;
    copies.push(copy);
    if (decoders[i] || hasComparableForm(c.type)) inPlace.push(copy);
  });
  const snapshotWrites = offset === 0 ? `if (s === r) { ${inPlace.join(" ")} } else { ${copies.join(" ")} }` : copies.join(" ");
  // The instance is made by a constructor that reserves the session's slot and writes every property, rather
  // than Object.create(P) and writes: the engine then sizes instances to hold them in the object itself, with no
  // separate property store grown step by step for each of 10k loaded rows, and the slot is part of every
  // instance's layout rather than a step added to each one later. It has P as its prototype and runs nothing of
  // the entity's class.
  const body = `${reads.join(" ")} const o = new Instance(${params.join(", ")}); if (s !== undefined) { ${snapshotWrites} } return o;`;
  const prototype = hydratedPrototypeOf(entity, setByLoader);
  const { hydrate, Instance } = new Function(
    "d",
    "P",
    "S",
    "C",
    "T",
    `function Instance(${params.join(", ")}) { S(this); ${writes.join(" ")} } Instance.prototype = P; return { Instance, hydrate: function hydrate(r, s) { ${body} } };`,
  )(
    decoders,
    prototype,
    reserveStateSlot,
    toComparable,
    columns.map((c) => c.type),
  ) as { hydrate: Hydrator; Instance: new () => object };
  byShape.set(signature, hydrate);
  keptLayouts.set(hydrate, layoutExemplars(Instance, entity, setByLoader));
  return hydrate;
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
  return hasComparableForm(column.type) ? `C(${value}, T[${i}])` : value;
}

/**
 * For each hydrator, objects with no data that keep its instances' layouts
 * alive, and with them the code optimized for those (see keepLayoutOf): an
 * instance as the hydrator makes it, one per relation set on it the way a
 * load sets one, and one with every relation its loader sets, in order.
 * Here rather than in keepLayoutOf, so that they go with the hydrator (and
 * its engine's metadata).
 */
const keptLayouts = new WeakMap<Hydrator, object[]>();

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
