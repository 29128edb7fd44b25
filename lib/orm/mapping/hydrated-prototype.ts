import { RelationNotLoadedError } from "../../errors";
import type { EntityMetadata } from "../../metadata";

const prototypes = new WeakMap<EntityMetadata, object>();

/** The descriptor of a relation set on an instance: an ordinary own data property. */
const OWN_VALUE: PropertyDescriptor = { value: undefined, writable: true, enumerable: true, configurable: true };

/**
 * The prototype of entities Strata loads: it sits between the instance and
 * the class's own prototype (so `instanceof` and methods work) and holds one
 * accessor per relation. Reading a relation that was never set throws
 * RelationNotLoadedError; setting it (by a loader or by user code) puts an
 * ordinary own property on the instance, which then shadows the accessor.
 * Unloaded relations are thus not own properties: Object.keys, JSON.stringify
 * and class-transformer do not see them. The user's class is left untouched,
 * so objects made with `new` behave as plain objects.
 */
export function hydratedPrototypeOf(entity: EntityMetadata, setByLoader?: readonly string[]): object {
  if (setByLoader !== undefined && setByLoader.length > 0) return loaderPrototypeOf(entity, setByLoader);
  let proto = prototypes.get(entity);
  if (proto) return proto;
  proto = prototypeWithout(entity, []);
  prototypes.set(entity, proto);
  return proto;
}

const loaderPrototypes = new WeakMap<EntityMetadata, Map<string, object>>();

/**
 * The prototype of instances a loader hydrates knowing it sets these
 * relations on every one of them before the load returns (the to-one back
 * to the parent of a select-in load, the relations a query loads select-in
 * on its roots): they have no accessor, so setting them is a plain property
 * store rather than a defineProperty per object. Should the load fail first,
 * restoreRelationAccessors puts its objects back on the full prototype.
 */
function loaderPrototypeOf(entity: EntityMetadata, setByLoader: readonly string[]): object {
  let byRelations = loaderPrototypes.get(entity);
  if (!byRelations) {
    byRelations = new Map();
    loaderPrototypes.set(entity, byRelations);
  }
  const name = setByLoader.join(",");
  let proto = byRelations.get(name);
  if (!proto) {
    proto = prototypeWithout(entity, setByLoader);
    byRelations.set(name, proto);
  }
  return proto;
}

/**
 * A load failed before setting every relation it was to set on the objects
 * it hydrated without their accessors: those objects get the prototype with
 * every accessor back, so reading a relation the load did not set raises
 * RelationNotLoadedError rather than giving undefined. Values it did set are
 * own properties and stay.
 */
export function restoreRelationAccessors(entity: EntityMetadata, objects: readonly object[]): void {
  const partial = loaderPrototypes.get(entity);
  if (!partial) return;
  const withLoaderPrototype = new Set(partial.values());
  const full = hydratedPrototypeOf(entity);
  for (const object of objects) if (withLoaderPrototype.has(Object.getPrototypeOf(object))) Object.setPrototypeOf(object, full);
}

function prototypeWithout(entity: EntityMetadata, omitted: readonly string[]): object {
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
