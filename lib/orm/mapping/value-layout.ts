import type { EntityMetadata } from "../../metadata";
import { generateFunction, readProperty } from "../../util/code-generator";

/** Writes the value of every plain property column (its own property, no relation behind it) into `values`, by column index. */
export type PropertyReader = (object: object, values: unknown[]) => void;

/** How the current values of an object are read (EntityMapping.valueLayout): a generated reader for plain columns, and the columns that need a look at relations or the snapshot. */
export interface ValueLayout {
  readonly readProperties: PropertyReader;
  readonly others: readonly number[];
}

/**
 * Generated once per entity, like the hydrators: `v[0] = o.title; ...` with
 * property names known to the engine, so each read is a plain load rather
 * than a keyed lookup by a name held in metadata (which runs for every
 * column of every object a flush looks at).
 */
export function buildValueLayout(entity: EntityMetadata): ValueLayout {
  const reads: string[] = [];
  const others: number[] = [];
  entity.columns.forEach((c, i) => {
    if (c.relationProperty === undefined && c.property !== undefined) reads.push(`v[${i}] = ${readProperty("o", c.property)};`);
    else others.push(i);
  });
  const readProperties = generateFunction<PropertyReader>({
    name: `read${entity.name}Properties`,
    lines: ["return function readProperties(o, v) {", ...reads, "};"],
  });
  return { readProperties, others };
}
