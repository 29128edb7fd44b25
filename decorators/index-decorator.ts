import { type EntityClass, type IndexOptions, recordIndex } from "../lib/metadata";

/** An index over one or more properties, on the class: `@Index(["ownerId", "status"], { unique: true })`. */
export function Index(properties: readonly string[], options: IndexOptions = {}): ClassDecorator {
  if (!Array.isArray(properties) || properties.length === 0) throw new TypeError("@Index needs a non-empty list of property names.");
  return (target) => recordIndex(target as unknown as EntityClass, { properties: [...properties], options });
}
