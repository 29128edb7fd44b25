import { InvalidValueError, UsageError } from "../../errors";
import { columnRecordsOf, type EntityClass, relationRecordsOf } from "../../metadata";
import { describeValue } from "../../sql";

/** Keys never copied, whatever the class maps: they would replace the object's prototype or class. */
const NEVER_COPIED: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A new instance of an entity class (no constructor arguments, so field
 * initialisers run) with the mapped properties of `values` copied onto it:
 * its columns and relations as the decorators declared them, read from the
 * decorator registry, so no engine is needed yet. Other keys are ignored,
 * `__proto__` above all: `create(JSON.parse('{"__proto__": ...}'))` keeps
 * a real instance of the class, unlike Object.assign.
 */
export function createEntity<T>(entity: EntityClass<T>, values: unknown, caller: string): T {
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    throw new InvalidValueError(`${caller} takes an object of property values, such as { id: 1 }, got ${describeValue(values)}.`);
  }
  const mapped = new Set<string>();
  for (const c of columnRecordsOf(entity)) mapped.add(c.property);
  for (const r of relationRecordsOf(entity)) mapped.add(r.property);
  if (mapped.size === 0) {
    throw new UsageError(
      `${caller}: ${entity.name} maps no properties; decorate it with @Table() and its properties with @Column() and friends.`,
    );
  }
  const object = new (entity as new () => T)();
  const source = values as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (mapped.has(key) && !NEVER_COPIED.has(key)) (object as Record<string, unknown>)[key] = source[key];
  }
  return object;
}
