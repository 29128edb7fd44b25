import { RelationNotLoadedError } from "../../errors";
import type { EntityMetadata } from "../../metadata";

/** The descriptor of a relation set on an instance: an ordinary own data property. */
const OWN_VALUE: PropertyDescriptor = { value: undefined, writable: true, enumerable: true, configurable: true };

/**
 * The prototype of entities Strata loads (EntityMapping.prototype()): it
 * sits between the instance and the class's own prototype (so `instanceof`
 * and methods work) and holds one accessor per relation, but those a loader
 * sets on every instance itself (`omitted`: setting them is then a plain
 * property store rather than a defineProperty per object). Reading a
 * relation that was never set throws RelationNotLoadedError; setting it (by
 * a loader or by user code) puts an ordinary own property on the instance,
 * which then shadows the accessor. Unloaded relations are thus not own
 * properties: Object.keys, JSON.stringify and class-transformer do not see
 * them. The user's class is left untouched, so objects made with `new`
 * behave as plain objects.
 */
export function buildHydratedPrototype(entity: EntityMetadata, omitted: readonly string[]): object {
  const proto = Object.create(entity.target.prototype) as object;
  for (const relation of entity.relations) {
    if (omitted.includes(relation.property)) continue;
    Object.defineProperty(proto, relation.property, {
      configurable: true,
      enumerable: false,
      get() {
        throw new RelationNotLoadedError(entity.name, relation.property);
      },
      set(value: unknown) {
        // One descriptor object for every call (defineProperty copies it): loading 10k children sets 10k relations.
        OWN_VALUE.value = value;
        try {
          Object.defineProperty(this, relation.property, OWN_VALUE);
        } finally {
          OWN_VALUE.value = undefined;
        }
      },
    });
  }
  return proto;
}

/** Whether a relation of a loaded entity holds a value (was loaded or set). */
export function isRelationLoaded(instance: object, property: string): boolean {
  return Object.hasOwn(instance, property);
}
